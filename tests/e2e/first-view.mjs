// The prerendered first view (src/ui/first_view.rs), in headless Chromium through
// playwright-core, at a projector's 1024x768 and 1280x720, a tablet and a phone:
//
// - before the app's program has arrived (its downloads are held back), the page already shows
//   the default scenario: its title, the lesson (on a phone, its button), the graph with its
//   zones and the step controls,
//   inert (nothing on it pretends to work) and busy for assistive technology;
// - when the program arrives the app takes the view's place: every panel stays exactly where it
//   was, the browser records no layout shift, the largest paint is the first view's, and Step
//   works.
//
//   node tests/e2e/first-view.mjs
//
// Run it after the release build. Environment: DIST_DIR (default dist), CHROMIUM_BIN,
// E2E_SCREENSHOTS (default target/e2e, where it leaves first-view-SIZE.png and
// first-view-app-SIZE.png). Prints one line per check and ends with "N passed, M failed".

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assert, check, summarize } from './harness.mjs';
import { appRunning, ui } from './pages.mjs';
import { CHROMIUM_ARGS, serveStatic } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? path.join(ROOT, 'target', 'e2e');
const BASE = '/dns-lab/';
const TIMEOUT_MS = 30_000;

const SIZES = [
  { name: '1024x768', viewport: { width: 1024, height: 768 } },
  { name: '1280x720', viewport: { width: 1280, height: 720 } },
  { name: 'tablet-768x1024', viewport: { width: 768, height: 1024 }, touch: true },
  { name: 'phone-390x844', viewport: { width: 390, height: 844 }, touch: true },
];

// What a visitor reads and uses first. On a projector all of it is in view; on a narrow
// screen the stage (graph, step controls) fills the window and the lesson is a tap away on the
// panel bar, whose buttons are in view.
const PANELS = [ui.title, '.lesson-panel h2', ui.graph, ui.stepForward, ui.diagnosticsBadge, ui.showLesson, ui.showDiagnostics, '.app-footer'];
const IN_VIEW = {
  wide: [ui.title, '.lesson-panel h2', ui.graph, ui.stepForward],
  narrow: [ui.title, ui.graph, ui.stepForward, ui.showLesson, ui.showDiagnostics],
};

/** Installed before the page's scripts: layout shifts, largest paints, and the takeover. */
function recordPaints() {
  window.__shifts = [];
  window.__largestPaints = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__shifts.push(entry.value);
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__largestPaints.push(entry.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const observer = new MutationObserver(() => {
    if (window.__takeover === undefined && !document.getElementById('first-view') && document.querySelector('.app-host > .app-root')) {
      window.__takeover = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Each panel's box in the window, rounded to the pixel, under `scope`. */
function boxes(page, scope) {
  return page.evaluate(
    ({ scope, panels }) =>
      Object.fromEntries(
        panels.map((selector) => {
          const el = document.querySelector(`${scope} ${selector}`);
          const box = el?.getBoundingClientRect();
          return [selector, box ? [box.x, box.y, box.width, box.height].map(Math.round) : null];
        }),
      ),
    { scope, panels: PANELS },
  );
}

/** Panels of `selectors` under `scope` whose box is not inside the window. */
function outOfView(page, scope, selectors) {
  return page.evaluate(
    ({ scope, selectors }) =>
      selectors.filter((selector) => {
        const box = document.querySelector(`${scope} ${selector}`)?.getBoundingClientRect();
        return !box || box.width === 0 || box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth;
      }),
    { scope, selectors },
  );
}

async function journey(url, size) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-first-view-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: size.viewport,
    hasTouch: Boolean(size.touch),
    serviceWorkers: 'block',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(TIMEOUT_MS);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // The app's program (the wasm-bindgen glue and the wasm) is held back until let go.
  const held = [];
  await page.route(/dns-lab-web-[0-9a-f]+(_bg\.wasm|\.js)$/, (route) => held.push(route));
  await page.addInitScript(recordPaints);
  const wide = size.viewport.width > 900;
  let before;
  try {
    await check(`${size.name}: before the program arrives, the first view shows the lesson, the graph and the step controls`, async () => {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction((zones) => document.querySelectorAll(zones).length > 0, `#first-view ${ui.zones}`);
      // boot.js asks for the program only once the first view is painted.
      for (let i = 0; i < 100 && held.length < 2; i += 1) await page.waitForTimeout(50);
      assert(held.length === 2, `the program was asked for ${held.length} times, not twice (glue and wasm)`);
      const view = page.locator('#first-view');
      assert((await view.getAttribute('inert')) !== null, 'the first view is not inert: its buttons would seem to work');
      assert((await view.getAttribute('aria-busy')) === 'true', 'the first view is not marked busy');
      const title = (await page.locator(`#first-view ${ui.title}`).textContent())?.trim();
      assert(title === 'A healthy small world', `the first view's title is ${JSON.stringify(title)}`);
      const zones = await page.locator(`#first-view ${ui.zones}`).count();
      assert(zones >= 8, `the first view draws ${zones} zones`);
      const hidden = await outOfView(page, '#first-view', IN_VIEW[wide ? 'wide' : 'narrow']);
      assert(hidden.length === 0, `not in view in the first view: ${hidden.join(', ')}`);
      before = await boxes(page, '#first-view');
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `first-view-${size.name}.png`) });
    });

    await check(`${size.name}: the app takes the first view's place with nothing moving, and Step works`, async () => {
      assert(before, 'the first view was not measured');
      for (const route of held.splice(0)) await route.continue();
      await page.unroute(/dns-lab-web-/);
      await appRunning(page);
      const after = await boxes(page, '.app-host');
      const moved = PANELS.filter((selector) => {
        const [a, b] = [before[selector], after[selector]];
        return !a || !b || a.some((value, i) => Math.abs(value - b[i]) > 1);
      });
      assert(moved.length === 0, moved.map((s) => `${s}: ${JSON.stringify(before[s])} -> ${JSON.stringify(after[s])}`).join('; '));
      const { shifts, largestPaints, takeover } = await page.evaluate(() => ({
        shifts: window.__shifts,
        largestPaints: window.__largestPaints,
        takeover: window.__takeover,
      }));
      const shifted = shifts.reduce((sum, value) => sum + value, 0);
      assert(shifted < 0.01, `the browser recorded layout shifts adding up to ${shifted.toFixed(3)}`);
      const late = largestPaints.filter((time) => time >= takeover);
      assert(late.length === 0, `a larger paint came with the app (at ${late.map(Math.round).join(', ')} ms, takeover at ${Math.round(takeover)} ms)`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `first-view-app-${size.name}.png`) });
      const status = page.locator(ui.stepStatus);
      const said = await status.textContent();
      await page.click(ui.stepForward);
      await page.waitForFunction(([selector, said]) => document.querySelector(selector)?.textContent !== said, [ui.stepStatus, said]);
      assert(/step 1 of/i.test(await status.textContent()), `after Step the status says ${await status.textContent()}`);
      assert(problems.length === 0, problems.join('\n'));
    });
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

async function main() {
  const server = await serveStatic(DIST, { base: BASE });
  const url = `http://127.0.0.1:${server.address().port}${BASE}`;
  try {
    for (const size of SIZES) await journey(url, size);
  } finally {
    server.close();
  }
}

await check('the journeys ran to their end (the build, the server and the browser were there)', main);
summarize();
