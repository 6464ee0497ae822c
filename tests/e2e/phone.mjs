// DNS Lab on a phone and a tablet, held as people hold them: 390×844 and 360×740 phones and a
// tablet upright (768×1024) and on its side (1024×768, a laptop's two columns), all touch
// screens (Chromium's touch emulation: a coarse pointer, taps and touch gestures), a phone on
// its side (844×390) and the narrowest phone (320×640).
//
// - A share link of a lesson lands on the lesson ready to step: the lesson named at the top, the
//   Step button and the graph in view, the lesson's story one tap away.
// - After every step of the circular-delegation lesson the whole narration is in view (not
//   clipped, not covered, at 14 px or more on a phone), the Step button is a 44×44 px target,
//   and the graph shows over at least a third of the window's height.
// - The graph's text is at least 11 px at its starting zoom; every target a finger can tap (the
//   buttons, the graph's chips and toggles) is at least 24×24 px.
// - Tapping example.test. in the registrar-vs-zone lesson opens the inspector as a sheet: both
//   NS sets in view side by side, with the zone still in view above the sheet.
// - One finger drags the drawing, two pinch it; a drag that starts on a zone selects nothing.
// - The lesson, the diagnostics and the library are one tap away; the toolbar is a menu.
// - The page never scrolls sideways, at 320 px neither.
//
//   node tests/e2e/phone.mjs
//
// Run it after the release build. Environment: DIST_DIR (default dist), CHROMIUM_BIN,
// E2E_SCREENSHOTS (default target/e2e). Prints one line per check and ends with
// "N passed, M failed"; exits 1 if any check failed.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { assert, assertBothNsSetsSeen, check, summarize, whyNotSeen } from './harness.mjs';
import { graphShare, openApp, ui } from './pages.mjs';
import { CHROMIUM_ARGS, serveStatic } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? path.join(ROOT, 'target', 'e2e');
const DEVICES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'small phone', viewport: { width: 360, height: 740 } },
  { name: 'tablet', viewport: { width: 768, height: 1024 } },
  // On its side a tablet has a laptop's two columns, with a finger's targets.
  { name: 'tablet on its side', viewport: { width: 1024, height: 768 }, columns: true },
];
const MAX_STEPS = 40;

/** The share link's fragment of a built-in lesson, as `dns-lab share` writes it. */
async function shareFragment(id) {
  const { stdout } = await promisify(execFile)(
    'cargo',
    ['run', '--quiet', '--locked', '--bin', 'dns-lab', '--', 'share', '--scenario', `builtin:${id}`],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  );
  return stdout.trim();
}

/** How far the page scrolls sideways (0 when it does not). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

/** The graph's texts in view whose rendered size is under `min` px. */
const smallLabels = (page, min) =>
  page.evaluate((min) => {
    const frame = document.querySelector('#graph').getBoundingClientRect();
    return [...document.querySelectorAll('#graph text')]
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && r.bottom > frame.top && r.top < frame.bottom && r.right > frame.left && r.left < frame.right;
      })
      .map((t) => ({ text: t.textContent.trim().slice(0, 30), px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a }))
      .filter((t) => t.px < min - 0.01)
      .map((t) => `"${t.text}" at ${t.px.toFixed(1)} px`);
  }, min);

/**
 * Targets in view smaller than `min` px either way: buttons, fields, menus, and the graph's
 * chips and collapse toggles (the zone boxes are far larger). Links inside a sentence are
 * exempt, as WCAG 2.5.8 exempts them.
 */
const smallTargets = (page, min) =>
  page.evaluate((min) => {
    const targets = document.querySelectorAll(
      'button, summary, select, input:not([type=hidden]), label.button, #graph .chip, #graph .collapse-toggle rect',
    );
    return [...targets]
      .filter((t) => {
        if (t.closest('.visually-hidden, [hidden]')) return false;
        const r = t.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) return false;
        // Only what is on top at its centre can be tapped.
        const top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
        return top && (t.contains(top) || top.contains(t) || top.closest('label')?.control === t);
      })
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return r.width < min - 0.5 || r.height < min - 0.5;
      })
      .map((t) => {
        const r = t.getBoundingClientRect();
        const name = t.id || t.getAttribute('aria-label') || t.textContent.trim().slice(0, 20) || t.getAttribute('class');
        return `${t.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}x${Math.round(r.height)}`;
      });
  }, min);

/** The drawing's scale and offset, from its transform. */
const graphView = (page) =>
  page.evaluate(() => {
    const t = document.querySelector('#graph > g').getAttribute('transform') ?? '';
    const [x, y, scale] = (t.match(/-?[\d.]+/g) ?? []).map(Number);
    return { x, y, scale };
  });

