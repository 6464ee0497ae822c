// What the browser journeys and scripts/measure.mjs share: a static server for a Trunk build
// and the flags headless Chromium needs here.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

// No sandbox (containers, root), no GPU, and nothing that makes Chromium talk to the network
// in the background.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` on 127.0.0.1 and an ephemeral port under the path `base` (a project site's
 * sub-path such as '/dns-lab/'; anything outside it is 404), and never outside `dir`. Like a
 * static host that has the build's precompressed copies, it sends FILE.br or FILE.gz when the
 * browser accepts that encoding. Every response says no-store, so every load fetches and
 * compiles the wasm again, as a first visit does (a service worker still keeps its own copies).
 * `server.setRoot(dir)` swaps what it serves, as a redeploy does; `server.refuse(pattern)`
 * answers 404 for matching paths, as a half-finished upload or a blocking filter would.
 */
export async function serveStatic(dir, { base = '/' } = {}) {
  let root = path.resolve(dir);
  let refused = null;
  const server = createServer(async (req, res) => {
    try {
      const urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (!urlPath.startsWith(base) || refused?.test(urlPath)) throw new Error('not served');
      let file = path.resolve(root, '.' + urlPath.slice(base.length - 1));
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
      const accepted = req.headers['accept-encoding'] ?? '';
      let body = await readFile(file);
      const headers = {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      };
      for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!accepted.includes(encoding)) continue;
        const compressed = await readFile(file + suffix).catch(() => null);
        if (compressed) {
          body = compressed;
          headers['content-encoding'] = encoding;
          headers.vary = 'accept-encoding';
          break;
        }
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  server.setRoot = (next) => {
    root = path.resolve(next);
  };
  server.refuse = (pattern) => {
    refused = pattern;
  };
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}
