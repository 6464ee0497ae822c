// Trunk's post-build hook (Trunk.toml): finishes the static site in Trunk's staging folder.
//
// - index.html gets the app's first view, prerendered: `prerender first-view` renders the app
//   on the default scenario to HTML natively (src/ui/first_view.rs), in place of the
//   `<!-- first-view -->` marker, so the page shows the world before the wasm arrives;
// - scenarios/: the built-in library (`prerender library`), each scenario in a file named by
//   its content, and their index, which index.html names in <meta name="app-library">; the web
//   app fetches a scenario when a learner opens it (src/ui/library.rs); examples/: the zone
//   files some of them are built around (the real root zone), kept offline only once fetched;
// - the cryptography's two files (src/bin/dns-lab-crypto.rs), which Trunk names without a
//   hash, renamed by their content and named in <meta name="crypto-glue"> and
//   <meta name="crypto-wasm"> for the page to fetch when a zone is signed (src/ui/crypto.rs);
// - manifest.webmanifest, from assets/manifest.webmanifest with the icon's hashed file name,
//   so the app can be installed;
// - sw.js, the service worker (assets/sw.js) with the list of this build's files and a digest
//   of them in front, so that it changes whenever anything in the build changes; a debug build
//   (`trunk serve`) gets a worker that removes itself instead, so a developer never sees a
//   cached old build;
// - in a release build, each compressible file also as .gz and .br beside it, for static hosts
//   that serve precompressed files (the README's "Deploy" section).
//
// Trunk sets TRUNK_STAGING_DIR and TRUNK_PROFILE; `node scripts/post-build.mjs DIR [release]`
// runs it on a folder by hand.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
const release = (process.env.TRUNK_PROFILE ?? process.argv[3]) === 'release';
if (!staging) {
  console.error('usage: node scripts/post-build.mjs DIR [release]  (or run by Trunk)');
  process.exit(2);
}

const COMPRESSED = /\.(gz|br)$/;
const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|svg|json|webmanifest|txt|zone)$/;
const SERVICE_WORKER = 'sw.js';

function files(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

function writeManifest() {
  const icon = files(staging).find((name) => /^favicon(-[0-9a-f]+)?\.svg$/.test(name));
  if (!icon) throw new Error('post-build: no favicon*.svg in the build');
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'assets', 'manifest.webmanifest'), 'utf8'));
  for (const entry of manifest.icons) entry.src = icon;
  writeFileSync(path.join(staging, 'manifest.webmanifest'), `${JSON.stringify(manifest, null, 2)}\n`);
}

// Example files (the real root zone, 1.2 MB) are fetched only when a learner opens them, and
// the service worker keeps each once it has been fetched (assets/sw.js), not on install.
const EXAMPLES = 'examples';

// Every file the page may ask for, in a stable order; the page itself as './'.
function buildFiles() {
  return files(staging)
    .filter((name) => !COMPRESSED.test(name) && name !== SERVICE_WORKER && !name.startsWith(`${EXAMPLES}/`))
    .sort();
}

function writeServiceWorker() {
  const target = path.join(staging, SERVICE_WORKER);
  if (!release) {
    writeFileSync(target, `// A debug build keeps nothing offline: this removes any worker an earlier
// release build left on this address, and its caches, so every reload shows the latest build.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('dns-lab ')).map((name) => caches.delete(name))))
      .then(() => self.registration.unregister()),
  );
});
`);
    return;
  }
  const names = buildFiles();
  const digest = createHash('sha256');
  for (const name of names) {
    digest.update(`${name}\0`);
    digest.update(readFileSync(path.join(staging, name)));
  }
  const build = digest.digest('hex').slice(0, 16);
  const assets = names.map((name) => (name === 'index.html' ? './' : name));
  const template = readFileSync(path.join(ROOT, 'assets', SERVICE_WORKER), 'utf8');
  writeFileSync(
    target,
    `const BUILD = ${JSON.stringify(build)};\nconst ASSETS = ${JSON.stringify(assets)};\n\n${template}`,
  );
  console.log(`post-build: ${SERVICE_WORKER} for build ${build}, ${assets.length} files offline`);
}

