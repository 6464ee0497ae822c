// Browser smoke test: serve the release build in dist/ on a loopback port, open it in headless
// Debian Chromium through playwright-core, and check that the app mounts and shows the default
// scenario. Run it after `trunk build --release` (scripts/test.sh does both).
//
//   node tests/e2e/smoke.mjs
//
// The expected content comes from the default scenario file (DEFAULT_SCENARIO below).
// Environment: CHROMIUM_BIN (default /usr/bin/chromium), DIST_DIR (default dist next to the
// repo root), SMOKE_SCREENSHOT (where to save a screenshot; default target/e2e/smoke.png).
// Prints one line per check and ends with "N passed, M failed"; exits 1 if any check failed.

import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, stat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The scenario the app opens with (what `sim::scenarios::default_scenario()` loads): the page
// must show its title and one list item per zone and per server.
const DEFAULT_SCENARIO = path.join(ROOT, 'src', 'sim', 'scenarios', 'default.json');
const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SCREENSHOT = process.env.SMOKE_SCREENSHOT ?? path.join(ROOT, 'target', 'e2e', 'smoke.png');
const TIMEOUT_MS = 30_000;

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
  '.txt': 'text/plain; charset=utf-8',
};

/** A static file server for `dir` on 127.0.0.1 and an ephemeral port. */
async function serveStatic(dir) {
  const server = createServer(async (req, res) => {
    try {
      const urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      let file = path.resolve(dir, '.' + urlPath);
      if (file !== dir && !file.startsWith(dir + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok - ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}\n  ${String(error?.message ?? error).split('\n').join('\n  ')}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
    throw new Error(`${DIST}/index.html not found: run \`trunk build --release\` first`);
  }
  const expected = JSON.parse(await readFile(DEFAULT_SCENARIO, 'utf8'));
  const server = await serveStatic(DIST);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-smoke-'));
  let context;
  const problems = [];
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT_MS);
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    // A page error (say, the wasm failed to load) ends every wait at once instead of at its
    // timeout: the app will not mount after that.
    let rejectOnPageError;
    const pageErrored = new Promise((_, reject) => (rejectOnPageError = reject));
    pageErrored.catch(() => {});
    page.on('pageerror', (error) => {
      problems.push(`page error: ${error.message}`);
      rejectOnPageError(new Error(`the page threw: ${error.message}`));
    });
    const waitFor = (selector) => Promise.race([page.waitForSelector(selector), pageErrored]);
    page.on('requestfailed', (req) =>
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
    );
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    });

    await check('the page loads and has a title', async () => {
      const response = await page.goto(url, { waitUntil: 'load' });
      assert(response?.ok(), `GET ${url} answered ${response?.status()}`);
      const title = await page.title();
      assert(title.includes('DNS Lab'), `document title is ${JSON.stringify(title)}`);
      const lang = await page.getAttribute('html', 'lang');
      assert(lang === 'en', `<html lang> is ${JSON.stringify(lang)}`);
    });

    await check('the app mounts: heading "DNS Lab"', async () => {
      await waitFor('h1');
      const text = (await page.locator('h1').textContent())?.trim();
      assert(text === 'DNS Lab', `h1 is ${JSON.stringify(text)}`);
    });

    await check('the default scenario is shown: title and description', async () => {
      await waitFor('#scenario-title');
      const text = (await page.locator('#scenario-title').textContent())?.trim();
      assert(
        text === expected.title,
        `scenario title is ${JSON.stringify(text)}, expected ${JSON.stringify(expected.title)}`,
      );
      const description = (await page.locator('#scenario-description').textContent())?.trim();
      assert(description, 'scenario description is empty');
    });

    await check('the zones list includes the root zone "."', async () => {
      await waitFor('#zones > li.zone');
      const apexes = await page.$$eval('#zones > li.zone .zone-apex', (els) =>
        els.map((el) => el.textContent.trim()),
      );
      assert(apexes.length > 0, 'no zones listed');
      assert(apexes.includes('.'), `zones listed: ${JSON.stringify(apexes)}`);
      assert(
        apexes.length === expected.zones.length,
        `${apexes.length} zones listed, the scenario has ${expected.zones.length}`,
      );
    });

    await check('the servers list shows hosts with addresses and zones', async () => {
      await waitFor('#servers > li.server');
      const servers = await page.$$eval('#servers > li.server', (els) =>
        els.map((el) => ({
          host: el.querySelector('.server-host')?.textContent.trim(),
          addresses: [...el.querySelectorAll('.address')].map((a) => a.textContent.trim()),
          zones: [...el.querySelectorAll('.server-zone')].map((z) => z.textContent.trim()),
          behaviour: el.querySelector('.behaviour')?.textContent.trim(),
        })),
      );
      assert(servers.length > 0, 'no servers listed');
      assert(
        servers.length === expected.servers.length,
        `${servers.length} servers listed, the scenario has ${expected.servers.length}`,
      );
      for (const s of servers) {
        assert(s.host, `a server without a host name: ${JSON.stringify(s)}`);
        assert(s.addresses.length > 0, `server ${s.host} shows no address`);
        assert(s.behaviour, `server ${s.host} shows no behaviour`);
      }
      assert(
        servers.some((s) => s.zones.includes('.')),
        `no server loads the root zone: ${JSON.stringify(servers)}`,
      );
    });

    await check('a screenshot can be taken', async () => {
      await mkdir(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    });

    await check('no console errors, page errors or failed requests', async () => {
      assert(problems.length === 0, problems.join('\n'));
    });
  } finally {
    await context?.close().catch(() => {});
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }
}

let fatal = null;
try {
  await main();
} catch (error) {
  fatal = error;
  console.log(`not ok - smoke test setup\n  ${error?.stack ?? error}`);
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed + (fatal ? 1 : 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
