// Measures the release build of DNS Lab: what it costs to download and how fast it feels in
// headless Chromium, on two worlds: the default scenario, and a generated world of thousands of
// zones (`dns-lab generate --zones N`, imported through the toolbar's Import). A measurement,
// not a test: every figure is printed beside its budget, none is judged, and the script exits 0
// whatever the numbers are. It exits 1 only when the app could not be measured at all (no
// build, Chromium missing, the page threw, a wait timed out).
//
//   node scripts/measure.mjs [--quick] [DIST_DIR]     (scripts/measure.sh builds first)
//
// DIST_DIR defaults to dist/ at the repository root. --quick (or MEASURE_QUICK=1) takes the
// fewest samples that still exercise every measurement, so CI can run it in about a minute.
// Environment: CHROMIUM_BIN (default /usr/bin/chromium, as scripts/env.sh sets it),
// MEASURE_RUNS (page loads per world; default 5, quick 2), MEASURE_QUERY (the name to step
// through on the default scenario; default the query the page opens with),
// MEASURE_LARGE_SCENARIO (the generated scenario file; without it the large world is skipped;
// scripts/measure.sh makes one), MEASURE_LARGE_QUERY (default www.d5.tld5.), MEASURE_PROFILE=1
// (also run, under Chromium's sampling profiler, a reload of each world, the edits of each and
// the large world's steps, and print where the time went, by function; the release build's
// wasm has no function names, so use one that keeps them: scripts/measure.sh --profile),
// MEASURE_SIGN_RECORDS (the records of the zone signed in the page; default 10,000, quick
// 1,000), MEASURE_PROFILE_DIR
// (where to also save those profiles as .cpuprofile files, which Chromium's DevTools open).
//
// The browser is driven exactly as tests/e2e/journeys.mjs drives it (same static server, same
// Chromium flags, a fresh profile, the app's parts found by the same selectors of
// tests/e2e/pages.mjs), so the figures describe the app the journeys test.
// One more load of each world (the default scenario's first visit, the generated world's
// reload) is traced to count the wasm Chromium compiled before the first zone (a size, so it
// does not drift with the machine as the timings do).
//
// Times are taken with performance.now() inside the page, so they leave out Playwright's own
// round trips to the browser. Each interaction has two figures: "DOM" ends when the DOM shows
// the result (the app's own work), "painted" when the next frame with it has been drawn
// (a requestAnimationFrame and the task after it: style, layout and paint included).

