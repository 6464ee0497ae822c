// "Ship it anywhere" journeys: the release build as a static host serves it, under a sub-path
// and with its precompressed copies, in headless Chromium through playwright-core.
//
// - every asset's name carries a content hash, and a second build with one stylesheet changed
//   renames that stylesheet and nothing else;
// - under /dns-lab/ every request stays under /dns-lab/;
// - when the wasm cannot load, or the browser has no WebAssembly, the page says so in words
//   instead of staying blank;
// - after one visit the app opens and steps a resolution with no network, signs a zone (the
//   cryptography is fetched on demand) and opens a scenario of the library (fetched on demand,
//   kept by the service worker); when the library cannot be fetched, the picker says why and
//   tries again;
// - after a redeploy the page offers "a new version is ready", and its reload brings the whole
//   new build, never a mix.
//
//   node tests/e2e/ship.mjs
//
// Run it after the two release builds that scripts/test.sh makes. Environment: DIST_DIR (the
// build; default dist), REDEPLOY_DIST_DIR (the same build with a changed stylesheet that
// defines --deploy-marker; default target/dist-redeploy), CHROMIUM_BIN, E2E_SCREENSHOTS.
// Prints one line per check and ends with "N passed, M failed"; exits 1 if any check failed.

import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { assert, check, summarize } from './harness.mjs';
import { appRunning, selectZone, ui } from './pages.mjs';
import { CHROMIUM_ARGS, serveStatic } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const REDEPLOY = path.resolve(process.env.REDEPLOY_DIST_DIR ?? path.join(ROOT, 'target', 'dist-redeploy'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? path.join(ROOT, 'target', 'e2e');
const BASE = '/dns-lab/';
const TIMEOUT_MS = 30_000;
// The files that keep their names: browsers and hosts look them up by name.
const STABLE_NAMES = new Set(['index.html', 'sw.js', 'manifest.webmanifest']);
// Trunk's content hash: a hex digest between the file's stem and its extension.
const HASHED = /-[0-9a-f]{6,16}(_bg)?\.[a-z]+$/;

async function buildFiles(dir) {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && !/\.(gz|br)$/.test(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

/** A fresh browser profile, with what went wrong on its pages collected in `problems`. */
async function openBrowser() {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-ship-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(TIMEOUT_MS);
  const problems = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (req) => requests.push(req.url()));
  page.on('requestfailed', (req) => {
    // A reload cancels what the page it leaves was still fetching (its icon, say): not a fault.
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const close = async () => {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  };
  return { context, page, problems, requests, close };
}

async function shot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** True when the element's box is inside the viewport and the topmost thing at its centre. */
async function inView(locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return el.contains(hit);
  });
}

async function graphDrawn(page) {
  await appRunning(page);
  return page.locator(ui.zones).count();
}

/** Opens a scenario of the library from the picker and waits for its world. */
async function openFromLibrary(page, id) {
  const before = await page.locator(ui.title).textContent();
  await page.click(ui.openPicker);
  await page.click(ui.openScenario(id));
  await page.waitForFunction(([title, before]) => document.querySelector(title)?.textContent !== before, [ui.title, before]);
  assert((await page.locator(ui.picker).count()) === 0, 'the picker stayed open');
}

async function stepOnce(page) {
  await page.waitForSelector(ui.stepForwardEnabled);
  const before = await page.locator(ui.stepStatus).textContent();
  await page.click(ui.stepForward);
  const after = await page.locator(ui.stepStatus).textContent();
  assert(after !== before, `Step changed nothing: the status still says ${JSON.stringify(after)}`);
  return after;
}

const deployMarker = (page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--deploy-marker').trim());

async function main() {
  const first = await buildFiles(DIST);
  const second = await buildFiles(REDEPLOY);
  assert(first.includes('index.html'), `${DIST}/index.html not found: run the release build first`);
  assert(second.includes('index.html'), `${REDEPLOY}/index.html not found: scripts/test.sh makes it`);

  await check('every asset name but the page, sw.js and the manifest carries a content hash', async () => {
    const unhashed = first.filter((name) => !STABLE_NAMES.has(name) && !HASHED.test(name));
    assert(unhashed.length === 0, `no content hash in ${unhashed.join(', ')}`);
    for (const name of STABLE_NAMES) assert(first.includes(name), `the build has no ${name}`);
  });

  await check('a build with one stylesheet changed renames that stylesheet and nothing else', async () => {
    const onlyFirst = first.filter((name) => !second.includes(name));
    const onlySecond = second.filter((name) => !first.includes(name));
    assert(
      onlyFirst.length === 1 && onlySecond.length === 1 && /^main-.*\.css$/.test(onlyFirst[0]) && /^main-.*\.css$/.test(onlySecond[0]),
      `names only in the first build: ${onlyFirst.join(', ') || 'none'}; only in the second: ${onlySecond.join(', ') || 'none'}`,
    );
    for (const name of ['index.html', 'sw.js']) {
      const [a, b] = await Promise.all([readFile(path.join(DIST, name)), readFile(path.join(REDEPLOY, name))]);
      assert(!a.equals(b), `${name} is the same in both builds: it must name the new stylesheet`);
    }
  });

  await check('each text and wasm file is also there as .gz and .br of the same bytes', async () => {
    for (const name of first.filter((n) => /\.(html|js|css|wasm|svg|webmanifest)$/.test(n))) {
      const body = await readFile(path.join(DIST, name));
      const gz = gunzipSync(await readFile(path.join(DIST, `${name}.gz`)));
      const br = brotliDecompressSync(await readFile(path.join(DIST, `${name}.br`)));
      assert(gz.equals(body) && br.equals(body), `${name}.gz or ${name}.br is not ${name}`);
    }
  });

  const server = await serveStatic(DIST, { base: BASE });
  const url = `http://127.0.0.1:${server.address().port}${BASE}`;
  try {
    await check('under a sub-path the app starts, and every request stays under it', async () => {
      const browser = await openBrowser();
      try {
        await browser.page.goto(url, { waitUntil: 'load' });
        const zones = await graphDrawn(browser.page);
        assert(zones > 0, 'no zone drawn');
        const outside = browser.requests.filter((r) => !r.startsWith(url) && !r.startsWith('data:') && !r.startsWith('blob:'));
        assert(outside.length === 0, `requests outside ${BASE}: ${outside.join(', ')}`);
        assert(browser.problems.length === 0, browser.problems.join('\n'));
      } finally {
        await browser.close();
      }
    });

    await check('when the wasm cannot load, the page says so in words, in view', async () => {
      server.refuse(/_bg\.wasm$/);
      const browser = await openBrowser();
      try {
        await browser.page.goto(url, { waitUntil: 'load' });
        const alert = browser.page.getByRole('alert');
        await alert.waitFor();
        const text = await alert.textContent();
        assert(/DNS Lab could not start/.test(text) && /WebAssembly module could not be loaded/.test(text),
          `the message says ${JSON.stringify(text)}`);
        assert(await inView(alert), 'the message is not in view');
        await shot(browser.page, 'ship-wasm-missing');
      } finally {
        server.refuse(null);
        await browser.close();
      }
    });

    await check('in a browser without WebAssembly, the page says it is too old', async () => {
      const browser = await openBrowser();
      try {
        await browser.page.addInitScript(() => {
          delete globalThis.WebAssembly;
        });
        await browser.page.goto(url, { waitUntil: 'load' });
        const alert = browser.page.getByRole('alert');
        await alert.waitFor();
        const text = await alert.textContent();
        assert(/too old for DNS Lab/.test(text), `the message says ${JSON.stringify(text)}`);
        assert(await inView(alert), 'the message is not in view');
      } finally {
        await browser.close();
      }
    });

    const browser = await openBrowser();
    try {
      const { context, page, problems } = browser;
      await check('after one visit the app opens offline, steps a resolution and signs a zone', async () => {
        await page.goto(url, { waitUntil: 'load' });
        await graphDrawn(page);
        // The worker is active only once it has stored every file of the build.
        await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
        await context.setOffline(true);
        try {
          await page.reload({ waitUntil: 'load' });
          const zones = await graphDrawn(page);
          assert(zones > 0, 'no zone drawn offline');
          const status = await stepOnce(page);
          assert(/step 1 of/i.test(status), `after one step offline the status says ${JSON.stringify(status)}`);
          await shot(page, 'ship-offline');
          // So is the cryptography (fetched when a zone is first signed): signing works offline.
          await selectZone(page, 'example.test.');
          await page.click(ui.signZone);
          await page.waitForFunction((s) => /KSK ECDSAP256SHA256 tag \d+/.test(document.querySelector(s)?.textContent ?? ''), ui.zoneKeys);
          // The library is fetched on demand; the worker keeps it too.
          await openFromLibrary(page, 'missing-glue');
        } finally {
          await context.setOffline(false);
        }
      });

      await check('when the library cannot be fetched, the picker says why and "Try again" recovers', async () => {
        const failing = await openBrowser();
        try {
          // A first visit: no worker answers yet, so this route sees the page's requests.
          await failing.page.route(/\/scenarios\//, (route) => route.abort());
          await failing.page.goto(url, { waitUntil: 'load' });
          await graphDrawn(failing.page);
          await failing.page.click(ui.openPicker);
          const alert = failing.page.getByRole('alert').filter({ hasText: 'The library could not be loaded' });
          await alert.waitFor();
          assert(await inView(alert), 'the failure is not in view');
          await failing.page.unroute(/\/scenarios\//);
          await failing.page.click(ui.pickerRetry);
          await failing.page.waitForSelector(ui.pickerEntry('missing-glue'));
        } finally {
          await failing.close();
        }
      });

      await check('the app can be installed: its manifest names it and an icon that exists', async () => {
        const manifest = await page.evaluate(async () => {
          const link = document.querySelector('link[rel="manifest"]');
          const response = await fetch(link.href);
          const json = await response.json();
          const icons = await Promise.all(json.icons.map(async (icon) => (await fetch(new URL(icon.src, link.href))).ok));
          return { json, icons };
        });
        assert(manifest.json.name?.includes('DNS Lab') && manifest.json.start_url === './', `manifest: ${JSON.stringify(manifest.json)}`);
        assert(manifest.icons.length > 0 && manifest.icons.every(Boolean), 'an icon of the manifest is missing');
      });

      await check('a redeploy is offered as "a new version is ready", and its reload brings the whole new build', async () => {
        assert((await deployMarker(page)) === '', 'the first build already has the second build\'s stylesheet');
        problems.length = 0; // what the offline reload logged is not this journey's
        server.setRoot(REDEPLOY);
        // The worker answers from the first build; the browser finds the new sw.js meanwhile.
        await page.reload({ waitUntil: 'load' });
        await graphDrawn(page);
        assert((await deployMarker(page)) === '', 'the old page was given the new stylesheet: a mix of builds');
        const banner = page.getByRole('status').filter({ hasText: 'A new version of DNS Lab is ready' });
        await banner.waitFor();
        assert(await inView(banner), 'the "new version" notice is not in view');
        await shot(page, 'ship-update-ready');
        await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload to update' }).click()]);
        await graphDrawn(page);
        assert((await deployMarker(page)) !== '', 'after the reload the page still has the old stylesheet');
        const stylesheets = await page.$$eval('link[rel="stylesheet"]', (links) => links.map((l) => l.getAttribute('href').replace(/^\.\//, '')));
        const stale = stylesheets.filter((href) => !second.includes(href));
        assert(stale.length === 0, `stylesheets not of the new build: ${stale.join(', ')}`);
        const caches = await page.evaluate(async () => (await caches.keys()).length);
        assert(caches === 1, `${caches} caches are left; the old build's should be gone`);
        await stepOnce(page);
        assert(problems.length === 0, problems.join('\n'));
      });
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
  }
}

// A failure to set up (no build, no browser) counts as one failed check.
await check('the journeys ran to their end (the build, the server and the browser were there)', main);
summarize();