/** Touches the drawing with fingers moving from `from` to `to` (arrays of points), in steps. */
async function touchGesture(page, from, to, steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const points = (t) => from.map(([x0, y0], i) => ({ x: x0 + (to[i][0] - x0) * t, y: y0 + (to[i][1] - y0) * t, id: i }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(0) });
  for (let s = 1; s <= steps; s += 1) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(s / steps) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function openLink(page, url, fragment) {
  await page.goto('about:blank');
  await openApp(page, url + fragment);
}

async function main() {
  const server = await serveStatic(DIST, { base: '/dns-lab/' });
  const url = `http://127.0.0.1:${server.address().port}/dns-lab/`;
  const circular = await shareFragment('circular-without-glue');
  const registrar = await shareFragment('registrar-vs-zone-ns');
  await mkdir(SCREENSHOTS, { recursive: true });
  try {
    for (const { name, viewport, columns = false } of DEVICES) {
      const size = `${viewport.width}x${viewport.height}`;
      const phone = viewport.width < 600;
      const userDataDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-phone-'));
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport,
        hasTouch: true,
        isMobile: true,
        serviceWorkers: 'block',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      const shot = (what) => page.screenshot({ path: path.join(SCREENSHOTS, `phone-${what}-${size}.png`) });
      try {
        await check(`${name} ${size}: a lesson's share link lands on the lesson, ready to step`, async () => {
          await openLink(page, url, circular);
          assert(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), 'the browser does not emulate a touch screen');
          const title = await page.locator(ui.title).textContent();
          assert(/circular/i.test(title), `the page is titled "${title}"`);
          for (const part of [ui.stepForward, ui.stepStatus, columns ? ui.lessonHeading : ui.showLesson]) {
            const why = await whyNotSeen(page, part);
            assert(why === null, why);
          }
          const share = await graphShare(page);
          assert(share >= 1 / 3, `the graph shows over ${Math.round(share * 100)}% of the window's height`);
          if (columns) return;
          await page.tap(ui.showLesson);
          const why = (await whyNotSeen(page, ui.lessonHeading)) ?? (await whyNotSeen(page, '#lesson .story', 0, { start: true }));
          assert(why === null, `one tap on Lesson: ${why}`);
          await shot('lesson');
          await page.tap(ui.sheetClose);
          await page.waitForSelector(`${ui.sideColumn}:not(.sheet-open)`, { state: 'attached' });
        });

        await check(`${name} ${size}: the graph's text is at least 11 px and every target at least 24 px, at the starting zoom`, async () => {
          const labels = await smallLabels(page, 11);
          assert(labels.length === 0, `too small: ${labels.slice(0, 5).join('; ')}`);
          const targets = await smallTargets(page, 24);
          assert(targets.length === 0, `too small to tap: ${targets.slice(0, 6).join('; ')}`);
          assert((await overflow(page)) <= 0, `the page scrolls ${await overflow(page)} px sideways`);
        });

        await check(`${name} ${size}: every step's narration is whole under the graph, with a 44 px Step button`, async () => {
          let steps = 0;
          while (!(await page.locator(ui.stepForward).isDisabled())) {
            const button = await page.locator(ui.stepForward).boundingBox();
            assert(button.width >= 44 && button.height >= 44, `the Step button is ${Math.round(button.width)}x${Math.round(button.height)} px`);
            await page.tap(ui.stepForward);
            steps += 1;
            assert(steps <= MAX_STEPS, `no end after ${MAX_STEPS} steps`);
            for (const part of [ui.stepStatus, ui.stepWhy, ui.stepForward]) {
              if (!(await page.locator(part).count())) continue;
              const why = await whyNotSeen(page, part, part === ui.stepForward ? 0 : phone ? 14 : 16);
              assert(why === null, `after step ${steps}: ${why}`);
            }
            const share = await graphShare(page);
            assert(share >= 1 / 3, `after step ${steps} the graph shows over ${Math.round(share * 100)}% of the window's height`);
            // The zone the query went to is in the drawing's view.
            const asked = await page.evaluate(() => {
              const chip = document.querySelector('#graph .chip.asked');
              if (!chip) return null;
              const r = chip.getBoundingClientRect();
              const f = document.querySelector('#graph').getBoundingClientRect();
              return r.left >= f.left - 1 && r.right <= f.right + 1 && r.top >= f.top - 1 && r.bottom <= f.bottom + 1;
            });
            assert(asked !== false, `after step ${steps} the server asked is out of the graph's view`);
          }
          assert(steps >= 3, `only ${steps} steps`);
          assert((await overflow(page)) <= 0, `the page scrolls ${await overflow(page)} px sideways`);
          await shot('stepped');
        });

        await check(`${name} ${size}: one finger pans the drawing, two pinch it, and a drag selects nothing`, async () => {
          const box = await page.locator(ui.graph).boundingBox();
          const middle = [box.x + box.width / 2, box.y + box.height / 2];
          const before = await graphView(page);
          await touchGesture(page, [middle], [[middle[0] - 60, middle[1] + 40]]);
          const panned = await graphView(page);
          assert(Math.abs(panned.x - before.x + 60) < 2 && Math.abs(panned.y - before.y - 40) < 2,
            `a 60 px drag moved the drawing from ${JSON.stringify(before)} to ${JSON.stringify(panned)}`);
          await touchGesture(page, [[middle[0] - 30, middle[1]], [middle[0] + 30, middle[1]]],
            [[middle[0] - 60, middle[1]], [middle[0] + 60, middle[1]]]);
          const pinched = await graphView(page);
          assert(Math.abs(pinched.scale / panned.scale - 2) < 0.05, `spreading two fingers twice as far scaled ${panned.scale} to ${pinched.scale}`);
          // A drag that starts on a zone's name pans; it does not select the zone.
          const label = await page.locator(`${ui.zones} .zone-label`).first().boundingBox();
          await touchGesture(page, [[label.x + 5, label.y + 5]], [[label.x + 45, label.y + 35]]);
          assert((await page.locator(`${ui.sideColumn}.has-selection`).count()) === 0, 'a drag selected a zone');
          await page.tap(ui.zoomFit);
        });

        await check(`${name} ${size}: tapping example.test. opens the inspector as a sheet, both NS sets in view`, async () => {
          await openLink(page, url, registrar);
          const zone = page.locator(ui.zoneLabel('example.test.'));
          await zone.tap();
          await page.waitForSelector(`${ui.sideColumn}.sheet-open ${ui.cutTable}`);
          await assertBothNsSetsSeen(page);
          // Side by side: the registrar's column left of the zone's.
          const cols = await page.$$eval(`${ui.cutTable} thead th`, (ths) => ths.map((th) => th.getBoundingClientRect().left));
          assert(cols.length >= 2 && cols[0] < cols[1], `the table's columns are at ${cols}`);
          const why = await whyNotSeen(page, ui.zoneLabel('example.test.'));
          assert(why === null, `the selected zone above the sheet: ${why}`);
          const targets = await smallTargets(page, 24);
          assert(targets.length === 0, `too small to tap: ${targets.slice(0, 6).join('; ')}`);
          assert((await overflow(page)) <= 0, `the page scrolls ${await overflow(page)} px sideways`);
          await shot('inspector');
        });

        if (!columns) await check(`${name} ${size}: the diagnostics and the library are one tap away, the toolbar a menu`, async () => {
          await page.tap(ui.showDiagnostics);
          let why = await whyNotSeen(page, '#diagnostics-heading');
          assert(why === null, `one tap on the diagnostics: ${why}`);
          await shot('diagnostics');
          await page.tap(ui.sheetClose);
          assert((await page.locator(`${ui.sideColumn}.sheet-open`).count()) === 0, 'Close left the sheet open');
          await page.tap(ui.toolbarMenu);
          for (const item of [ui.undo, ui.share, ui.compareToggle, ui.classroomToggle]) {
            why = await whyNotSeen(page, item);
            assert(why === null, `the menu: ${why}`);
          }
          assert((await smallTargets(page, 24)).length === 0, `too small to tap in the menu: ${await smallTargets(page, 24)}`);
          await shot('menu');
          await page.tap(ui.share);
          why = await whyNotSeen(page, ui.shareLink);
          assert(why === null, `the share link: ${why}`);
          assert((await overflow(page)) <= 0, `with the share box the page scrolls ${await overflow(page)} px sideways`);
          await page.tap(ui.openPicker);
          why = await whyNotSeen(page, ui.pickerSearch);
          assert(why === null, `one tap on the library: ${why}`);
          await shot('library');
          await page.tap(ui.pickerClose);
        });
      } finally {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      }
    }

    // The narrowest phone, and a phone on its side.
    for (const viewport of [{ width: 320, height: 640 }, { width: 844, height: 390 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      const context = await (await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })).newContext({
        viewport, hasTouch: true, isMobile: true, serviceWorkers: 'block',
      });
      const page = await context.newPage();
      try {
        await check(`${size}: nothing scrolls sideways, and the stepped narration is whole beside the graph`, async () => {
          await openLink(page, url, circular);
          assert((await overflow(page)) <= 0, `the page scrolls ${await overflow(page)} px sideways`);
          for (let i = 0; i < 4; i += 1) await page.tap(ui.stepForward);
          for (const part of [ui.stepStatus, ui.stepWhy, ui.stepForward]) {
            const why = await whyNotSeen(page, part, part === ui.stepForward ? 0 : 14);
            assert(why === null, why);
          }
          // So short a window leaves the graph less than a third; on its side, not.
          if (viewport.width > viewport.height) {
            const share = await graphShare(page);
            assert(share >= 1 / 3, `the graph shows over ${Math.round(share * 100)}% of the window's height`);
          }
          await page.tap(ui.toolbarMenu);
          assert((await overflow(page)) <= 0, `with the menu open the page scrolls ${await overflow(page)} px sideways`);
          await page.tap(ui.toolbarMenu);
          await page.tap(ui.showInspector);
          assert((await overflow(page)) <= 0, `with the sheet open the page scrolls ${await overflow(page)} px sideways`);
          await page.screenshot({ path: path.join(SCREENSHOTS, `phone-stepped-${size}.png`) });
        });
      } finally {
        await context.browser().close();
      }
    }
  } finally {
    server.close();
  }
}

// A failure to set up (no build, no browser) counts as one failed check.
await check('the journeys ran to their end (the build, the server and the browser were there)', main);
summarize();
