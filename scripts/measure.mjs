// Measures the release build of DNS Lab: what it costs to download and how fast it feels in
// headless Chromium. A measurement, not a test: every figure is printed, none is judged, and
// the script exits 0 whatever the numbers are. It exits 1 only when the app could not be
// measured at all (no build, Chromium missing, the page threw, a wait timed out).
//
//   node scripts/measure.mjs [DIST_DIR]        (scripts/measure.sh builds first if needed)
//
// DIST_DIR defaults to dist/ at the repository root. Environment: CHROMIUM_BIN (default
// /usr/bin/chromium, as scripts/env.sh sets it), MEASURE_RUNS (page loads; default 5),
// MEASURE_QUERY (the name to step through; default the query the page opens with).
//
// The browser is driven exactly as tests/e2e/journeys.mjs drives it (same static server, same
// Chromium flags, a fresh --user-data-dir), so the figures describe the app the journeys test.
// Times are taken with performance.now() inside the page, so they leave out Playwright's own
// round trips to the browser; they end when the DOM has changed, before the frame is painted.

import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, serveStatic } from '../tests/e2e/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] ?? process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const RUNS = Math.max(2, Number(process.env.MEASURE_RUNS ?? 5) || 5);
const QUERY = process.env.MEASURE_QUERY ?? null;
// How long any single wait may take before the app counts as not measurable.
const TIMEOUT_MS = 30_000;
// The transfer budget from the project's plans: all wasm, JS and CSS together, gzip -9.
// Shown beside the total for information only. KB here is 1024 bytes.
const BUDGET_GZIP_BYTES = 300 * 1024;

// Selectors the measurements wait for (the ones the journeys use).
const GRAPH_ZONE = '#graph g.zone';
const TEST_ZONE_LABEL = '#graph g.zone[data-apex="test."] .zone-label';
const TEST_ZONE_TEXT = '.zone-inspector[data-apex="test."] #zone-text';
const MISSING_GLUE = '#diagnostics li.finding[data-kind="MissingGlue"]';
// The glue for example.test.'s in-domain name servers, as written in test.'s zone text.
const GLUE_LINE = /^ns[12]\.example\s/;


/** Thrown for anything that stops the measurement; main() prints it and exits 1. */
class CannotMeasure extends Error {}

// ---------------------------------------------------------------------------------------------
// Small helpers: statistics and plain-text tables.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x == null ? 'n/a' : `${x.toFixed(1)} ms`);
const bytes = (n) => n.toLocaleString('en-US');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Prints a heading and rows as aligned columns (first column left, the rest right). */
function table(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`\n== ${title}`);
  console.log(line(all[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of all.slice(1)) console.log(line(r));
}

// ---------------------------------------------------------------------------------------------
// (1) Transfer size: what a first visit downloads, raw and as gzip -9 would send it.

async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    // Trunk puts wasm-bindgen snippets in subdirectories: walk them too.
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

async function measureSizes() {
  const files = (await listFiles(DIST)).filter((f) => /\.(wasm|m?js|css)$/.test(f));
  if (!files.some((f) => f.endsWith('.wasm'))) throw new CannotMeasure(`no .wasm file in ${DIST}`);
  const rows = [];
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const body = await readFile(path.join(DIST, file));
    const size = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += size;
    rows.push([file, bytes(body.length), bytes(size), kb(size)]);
  }
  rows.push(['total', bytes(raw), bytes(gz), kb(gz)]);
  table('Transfer size (wasm, JS, CSS; gzip -9 via node:zlib)', ['file', 'bytes', 'gzip bytes', 'gzip'], rows);
  const share = ((100 * gz) / BUDGET_GZIP_BYTES).toFixed(0);
  console.log(`budget (information only): total gzip <= ${kb(BUDGET_GZIP_BYTES)}; now ${kb(gz)}, ${share}% of it`);
}

// ---------------------------------------------------------------------------------------------
// In-page timing. These functions are serialised into the page, so they use only the DOM.

/**
 * Installed before any of the page's scripts run (page.addInitScript): records, in
 * performance.now() time (milliseconds since navigation start), the first moment the graph
 * has a zone in the DOM. A MutationObserver reacts to the insertion itself, so a poll
 * interval adds nothing to the figure.
 */