function compress() {
  let count = 0;
  for (const name of files(staging)) {
    if (COMPRESSED.test(name) || !COMPRESSIBLE.test(name)) continue;
    const file = path.join(staging, name);
    const body = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    );
    count += 1;
  }
  console.log(`post-build: ${count} files precompressed (.gz, .br)`);
}

/** The digest that names a file by its content. */
const contentHash = (body) => createHash('sha256').update(body).digest('hex').slice(0, 16);

// Trunk names a module it builds as a worker by its binary alone, since a worker's script is
// named at run time; the page reads these names where the loader looks (assets/boot.js).
const CRYPTO = 'dns-lab-crypto';

function hashCryptoModule() {
  const hashed = (from) => {
    const ext = path.extname(from);
    const name = `${path.basename(from, ext)}-${contentHash(readFileSync(path.join(staging, from)))}${ext}`;
    renameSync(path.join(staging, from), path.join(staging, name));
    return name;
  };
  const glue = hashed(`${CRYPTO}.js`);
  const wasm = hashed(`${CRYPTO}_bg.wasm`);
  editPage((source) => source.replace('</head>', () => `  <meta name="crypto-glue" content="${glue}"><meta name="crypto-wasm" content="${wasm}">\n  </head>`));
  console.log(`post-build: the cryptography as ${glue} and ${wasm}`);
}

const FIRST_VIEW_MARKER = '<!-- first-view -->';

// The native renderer builds with the project's own (stable) toolchain and flags: the release
// build's nightly, its std rebuild and its flags are for the wasm only.
function prerender(what) {
  const env = { ...process.env };
  for (const name of ['RUSTUP_TOOLCHAIN', 'RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'CARGO_UNSTABLE_BUILD_STD', 'CARGO_BUILD_TARGET']) {
    delete env[name];
  }
  return execFileSync('cargo', ['run', '--quiet', '--locked', '--bin', 'prerender', '--', what], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

function editPage(edit) {
  const page = path.join(staging, 'index.html');
  writeFileSync(page, edit(readFileSync(page, 'utf8')));
}

function prerenderFirstView() {
  const html = prerender('first-view');
  if (!html.startsWith('<div id="first-view"')) throw new Error('post-build: prerender printed no first view');
  editPage((source) => {
    if (!source.includes(FIRST_VIEW_MARKER)) throw new Error(`post-build: index.html has no ${FIRST_VIEW_MARKER} marker`);
    return source.replace(FIRST_VIEW_MARKER, () => html);
  });
  console.log(`post-build: first view prerendered into index.html (${html.length} bytes)`);
}

const LIBRARY_META = '<meta name="app-library"';

/** `FOLDER/STEM-HASH.EXT`, named by its content like every other asset. */
function writeHashed(stem, text, folder = 'scenarios', ext = 'json') {
  mkdirSync(path.join(staging, folder), { recursive: true });
  const name = `${folder}/${stem}-${contentHash(text)}.${ext}`;
  writeFileSync(path.join(staging, name), text);
  return name;
}

function writeLibrary() {
  const index = JSON.parse(prerender('library')).map(({ json, root_zone_source: zone, ...entry }) => ({
    ...entry,
    file: writeHashed(entry.id, json),
    // The zone file a world is built around, published in examples/ (fetched on demand).
    ...(zone && {
      root_zone: writeHashed(path.basename(zone, '.zone'), readFileSync(path.join(ROOT, zone)), EXAMPLES, 'zone'),
    }),
  }));
  const name = writeHashed('index', `${JSON.stringify(index)}\n`);
  editPage((source) => {
    if (source.includes(LIBRARY_META)) throw new Error('post-build: index.html already names a library');
    return source.replace('</head>', () => `  ${LIBRARY_META} content="${name}">\n  </head>`);
  });
  console.log(`post-build: ${index.length} scenarios in scenarios/, ${name}`);
}

prerenderFirstView();
hashCryptoModule();
writeLibrary();
writeManifest();
writeServiceWorker();
if (release) compress();