import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, serveStatic } from '../tests/e2e/static-server.mjs';
import { median, table } from './report.mjs';
import { APP_GRAPH_ZONE, ask, ui } from '../tests/e2e/pages.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick') || ['1', 'true', 'yes'].includes(process.env.MEASURE_QUICK ?? '');
const positional = args.filter((a) => !a.startsWith('--'));
const DIST = path.resolve(positional[0] ?? process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const RUNS = Math.max(2, Number(process.env.MEASURE_RUNS ?? (QUICK ? 2 : 5)) || 5);
// Edit rounds per world (each removes the glue and puts it back).
const ROUNDS = QUICK ? 1 : RUNS;
const QUERY = process.env.MEASURE_QUERY ?? null;
const LARGE_SCENARIO = process.env.MEASURE_LARGE_SCENARIO ?? null;
const LARGE_QUERY = process.env.MEASURE_LARGE_QUERY ?? 'www.d5.tld5.';
// The size of the zone signed in the page (issue "DNSSEC I" asks for 10,000 records).
const SIGN_RECORDS = Number(process.env.MEASURE_SIGN_RECORDS ?? (QUICK ? 1_000 : 10_000)) || 10_000;
const PROFILE = ['1', 'true', 'yes'].includes(process.env.MEASURE_PROFILE ?? '');
const PROFILE_DIR = process.env.MEASURE_PROFILE_DIR ?? null;
// How long any single wait may take before the app counts as not measurable.
const TIMEOUT_MS = 60_000;
// The page budgets (issue "Speed"): milliseconds, compared with medians.
const BUDGET = { firstRender: 300, editDefault: 16, editLarge: 100 };
// Where autosave keeps the session (src/ui/storage.rs SESSION_KEY).
const SESSION_KEY = 'dns-lab.session';

// What each world is measured on. `edit` removes the glue for `child`'s in-domain name servers
// from `parent`'s zone text (lines matching `glue`): the finding missing-glue appears in the
// diagnostics and `child`'s box is marked in the graph.
const DEFAULT_WORLD = {
  name: 'default scenario',
  query: QUERY,
  edit: { parent: 'test.', child: 'example.test.', glue: /^ns[12]\.example\s/ },
};
const ROOT_WORLD = { id: 'real-root-zone', title: 'The real root zone', name: 'the real root zone' };
const LARGE_WORLD = {
  name: 'generated world',
  query: LARGE_QUERY,
  edit: { parent: '.', child: 'tld1.', glue: /^ns[12]\.tld1\.\s/ },
};

/** Thrown for anything that stops the measurement; main() prints it and exits 1. */
class CannotMeasure extends Error {}

// ---------------------------------------------------------------------------------------------
// Small helpers: units (the median and tables come from scripts/report.mjs).

const ms = (x) => (x == null || Number.isNaN(x) ? 'n/a' : `${x.toFixed(1)} ms`);
const bytes = (n) => n.toLocaleString('en-US');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

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

// Fetched only when a world first has a signed zone (src/ui/crypto.rs), so not part of a visit
// that signs nothing: the cryptography's glue and module.
const ON_DEMAND = /(^|\/)dns-lab-crypto[-_]/;

/** Each file's raw and gzip -9 size, as table rows, and their sums by kind. */
async function fileSizes(files) {
  const rows = [];
  const kinds = { wasm: [0, 0], JS: [0, 0], CSS: [0, 0] };
  for (const file of files) {
    const body = await readFile(path.join(DIST, file));
    const size = gzipSync(body, { level: 9 }).length;
    const kind = file.endsWith('.wasm') ? 'wasm' : file.endsWith('.css') ? 'CSS' : 'JS';
    kinds[kind][0] += body.length;
    kinds[kind][1] += size;
    rows.push([file, bytes(body.length), bytes(size), kb(size)]);
  }
  return { rows, kinds };
}

const SIZE_COLUMNS = ['file', 'bytes', 'gzip bytes', 'gzip'];

async function measureSizes() {
  const all = (await listFiles(DIST)).filter((f) => /\.(wasm|m?js|css)$/.test(f));
  if (!all.some((f) => f.endsWith('.wasm'))) throw new CannotMeasure(`no .wasm file in ${DIST}`);
  const { rows, kinds } = await fileSizes(all.filter((f) => !ON_DEMAND.test(f)));
  let raw = 0;
  let gz = 0;
  for (const [kind, [r, g]] of Object.entries(kinds)) {
    rows.push([`all ${kind}`, bytes(r), bytes(g), kb(g)]);
    raw += r;
    gz += g;
  }
  rows.push(['total', bytes(raw), bytes(gz), kb(gz)]);
  table('Transfer size (wasm, JS, CSS; gzip -9 via node:zlib)', SIZE_COLUMNS, rows);
  const later = await fileSizes(all.filter((f) => ON_DEMAND.test(f)));
  const [laterRaw, laterGz] = Object.values(later.kinds).reduce(([r, g], [kr, kg]) => [r + kr, g + kg], [0, 0]);
  later.rows.push(['total', bytes(laterRaw), bytes(laterGz), kb(laterGz)]);
  table('Fetched when a zone is first signed (the cryptography; gzip -9)', SIZE_COLUMNS, later.rows);
  return { wasm: kinds.wasm[1], js: kinds.JS[1], css: kinds.CSS[1], total: gz };
}

// ---------------------------------------------------------------------------------------------
// In-page timing. These functions are serialised into the page, so they use only the DOM.

/**
 * Installed before any of the page's scripts run (page.addInitScript): records, in
 * performance.now() time (milliseconds since navigation start), the first moment the graph
 * has a zone in the DOM, and when the frame showing it has been painted. A MutationObserver
 * reacts to the insertion itself, so a poll interval adds nothing to the figure.
 */
function recordFirstZone(selector) {
  const seen = () => {
    if (window.__measureFirstZone === undefined && document.querySelector(selector)) {
      window.__measureFirstZone = performance.now();
      // The same moment in a Chromium trace (startupCompile).
      performance.mark('dns-lab-first-zone');
      observer.disconnect();
      requestAnimationFrame(() =>
        setTimeout(() => {
          window.__measureFirstPaint = performance.now();
        }, 0),
      );
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Starts a timer in the page and resolves with { dom, painted }: milliseconds from the start
 * until every condition holds (checked after every DOM mutation), and until the frame after
 * that has been painted. The start is a click on `start.click` (a click event dispatched
 * synchronously in the page: SVG elements have no click()), or the next `start.event` event
 * at `start.selector` (for what
 * Playwright does from outside, like choosing a file). A condition is { selector, until }
 * with until 'present', 'absent', 'changed' (text other than `text`), 'attr-changed'
 * (attribute `attr` other than `value`) or 'count-above' (more matches than `count`).
 * Timing inside the page keeps Playwright's checks and CDP round trips out of the figure.
 */
function timeInPage({ start, conditions, timeoutMs }) {
  const holds = ({ selector, until, text, attr, value, count }) => {
    if (until === 'count-above') return document.querySelectorAll(selector).length > count;
    const el = document.querySelector(selector);
    if (until === 'present') return el !== null;
    if (until === 'absent') return el === null;
    if (until === 'attr-changed') return el !== null && el.getAttribute(attr) !== value;
    return el !== null && el.textContent !== text; // 'changed'
  };
  const timing = new Promise((resolve, reject) => {
    let t0;
    let done = false;
    const finish = () => {
      if (done || t0 === undefined || !conditions.every(holds)) return;
      done = true;
      const dom = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => resolve({ dom, painted: performance.now() - t0 }), 0));
    };
    const observer = new MutationObserver(finish);
    observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
    const what = conditions.map((c) => `${c.selector} ${c.until}`).join(' and ');
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`not ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    if (start.click) {
      const el = document.querySelector(start.click);
      if (!el) {
        observer.disconnect();
        clearTimeout(timer);
        reject(new Error(`${start.click} not found`));
        return;
      }
      t0 = performance.now();
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
      // The app may have updated synchronously, inside the click handler.
      finish();
    } else {
      document.addEventListener(
        start.event,
        (event) => {
          if (event.target.matches(start.selector)) {
            t0 = performance.now();
            finish();
          }
        },
        { capture: true, once: true },
      );
    }
  });
  if (start.click) return timing;
  // Started from outside: the caller collects the result later (collectTiming).
  window.__measureTiming = timing;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Where the time goes (MEASURE_PROFILE=1): Chromium's sampling profiler over one interaction.

/**
 * A Rust symbol as the wasm's name section has it, made readable: legacy mangling decoded, and
 * the crate disambiguators of v0 names (`dns_lab[70287b4387ab023]::`) dropped.
 */
function demangle(name) {
  const m = /^_ZN(.*)E$/.exec(name);
  if (!m) return name.replace(/\[[0-9a-f]+\]::/g, '::');
  const parts = [];
  for (let rest = m[1]; rest.length; ) {
    const len = /^(\d+)/.exec(rest);
    if (!len) break;
    const start = len[1].length;
    parts.push(rest.slice(start, start + Number(len[1])));
    rest = rest.slice(start + Number(len[1]));
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? '')) parts.pop();
  return parts
    .join('::')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$RF\$/g, '&')
    .replace(/\$BP\$/g, '*')
    .replace(/\$C\$/g, ',')
    .replace(/\$u20\$/g, ' ')
    .replace(/\$u7b\$/g, '{')
    .replace(/\$u7d\$/g, '}')
    .replace(/\$u5b\$/g, '[')
    .replace(/\$u5d\$/g, ']')
    .replace(/\$u27\$/g, "'")
    .replace(/\.\./g, '::');
}

function frameLabel({ callFrame }) {
  const name = demangle(callFrame.functionName || '(anonymous)');
  if (!callFrame.url || callFrame.url.endsWith('.wasm') || callFrame.url.includes('wasm://')) return name;
  return `${name} (${path.basename(callFrame.url)})`;
}

/** Prints the functions that took the most time, inclusive of what they called, and by self time. */
function printProfile(what, profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const own = frameLabel(byId.get(id));
    self.set(own, (self.get(own) ?? 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const label = frameLabel(byId.get(at));
      if (seen.has(label)) continue;
      seen.add(label);
      inclusive.set(label, (inclusive.get(label) ?? 0) + dt);
    }
  });
  const top = (map, n) =>
    [...map]
      .filter(([label]) => label !== '(root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([label, t]) => [label.length > 110 ? `${label.slice(0, 107)}...` : label, ms(t), `${((100 * t) / total).toFixed(0)}%`]);
  table(`profile of ${what}: ${ms(total)} sampled, by time including callees`, ['function', 'time', 'share'], top(inclusive, 25));
  // The app's own functions, without the glue and the framework between them.
  const own = new Map([...inclusive].filter(([label]) => label.startsWith('dns_lab::')));
  table(`profile of ${what}: the app's functions, including callees`, ['function', 'time', 'share'], top(own, 30));
  table(`profile of ${what}: by self time`, ['function', 'time', 'share'], top(self, 15));
}

/** Runs `fn` under the sampling profiler when MEASURE_PROFILE is set. */
async function profiled(page, what, fn) {
  if (!PROFILE) return fn();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach().catch(() => {});
    printProfile(what, profile);
    if (PROFILE_DIR) {
      await mkdir(PROFILE_DIR, { recursive: true });
      const file = path.join(PROFILE_DIR, `${what.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      console.log(`saved ${file}`);
    }
  }
}

/**
 * The size of each function body in a wasm module, by function index (imported functions
 * first, as V8 numbers them), read from the import and code sections.
 */
function wasmFunctionSizes(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  const skipName = () => {
    const length = leb();
    at += length;
  };
  const skipLimits = () => {
    const flags = bytes[at++];
    leb();
    if (flags & 1) leb();
  };
  let imported = 0;
  const sizes = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const length = leb();
    const end = at + length;
    if (id === 2) {
      for (let count = leb(); count > 0; count -= 1) {
        skipName();
        skipName();
        const kind = bytes[at++];
        if (kind === 0) {
          leb();
          imported += 1;
        } else if (kind === 1) {
          at += 1;
          skipLimits();
        } else if (kind === 2) {
          skipLimits();
        } else if (kind === 3) {
          at += 2;
        } else {
          at += 1;
          leb();
        }
      }
    } else if (id === 10) {
      for (let count = leb(); count > 0; count -= 1) {
        const size = leb();
        sizes.push(size);
        at += size;
      }
    }
    at = end;
  }
  return { imported, sizes };
}

/**
 * How much of the wasm Chromium compiled before the first zone reached the DOM, on one load:
 * V8 compiles a function the first time it runs (lazy compilation), on the main thread, so
 * the code that runs before the first render costs its compile time too. Unlike a timing,
 * this does not drift with the machine. Read from a Chromium trace (wasm.CompileLazy events
 * up to the page's own performance mark); null when tracing is unavailable.
 */
async function startupCompile(context, url) {
  const wasm = (await readdir(DIST)).find((f) => f.endsWith('.wasm') && !ON_DEMAND.test(f));
  if (!wasm) return null;
  const { imported, sizes } = wasmFunctionSizes(await readFile(path.join(DIST, wasm)));
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.addInitScript(recordFirstZone, APP_GRAPH_ZONE);
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  try {
    await cdp.send('Tracing.start', { categories: 'v8.wasm,blink.user_timing', transferMode: 'ReportEvents' });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__measureFirstZone !== undefined, null, { timeout: TIMEOUT_MS });
    await cdp.send('Tracing.end');
    await complete;
  } catch {
    return null;
  } finally {
    await page.close();
  }
  const mark = events.find((e) => e.name === 'dns-lab-first-zone');
  if (!mark) return null;
  const compiled = new Set(
    events
      .filter((e) => e.name === 'wasm.CompileLazy' && e.pid === mark.pid && e.ts <= mark.ts)
      .map((e) => e.args?.func_index)
      .filter((index) => index >= imported && index - imported < sizes.length),
  );
  const bytes = [...compiled].reduce((sum, index) => sum + sizes[index - imported], 0);
  return { functions: compiled.size, bytes, allFunctions: sizes.length, allBytes: sizes.reduce((a, b) => a + b, 0) };
}

function printStartupCompile(world, visit, compiled) {
  if (!compiled) {
    console.log(`
${world}: the code compiled before the first render could not be traced`);
    return null;
  }
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  table(
    `${world}: wasm compiled before the first zone, on ${visit} (Chromium compiles a function when it first runs)`,
    ['functions', 'code', 'of the module'],
    [[`${compiled.functions} of ${compiled.allFunctions}`, kb(compiled.bytes), `${kb(compiled.allBytes)} (${((100 * compiled.bytes) / compiled.allBytes).toFixed(0)} %)`]],
  );
  return compiled.bytes;
}

/** A reload of the app under the profiler, from navigation to the first zone painted. */
async function profileLoad(context, url, what) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.addInitScript(recordFirstZone, APP_GRAPH_ZONE);
  await profiled(page, what, async () => {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__measureFirstPaint !== undefined, null, { timeout: TIMEOUT_MS });
  });
  await page.close();
}

// ---------------------------------------------------------------------------------------------
// (2)-(5) The browser measurements.

/** Times a click on `button` until every condition holds; a failure names `what`. */
async function clickAndTime(page, button, conditions, what) {
  return page.evaluate(timeInPage, { start: { click: button }, conditions, timeoutMs: TIMEOUT_MS }).catch((e) => {
    throw new CannotMeasure(`${what}: ${e.message}`);
  });
}

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
  await page.addInitScript(recordFirstZone, APP_GRAPH_ZONE);
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response?.ok()) throw new CannotMeasure(`GET ${url} answered ${response?.status()}`);
  return { page, errored };
}

/** Waits for the first zone in the graph; returns the page's own navigation figures. */
async function firstRender({ page, errored }) {
  const drawn = page.waitForFunction(() => window.__measureFirstPaint !== undefined, null, { timeout: TIMEOUT_MS });
  await Promise.race([drawn, errored]).catch((e) => {
    throw e instanceof CannotMeasure ? e : new CannotMeasure(`the graph did not draw a zone within ${TIMEOUT_MS} ms`);
  });
  // Chromium's own record of the first paint with content (the page has none before the app
  // mounts): "painted" above queues behind whatever task the app runs after its first render.
  await page
    .waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: TIMEOUT_MS })
    .catch(() => {});
  return page.evaluate(({ zones, title }) => {
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    return {
      graph: window.__measureFirstZone,
      painted: window.__measureFirstPaint,
      contentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      domContentLoaded: nav?.domContentLoadedEventEnd,
      load: nav?.loadEventEnd,
      wasmFetched: wasm?.responseEnd,
      zones: document.querySelectorAll(zones).length,
      title: document.querySelector(title)?.textContent ?? '',
    };
  }, { zones: ui.zones, title: ui.title });
}

/** RUNS loads of the app, each in a new tab; returns the last page (warm) and every figure. */
async function loadRepeatedly(context, url, problems) {
  const loads = [];
  let page;
  for (let i = 0; i < RUNS; i += 1) {
    await page?.close();
    const opened = await openPage(context, url, problems);
    page = opened.page;
    loads.push(await firstRender(opened));
  }
  return { page, loads };
}

function printLoads(world, loads) {
  const row = (label, pick) => {
    const warm = loads.slice(1).map(pick);
    return [label, ms(pick(loads[0])), ms(median(warm)), ms(Math.min(...warm)), ms(Math.max(...warm))];
  };
  table(
    `${world}: first render, navigation start to the app running, "${APP_GRAPH_ZONE}" in the DOM (${RUNS} loads, new tab each; ` +
      `${loads.at(-1).zones} zones drawn of "${loads.at(-1).title}")`,
    ['milestone', 'cold (1st)', `warm median (${RUNS - 1})`, 'warm min', 'warm max'],
    [
      row('DOMContentLoaded', (t) => t.domContentLoaded),
      row('load event', (t) => t.load),
      row('wasm downloaded', (t) => t.wasmFetched),
      row('graph zones in the DOM', (t) => t.graph),
      row('... painted', (t) => t.painted),
      row('first contentful paint (the prerendered first view)', (t) => t.contentfulPaint),
    ],
  );
  return median(loads.slice(1).map((t) => t.graph));
}

/** Steps the resolution of `query` (or the page's own) to its end, timing each step. */
async function measureSteps(page, query) {
  if (query) {
    await ask(page, query);
    // Committing the name resets the stepper; wait for the new first step to be offered.
    await page.waitForFunction(
      ({ q, field, step }) => document.querySelector(field)?.value === q && !document.querySelector(step)?.disabled,
      { q: query, field: ui.queryName, step: ui.stepForward },
    );
  }
  await page.waitForSelector(ui.stepForwardEnabled);
  const name = await page.inputValue(ui.queryName);
  const times = [];
  while (!(await page.locator(ui.stepForward).isDisabled())) {
    if (times.length >= 200) throw new CannotMeasure('the resolution did not end within 200 steps');
    const text = await page.locator(ui.stepStatus).textContent();
    const changed = { selector: ui.stepStatus, until: 'changed', text };
    times.push(await clickAndTime(page, ui.stepForward, [changed], `step ${times.length + 1}`));
  }
  if (times.length === 0) throw new CannotMeasure(`${ui.stepForward} was never enabled`);
  const status = (await page.locator(ui.stepStatus).textContent())?.trim();
  return { query: name, times, status };
}

function printSteps(world, steps) {
  const dom = steps.times.map((t) => t.dom);
  const painted = steps.times.map((t) => t.painted);
  table(
    `${world}: resolution step, click ${ui.stepForward} to ${ui.stepStatus} changed (${steps.query}, ${steps.times.length} steps)`,
    ['figure', 'DOM', 'painted'],
    [
      ['median', ms(median(dom)), ms(median(painted))],
      ['max', ms(Math.max(...dom)), ms(Math.max(...painted))],
      ['first step', ms(dom[0]), ms(painted[0])],
    ],
  );
  console.log(`every step (DOM): ${dom.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`final status: ${steps.status}`);
  return median(dom);
}

/**
 * Times a zone edit through to the graph and diagnostics: removes the glue for `child` from
 * `parent`'s zone text and applies it (until missing-glue is listed and `child`'s box is marked
 * broken), then puts the text back (until both are gone). Repeated so the figure is not one
 * sample.
 */
async function measureEdits(page, { parent, child, glue }, rounds) {
  // Dispatched rather than clicked: zoomed out, the box may be tiny or under the query's route.
  await page.dispatchEvent(ui.zoneHit(parent), 'click');
  await page.waitForSelector(`${ui.zoneInspector(parent)} ${ui.zoneText}`);
  const original = await page.inputValue(ui.zoneText);
  const broken = original
    .split('\n')
    .filter((line) => !glue.test(line))
    .join('\n');
  if (broken === original) throw new CannotMeasure(`${parent} has no lines matching ${glue} to remove`);
  const markedBroken = `${ui.zone(child)}.broken`;
  const apply = async (text, until, what) => {
    await page.fill(ui.zoneText, text);
    const conditions = [
      { selector: ui.finding('missing-glue'), until },
      { selector: markedBroken, until },
    ];
    return clickAndTime(page, ui.zoneApply, conditions, what);
  };
  const breaking = [];
  const mending = [];
  for (let i = 0; i < rounds; i += 1) {
    breaking.push(await apply(broken, 'present', 'removing the glue'));
    mending.push(await apply(original, 'absent', 'putting the glue back'));
  }
  return { breaking, mending };
}

function printEdits(world, { parent, child }, edits) {
  const row = (label, xs) => [
    label,
    ms(xs[0].dom),
    ms(median(xs.map((t) => t.dom))),
    ms(Math.max(...xs.map((t) => t.dom))),
    ms(median(xs.map((t) => t.painted))),
  ];
  table(
    `${world}: zone edit, click ${ui.zoneApply} to the graph and diagnostics updated (${parent} without glue for ${child}; ${edits.breaking.length} rounds)`,
    ['edit', 'first', 'median DOM', 'max DOM', 'median painted'],
    [
      row(`remove glue -> missing-glue listed, ${child} marked`, edits.breaking),
      row('restore glue -> both gone', edits.mending),
    ],
  );
  return median([...edits.breaking, ...edits.mending].map((t) => t.dom));
}

/** Chooses `file` in the toolbar's Import, timing the change event to the graph showing `apex`. */
async function importScenario(page, file, apex) {
  // Past the autosave delay, what is stored is the world before the import.
  await page.waitForTimeout(1000);
  const before = await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
  await page.evaluate(timeInPage, {
    start: { event: 'change', selector: ui.importFile },
    conditions: [{ selector: ui.zone(apex), until: 'present' }],
    timeoutMs: TIMEOUT_MS,
  });
  await page.setInputFiles(ui.importFile, file);
  const timing = await page.evaluate(() => window.__measureTiming).catch((e) => {
    throw new CannotMeasure(`importing ${file}: ${e.message}`);
  });
  // Autosave writes the session a moment after the last change; the next loads restore it.
  // The scenario is stored packed (not readable here), so the sign is any new session.
  await page.waitForFunction(
    ([key, before]) => (localStorage.getItem(key) ?? before) !== before,
    [SESSION_KEY, before],
  );
  return timing;
}

/**
 * A zone of `records` records for `apex`, as benches/common/mod.rs's `generated_zone` writes
 * it (an apex with its SOA, NS and addresses, then units of a host and a delegated subzone),
 * so the page signs the zone the native benchmark signs.
 */
function generatedZone(apex, records) {
  const lines = [
    `@ IN SOA ns1.${apex} hostmaster.${apex} 2024010101 7200 3600 1209600 300`,
    '@ IN NS ns1',
    `@ IN NS ns2.${apex}`,
    'ns1 IN A 192.0.2.1',
    'ns2 IN A 192.0.2.2',
  ];
  for (let k = 0; lines.length < records; k++) {
    const v4 = (last) => `10.${(k >> 14) & 255}.${(k >> 6) & 255}.${(k & 63) * 4 + last}`;
    const v6 = (last) => `2001:db8:${(k >> 16).toString(16)}:${(k & 0xffff).toString(16)}::${last}`;
    lines.push(
      `h${k} 300 IN A ${v4(1)}`,
      `h${k} IN AAAA ${v6(1)}`,
      `h${k} MX 10 h${k}.${apex}`,
      `h${k} TXT "v=spf1 a mx -all" "unit ${k}"`,
      `www.h${k} CNAME h${k}`,
      `sub${k} 86400 IN NS ns1.sub${k}`,
      `sub${k} 86400 IN NS ns2.sub${k}.${apex}`,
      `ns1.sub${k} 86400 IN A ${v4(2)}`,
      `ns2.sub${k} 86400 IN A ${v4(3)}`,
      `ns2.sub${k} 86400 IN AAAA ${v6(3)}`,
    );
  }
  return `$ORIGIN ${apex}\n$TTL 3600\n${lines.slice(0, records).join('\n')}\n`;
}

/**
 * Signs a zone of `records` records in the page (issue "DNSSEC I"): the default scenario with
 * example.test. as the generated zone is imported (the zone editor is not the way in: typing
 * a 10,000-line text into it is its own, slower, story), then "Sign the zone" is timed from
 * the click to its keys shown. Undo brings the default world back.
 */
/**
 * What the cryptography's separate module costs (src/ui/crypto.rs): the default scenario's
 * example.test. signed on a page that has never signed, over a phone's network as Lighthouse
 * simulates one (150 ms round trip, 1.6 Mbit/s; the service worker bypassed, so the module
 * comes from the server), then signed again with the module already there.
 */
async function measureCryptoFetch(page) {
  const apex = 'example.test.';
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6e6 / 8),
    uploadThroughput: (750e3 / 8),
  });
  try {
    await page.click(ui.zoneLabel(apex));
    await page.waitForSelector(`${ui.zoneInspector(apex)} ${ui.signZone}`);
    const first = await clickAndTime(page, ui.signZone, [{ selector: ui.zoneKeys, until: 'present' }], 'the first signing');
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((r) => /dns-lab-crypto/.test(r.name))
      .map((r) => ({ bytes: r.encodedBodySize, end: r.responseEnd })));
    await page.click(ui.undo);
    await page.waitForSelector(`${ui.zoneInspector(apex)} ${ui.signZone}`);
    const again = await clickAndTime(page, ui.signZone, [{ selector: ui.zoneKeys, until: 'present' }], 'signing again');
    await page.click(ui.undo);
    const bytes = fetched.reduce((sum, r) => sum + r.bytes, 0);
    table(
      `the cryptography, fetched on the first signing (${apex}, ECDSA P-256; 150 ms round trip, 1.6 Mbit/s)`,
      ['figure', 'DOM', 'painted'],
      [
        [`first Sign -> keys shown (its ${fetched.length} files fetched: ${kb(bytes)} as sent)`, ms(first.dom), ms(first.painted)],
        ['Sign again, the module already there', ms(again.dom), ms(again.painted)],
      ],
    );
    return { first: first.painted, again: again.painted, bytes };
  } finally {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.send('Network.setBypassServiceWorker', { bypass: false });
    await cdp.detach();
  }
}

async function measureSigning(page, records) {
  const apex = 'example.test.';
  const scenario = JSON.parse(await readFile(path.join(ROOT, 'src', 'sim', 'scenarios', 'default.json'), 'utf8'));
  scenario.title = `default scenario, ${apex} of ${records} records`;
  scenario.zones.find((z) => z.apex === apex).text = generatedZone(apex, records);
  const dir = await mkdtemp(path.join(tmpdir(), 'dns-lab-sign-'));
  const file = path.join(dir, 'signing.json');
  await writeFile(file, JSON.stringify(scenario));
  try {
    await importScenario(page, file, apex);
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
  await page.click(ui.zoneLabel(apex));
  await page.waitForSelector(`${ui.zoneInspector(apex)} ${ui.signZone}`);
  const signed = await clickAndTime(page, ui.signZone, [{ selector: ui.zoneKeys, until: 'present' }], 'signing a zone');
  table(
    `signing in the page: ${apex} as a zone of ${records.toLocaleString('en')} records (ECDSA P-256, NSEC)`,
    ['figure', 'DOM', 'painted'],
    [['Sign the zone -> its keys shown', ms(signed.dom), ms(signed.painted)]],
  );
  for (let i = 0; i < 2; i++) await page.click(ui.undo);
  return { sign: signed.painted, records };
}

/** Opens the real root zone from the library; prints the click to the world drawn. */
async function measureRootZone(page) {
  await page.waitForTimeout(1000);
  const before = await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
  await page.click(ui.openPicker);
  await page.fill(ui.pickerSearch, 'root zone');
  await page.waitForSelector(ui.openScenario(ROOT_WORLD.id));
  const opened = await clickAndTime(
    page,
    ui.openScenario(ROOT_WORLD.id),
    [
      { selector: ui.finding('delegations-outside-world'), until: 'present' },
      { selector: ui.zone('test.'), until: 'absent' },
      { selector: ui.pickerOpen, until: 'absent' },
    ],
    'opening the real root zone',
  );
  const state = await graphState(page);
  const zoneFile = await page.evaluate(() =>
    performance.getEntriesByType('resource').find((r) => r.name.endsWith('.zone')),
  );
  table(
    `${ROOT_WORLD.name}: the library's Open to the world drawn (goal 1000 ms)`,
    ['figure', 'DOM', 'painted'],
    [
      [`open -> ${state.zones} zones drawn, the notice listed`, ms(opened.dom), ms(opened.painted)],
      [`  of which the zone file's download (${kb(zoneFile?.encodedBodySize ?? 0)} compressed)`, ms(zoneFile?.duration), ''],
    ],
  );
  await page.waitForFunction(
    ([key, before]) => (localStorage.getItem(key) ?? before) !== before,
    [SESSION_KEY, before],
  );
  return { open: opened.painted };
}

/** The view's detail level and how many zones are drawn. */
const graphState = (page) =>
  page.evaluate(({ graph, zones }) => ({
    detail: document.querySelector(graph)?.dataset.detail,
    zones: document.querySelectorAll(zones).length,
    chips: document.querySelectorAll(`${zones} g.chip`).length,
  }), { graph: ui.graph, zones: ui.zones });

/**
 * The large graph's own figures: unfolding every collapsed zone one by one (each time until
 * more zones are drawn), then zooming in and out at the size everything is drawn, at each
 * level of detail the zoom passes through.
 */
async function measureGraph(page) {
  const unfold = [];
  for (;;) {
    const toggle = await page.$(ui.collapsedToggle);
    if (!toggle) break;
    const before = (await graphState(page)).zones;
    const apex = await toggle.evaluate((el) => el.closest('g.zone').dataset.apex);
    const selector = ui.zoneToggle(apex);
    const grown = { selector: APP_GRAPH_ZONE, until: 'count-above', count: before };
    const timing = await clickAndTime(page, selector, [grown], `unfolding ${apex}`);
    unfold.push({ apex, ...timing, zones: (await graphState(page)).zones });
    if (unfold.length > 500) throw new CannotMeasure('more than 500 zones to unfold');
  }
  // Fit shows everything; then zoom in step by step and back out.
  const zoom = [];
  const zoomOnce = async (button) => {
    const state = await graphState(page);
    const transform = await page.getAttribute(ui.graphView, 'transform');
    const moved = { selector: ui.graphView, until: 'attr-changed', attr: 'transform', value: transform };
    const timing = await clickAndTime(page, button, [moved], `clicking ${button}`);
    const after = await graphState(page);
    zoom.push({ button, from: state.detail, to: after.detail, ...timing });
  };
  await page.click(ui.zoomFit);
  // In until full detail and two clicks more, then out as far again.
  let ins = 0;
  for (let extra = 2; extra > 0 && ins < 40; ins += 1) {
    await zoomOnce(ui.zoomIn);
    if (zoom.at(-1).to === 'full') extra -= 1;
  }
  for (let i = 0; i < ins; i += 1) await zoomOnce(ui.zoomOut);
  return { unfold, zoom, final: await graphState(page) };
}

function printGraph(graph) {
  const rows = graph.unfold.map((u) => [`unfold ${u.apex} -> ${u.zones} zones drawn`, ms(u.dom), ms(u.painted)]);
  if (rows.length > 6) rows.splice(3, rows.length - 6, ['...', '', '']);
  table('generated world: graph, click a collapsed zone\'s toggle until more zones are drawn', ['unfold', 'DOM', 'painted'], rows);
  const byDetail = new Map();
  for (const z of graph.zoom) {
    const key = z.from === z.to ? `zoom within "${z.to}"` : `zoom "${z.from}" -> "${z.to}"`;
    byDetail.set(key, [...(byDetail.get(key) ?? []), z]);
  }
  table(
    `generated world: zoom with ${graph.final.zones} zones drawn, click ${ui.zoomIn} / ${ui.zoomOut} to the view moved`,
    ['zoom', 'clicks', 'median DOM', 'median painted', 'max painted'],
    [...byDetail].map(([key, zs]) => [
      key,
      zs.length,
      ms(median(zs.map((z) => z.dom))),
      ms(median(zs.map((z) => z.painted))),
      ms(Math.max(...zs.map((z) => z.painted))),
    ]),
  );
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
  const figures = {};
  let context;
  try {
    context = await chromium
      .launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        // Every load measured is a first visit's: no service worker answers from its cache.
        serviceWorkers: 'block',
      })
      .catch((e) => {
        throw new CannotMeasure(`could not start Chromium at ${CHROMIUM}: ${e.message.split('\n')[0]}`);
      });
    // The persistent context opens with a blank tab; close it so every load is a new tab.
    for (const p of context.pages()) await p.close();

    // Before anything is saved, so it is a first visit whatever the timing of autosave.
    const firstVisit = await startupCompile(context, url);
    // The default scenario. The first load is cold (Chromium has just started); the rest are
    // warm (browser process running, but no HTTP cache: no-store).
    const first = await loadRepeatedly(context, url, problems);
    let page = first.page;
    const version = await chromiumVersion(context, page);
    const viewport = page.viewportSize();
    console.log(`\nChromium: ${version} (${CHROMIUM}, headless, viewport ${viewport?.width}x${viewport?.height})`);
    const world = DEFAULT_WORLD.name;
    if (PROFILE) await profileLoad(context, url, `${world}: a reload to the first zone painted`);
    figures.default = {
      firstRender: printLoads(world, first.loads),
      compiled: printStartupCompile(world, 'a first visit', firstVisit),
      step: printSteps(world, await measureSteps(page, DEFAULT_WORLD.query)),
      edit: printEdits(
        world,
        DEFAULT_WORLD.edit,
        await profiled(page, `${world}: the edits`, () => measureEdits(page, DEFAULT_WORLD.edit, ROUNDS)),
      ),
    };

    figures.crypto = await measureCryptoFetch(page);
    figures.signing = await measureSigning(page, SIGN_RECORDS);

    // The real root zone: opened from the library (its 1.2 MB zone file fetched, read, checked
    // and drawn), then every load restores it from the autosaved session. The goal (issue "Real
    // DNS data in") is the world on screen within 1 s of the click.
    figures.root = await measureRootZone(page);
    await page.close();
    const rooted = await loadRepeatedly(context, url, problems);
    page = rooted.page;
    if (!rooted.loads.at(-1).title.includes(ROOT_WORLD.title)) {
      throw new CannotMeasure(`a reload showed "${rooted.loads.at(-1).title}", not the real root zone`);
    }
    figures.root.firstRender = printLoads(ROOT_WORLD.name, rooted.loads);

    if (LARGE_SCENARIO) {
      // The generated world: imported into the open page, then every load restores it from
      // the autosaved session, as a reload does.
      const imported = await importScenario(page, LARGE_SCENARIO, 'tld0.');
      const state = await graphState(page);
      table(
        `generated world: import, the file chosen to its zones in the graph (${path.basename(LARGE_SCENARIO)})`,
        ['figure', 'DOM', 'painted'],
        [[`import -> ${state.zones} zones drawn ("${state.detail}" detail)`, ms(imported.dom), ms(imported.painted)]],
      );
      await page.close();
      const large = await loadRepeatedly(context, url, problems);
      page = large.page;
      if (!large.loads.at(-1).title.includes('generated world')) {
        throw new CannotMeasure(`a reload showed "${large.loads.at(-1).title}", not the imported world`);
      }
      const name = LARGE_WORLD.name;
      if (PROFILE) await profileLoad(context, url, `${name}: a reload to the first zone painted`);
      figures.large = {
        firstRender: printLoads(name, large.loads),
        compiled: printStartupCompile(name, 'a reload (the imported world restored)', await startupCompile(context, url)),
        step: printSteps(name, await profiled(page, `${name}: every step`, () => measureSteps(page, LARGE_WORLD.query))),
        edit: printEdits(
          name,
          LARGE_WORLD.edit,
          await profiled(page, `${name}: the edits`, () => measureEdits(page, LARGE_WORLD.edit, ROUNDS)),
        ),
      };
      printGraph(await measureGraph(page));
    } else {
      console.log('\n(no MEASURE_LARGE_SCENARIO: the generated world is not measured; scripts/measure.sh makes one)');
    }

    // Problems do not stop the measurement (the figures above were taken), but say so.
    if (problems.length) console.log(`\nwarning: the page reported problems:\n  ${problems.join('\n  ')}`);
    return figures;
  } finally {
    await context?.close().catch(() => {});
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }
}

/** The budgets beside the medians measured. Information only: nothing here fails the run. */
function printBudgets(figures) {
  const verdict = (value, budget) => (value == null ? 'n/a' : value <= budget ? 'met' : 'not met');
  // The transfer size is printed above, no longer judged: scripts/first-screen.mjs measures
  // what a visitor feels of it (Lighthouse, and when Step first works on a phone).
  const rows = [];
  if (figures.root) {
    rows.push([`${ROOT_WORLD.name}: Open to the world drawn`, ms(figures.root.open), '<= 1000 ms', verdict(figures.root.open, 1000)]);
    rows.push([`${ROOT_WORLD.name}: first render of a reload (warm median)`, ms(figures.root.firstRender), '<= 1000 ms', verdict(figures.root.firstRender, 1000)]);
  }
  for (const [key, label, editBudget] of [
    ['default', DEFAULT_WORLD.name, BUDGET.editDefault],
    ['large', LARGE_WORLD.name, BUDGET.editLarge],
  ]) {
    const f = figures[key];
    if (!f) continue;
    rows.push([`${label}: first render (warm median)`, ms(f.firstRender), `<= ${BUDGET.firstRender} ms`, verdict(f.firstRender, BUDGET.firstRender)]);
    rows.push([`${label}: edit to graph + diagnostics (median)`, ms(f.edit), `<= ${editBudget} ms`, verdict(f.edit, editBudget)]);
    rows.push([`${label}: resolution step (median)`, ms(f.step), '(none)', '']);
  }
  table('Budgets (information only: this script never fails on a figure)', ['figure', 'now', 'budget', ''], rows);
}

async function main() {
  if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
    throw new CannotMeasure(`${path.join(DIST, 'index.html')} not found: build first (bash scripts/measure.sh builds)`);
  }
  const cpu = cpus();
  // Name the build relative to the repository when it is inside it, as given otherwise.
  const rel = path.relative(ROOT, DIST);
  console.log(`DNS Lab measurement of ${rel && !rel.startsWith('..') ? rel : DIST}${QUICK ? ' (quick)' : ''}`);
  // The load average says whether other work shared the CPU while measuring.
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}; node ${process.version}; load average ${load}`);
  await measureSizes();
  const figures = await measureBrowser();
  printBudgets(figures);
}

try {
  await main();
} catch (error) {
  console.error(`\nerror: the app could not be measured: ${error instanceof CannotMeasure ? error.message : error?.stack ?? error}`);
  process.exitCode = 1;
}