function recordFirstZone(selector) {
  const seen = () => {
    if (window.__measureFirstZone === undefined && document.querySelector(selector)) {
      window.__measureFirstZone = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Clicks `button` (element.click(), dispatched synchronously in the page) and resolves with
 * the milliseconds until `selector` is present, absent, or has text other than `text`,
 * checked after every DOM mutation. Timing inside the page keeps Playwright's actionability
 * checks and CDP round trips out of the figure.
 */
function clickAndTime({ button, until, selector, text, timeoutMs }) {
  const holds = () => {
    const el = document.querySelector(selector);
    if (until === 'present') return el !== null;
    if (until === 'absent') return el === null;
    return el !== null && el.textContent !== text; // 'changed'
  };
  return new Promise((resolve, reject) => {
    const el = document.querySelector(button);
    if (!el) return reject(new Error(`${button} not found`));
    let t0;
    const finish = () => {
      if (!holds()) return;
      const elapsed = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timer);
      resolve(elapsed);
    };
    const observer = new MutationObserver(finish);
    observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${selector} not ${until} within ${timeoutMs} ms of clicking ${button}`));
    }, timeoutMs);
    t0 = performance.now();
    el.click();
    // The app may have updated synchronously, inside the click handler.
    finish();
  });
}

// ---------------------------------------------------------------------------------------------
// (2)-(4) The browser measurements.

/**
 * Opens a new tab on the app. Returns the page and a promise that rejects if the page throws
 * (the app would never mount after that), so waits can fail fast instead of timing out.
 */
async function openPage(context, url, problems) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  // A page error (say, the wasm failed to load) ends the wait for the graph at once.
  const errored = new Promise((_, reject) =>
    page.on('pageerror', (error) => {
      problems.push(`page error: ${error.message}`);
      reject(new CannotMeasure(`the page threw: ${error.message}`));
    }),
  );
  errored.catch(() => {});
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  await page.addInitScript(recordFirstZone, GRAPH_ZONE);
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response?.ok()) throw new CannotMeasure(`GET ${url} answered ${response?.status()}`);
  return { page, errored };
}

/** Waits for the first zone in the graph; returns the page's own navigation figures. */
async function firstRender({ page, errored }) {
  const drawn = page.waitForFunction(() => window.__measureFirstZone !== undefined, null, { timeout: TIMEOUT_MS });
  await Promise.race([drawn, errored]).catch((e) => {
    throw e instanceof CannotMeasure ? e : new CannotMeasure(`the graph did not draw a zone within ${TIMEOUT_MS} ms`);
  });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    return {
      graph: window.__measureFirstZone,
      domContentLoaded: nav?.domContentLoadedEventEnd,
      load: nav?.loadEventEnd,
      wasmFetched: wasm?.responseEnd,
    };
  });
}

/** Steps the resolution to its end, timing each click of #step-forward. */
async function measureSteps(page) {
  if (QUERY) {
    await page.fill('#query-name', QUERY);
    await page.press('#query-name', 'Enter');
  }
  await page.waitForSelector('#step-forward:not([disabled])');
  const query = await page.inputValue('#query-name');
  const times = [];
  while (!(await page.locator('#step-forward').isDisabled())) {
    if (times.length >= 200) throw new CannotMeasure('the resolution did not end within 200 steps');
    const text = await page.locator('#step-status').textContent();
    const wait = { button: '#step-forward', until: 'changed', selector: '#step-status', text };
    times.push(
      await page
        .evaluate(clickAndTime, { ...wait, timeoutMs: TIMEOUT_MS })
        .catch((e) => {
          throw new CannotMeasure(`step ${times.length + 1}: ${e.message}`);
        }),
    );
  }
  if (times.length === 0) throw new CannotMeasure('#step-forward was never enabled');
  const status = (await page.locator('#step-status').textContent())?.trim();
  return { query, times, status };
}

/**
 * Times a zone edit through to the graph and diagnostics: removes the glue for example.test.
 * from test. and applies it (until the MissingGlue finding is listed), then puts the text back
 * (until the finding is gone). Repeated so the figure is not one sample.
 */
async function measureEdits(page, rounds) {
  await page.click(TEST_ZONE_LABEL);
  await page.waitForSelector(TEST_ZONE_TEXT);
  const original = await page.inputValue('#zone-text');
  const broken = original
    .split('\n')
    .filter((line) => !GLUE_LINE.test(line))
    .join('\n');
  if (broken === original) throw new CannotMeasure('test. has no ns1.example/ns2.example lines to remove');
  const apply = async (text, until, what) => {
    await page.fill('#zone-text', text);
    return page
      .evaluate(clickAndTime, { button: '#zone-apply', until, selector: MISSING_GLUE, timeoutMs: TIMEOUT_MS })
      .catch((e) => {
        throw new CannotMeasure(`${what}: ${e.message}`);
      });
  };
  const breaking = [];
  const mending = [];
  for (let i = 0; i < rounds; i += 1) {
    breaking.push(await apply(broken, 'present', 'removing the glue'));
    mending.push(await apply(original, 'absent', 'putting the glue back'));
  }
  return { breaking, mending };
}

async function chromiumVersion(context, page) {
  // A persistent context has no Browser object in every Playwright version: fall back to the
  // user agent, which names the same version.
  const fromBrowser = context.browser()?.version();
  if (fromBrowser) return fromBrowser;
  const ua = await page.evaluate(() => navigator.userAgent);
  return ua.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? ua;
}

async function measureBrowser() {
  const server = await serveStatic(DIST);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-measure-'));
  const problems = [];
  let context;
  try {
    context = await chromium
      .launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
      .catch((e) => {
        throw new CannotMeasure(`could not start Chromium at ${CHROMIUM}: ${e.message.split('\n')[0]}`);
      });
    // The persistent context opens with a blank tab; close it so every load is a new tab.
    for (const p of context.pages()) await p.close();

    // (2) First render: RUNS loads, each in a new tab. The first is cold (Chromium has just
    // started); the rest are warm (browser process running, but no HTTP cache: no-store).
    const loads = [];
    let page;
    for (let i = 0; i < RUNS; i += 1) {
      await page?.close();
      const opened = await openPage(context, url, problems);
      page = opened.page;
      loads.push(await firstRender(opened));
    }
    const version = await chromiumVersion(context, page);
    const viewport = page.viewportSize();
    console.log(`\nChromium: ${version} (${CHROMIUM}, headless, viewport ${viewport?.width}x${viewport?.height})`);

    const row = (label, pick) => {
      const warm = loads.slice(1).map(pick);
      return [label, ms(pick(loads[0])), ms(median(warm)), ms(Math.min(...warm)), ms(Math.max(...warm))];
    };
    table(
      `First render: navigation start to "${GRAPH_ZONE}" in the DOM (${RUNS} loads, new tab each)`,
      ['milestone', 'cold (1st)', `warm median (${RUNS - 1})`, 'warm min', 'warm max'],
      [
        row('DOMContentLoaded', (t) => t.domContentLoaded),
        row('load event', (t) => t.load),
        row('wasm downloaded', (t) => t.wasmFetched),
        row('graph zones drawn', (t) => t.graph),
      ],
    );

    // (3) Resolution steps, on the last (warm) page as it opened.
    const steps = await measureSteps(page);
    table(
      `Resolution step: click #step-forward to #step-status changed (${steps.query}, ${steps.times.length} steps)`,
      ['figure', 'time'],
      [
        ['median', ms(median(steps.times))],
        ['max', ms(Math.max(...steps.times))],
        ['first step', ms(steps.times[0])],
        ['every step', steps.times.map((t) => t.toFixed(1)).join(' ')],
      ],
    );
    console.log(`final status: ${steps.status}`);

    // (4) A zone edit through to the graph and diagnostics.
    const edits = await measureEdits(page, RUNS);
    table(
      `Zone edit: click #zone-apply to the diagnostics updated (test. without glue for ns1/ns2.example; ${RUNS} rounds)`,
      ['edit', 'first', 'median', 'max'],
      [
        ['remove glue -> MissingGlue listed', ms(edits.breaking[0]), ms(median(edits.breaking)), ms(Math.max(...edits.breaking))],
        ['restore glue -> MissingGlue gone', ms(edits.mending[0]), ms(median(edits.mending)), ms(Math.max(...edits.mending))],
      ],
    );

    // Problems do not stop the measurement (the figures above were taken), but say so.
    if (problems.length) console.log(`\nwarning: the page reported problems:\n  ${problems.join('\n  ')}`);
  } finally {
    await context?.close().catch(() => {});
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }
}

async function main() {
  if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
    throw new CannotMeasure(`${path.join(DIST, 'index.html')} not found: build first (bash scripts/measure.sh builds)`);
  }
  const cpu = cpus();
  // Name the build relative to the repository when it is inside it, as given otherwise.
  const rel = path.relative(ROOT, DIST);
  console.log(`DNS Lab measurement of ${rel && !rel.startsWith('..') ? rel : DIST}`);
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}; node ${process.version}`);
  await measureSizes();
  await measureBrowser();
}

try {
  await main();
} catch (error) {
  console.error(`\nerror: the app could not be measured: ${error instanceof CannotMeasure ? error.message : error?.stack ?? error}`);
  process.exitCode = 1;
}
