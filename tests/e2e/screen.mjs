// The learner's screen at the sizes of a classroom projector and a laptop (1024×768, 1280×720),
// normal and in Classroom mode: what DNS Lab exists to show must be *visible*, not only present.
//
// - After every step of the circular-delegation and the registrar-vs-zone lessons, the whole
//   narration (the status line and the step's explanation) is inside the window, not clipped by
//   its box, not covered, at 16 px or more (24 px in Classroom mode), with the graph in view
//   over at least a third of the window.
// - The registrar-vs-zone drawing names the NS names only the registrar lists and those only
//   the zone lists.
// - An hour later in that lesson, a step's narration names the switch to the zone's own NS set.
// - No zone is cut off at the graph's edges while stepping, nor after leaving Classroom mode.
// - The mismatch is mended from the table's in-place edits, and the lesson's challenge passes.
// - Compare steps both runs one step at a time to the end of the longer; the share box closes
//   when another world opens or Classroom mode starts.
// - Selecting example.test. in that lesson puts both NS sets (the registrar's ns1.newdns.test,
//   the zone's own ns1.olddns.test) in view, side by side, with the graph still in view.
//
//   node tests/e2e/screen.mjs
//
// Run it after the release build. Environment: DIST_DIR (default dist), CHROMIUM_BIN,
// E2E_SCREENSHOTS (default target/e2e; one screenshot per viewport, mode and lesson).
// Prints one line per check and ends with "N passed, M failed"; exits 1 if any check failed.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assert, assertBothNsSetsSeen, check, summarize, whyNotSeen } from './harness.mjs';
import { graphShare, openApp, openFromLibrary, openTab, ui } from './pages.mjs';
import { CHROMIUM_ARGS, serveStatic } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? path.join(ROOT, 'target', 'e2e');
const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
];
const MAX_STEPS = 40;

/** Zones the graph's drawing cuts off at its edges (a fitted view shows them all). */
const zonesCutOff = (page) =>
  page.evaluate(({ graph, zones }) => {
    const frame = document.querySelector(graph).getBoundingClientRect();
    return [...document.querySelectorAll(zones)]
      .filter((zone) => {
        const r = zone.getBoundingClientRect();
        return r.top < frame.top - 1 || r.bottom > frame.bottom + 1 || r.left < frame.left - 1 || r.right > frame.right + 1;
      })
      .map((zone) => zone.dataset.apex);
  }, { graph: ui.graph, zones: ui.zones });

// The words a learner would search the library for.
const SEARCH = { 'circular-without-glue': 'circular', 'registrar-vs-zone-ns': 'registrar' };

async function openLesson(page, id) {
  await openFromLibrary(page, id, SEARCH[id]);
  await page.waitForSelector(ui.lessonTry);
  await page.click(ui.lessonTry);
  // "Resolve it" shows the whole resolution; go back to its first step to walk through it.
  await page.click(ui.stepReset);
  await page.waitForSelector(ui.stepForwardEnabled);
}

/** Steps to the end; after every step the narration must be seen whole beside the graph. */
async function stepThrough(page, minPx) {
  let steps = 0;
  while (!(await page.locator(ui.stepForward).isDisabled())) {
    await page.click(ui.stepForward);
    steps += 1;
    assert(steps <= MAX_STEPS, `no end after ${MAX_STEPS} steps`);
    const notes = [];
    for (const note of [ui.stepNsSet, ui.cacheNote]) if (await page.locator(note).count()) notes.push(note);
    for (const part of [ui.stepStatus, ui.stepWhy, ...notes]) {
      const why = await whyNotSeen(page, part, minPx);
      if (why) {
        const text = (await page.locator(part).textContent()).slice(0, 80);
        throw new Error(`after step ${steps}: ${why} ["${text}…"]`);
      }
    }
    const share = await graphShare(page);
    assert(share >= 1 / 3, `after step ${steps} the graph shows over ${Math.round(share * 100)}% of the window's height`);
    const cut = await zonesCutOff(page);
    assert(cut.length === 0, `after step ${steps} the graph cuts off ${cut.join(', ')}`);
  }
  return steps;
}

async function main() {
  const server = await serveStatic(DIST, { base: '/dns-lab/' });
  const url = `http://127.0.0.1:${server.address().port}/dns-lab/`;
  await mkdir(SCREENSHOTS, { recursive: true });
  try {
    for (const viewport of VIEWPORTS) {
      const size = `${viewport.width}x${viewport.height}`;
      const userDataDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-screen-'));
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport,
        serviceWorkers: 'block',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      const shot = (name) => page.screenshot({ path: path.join(SCREENSHOTS, `screen-${name}-${size}.png`) });
      try {
        await openApp(page, url);

        for (const lesson of ['circular-without-glue', 'registrar-vs-zone-ns']) {
          await check(`${size}: every step of ${lesson} is narrated whole beside the graph`, async () => {
            await openLesson(page, lesson);
            const steps = await stepThrough(page, 16);
            assert(steps >= 3, `only ${steps} steps`);
            await shot(lesson);
          });
        }

        await check(`${size}: after the clock moves, the narration names the switch to the zone's own NS set, in view`, async () => {
          await openTab(page, 'cache');
          await page.click(ui.clockHour);
          await page.waitForSelector(ui.stepForwardEnabled);
          let named = false;
          for (let step = 1; step <= MAX_STEPS && !named; step += 1) {
            if (await page.locator(ui.stepForward).isDisabled()) break;
            await page.click(ui.stepForward);
            const note = page.locator(ui.stepNsSet);
            if ((await note.count()) && /^NS set: example\.test's own \(ns1\.olddns\.test/.test(await note.textContent())) {
              const why = await whyNotSeen(page, ui.stepNsSet, 16);
              assert(why === null, `after step ${step}: ${why}`);
              named = true;
            }
          }
          assert(named, 'no step names the zone\'s own NS set after the clock moved');
          await shot('registrar-an-hour-later');
        });

        await check(`${size}: the drawing names the NS names only the registrar or only the zone lists`, async () => {
          const labels = await page.locator(`${ui.badge} text`).allTextContents();
          assert(labels.includes('registrar only: ns1.newdns.test, ns2.newdns.test'), `labels: ${JSON.stringify(labels)}`);
          assert(labels.includes('zone only: ns1.olddns.test, ns2.olddns.test'), `labels: ${JSON.stringify(labels)}`);
          const why = await whyNotSeen(page, ui.badge, 0);
          assert(why === null, why);
        });

        await check(`${size}: selecting example.test. shows both NS sets side by side, in view`, async () => {
          await page.click(ui.zoneLabel('example.test.'));
          await page.waitForSelector(ui.cutTable);
          await assertBothNsSetsSeen(page);
          const share = await graphShare(page);
          assert(share >= 1 / 3, `with the inspector open the graph shows over ${Math.round(share * 100)}%`);
          await shot('registrar-selected');
        });

        await check(`${size}: the mismatch is mended from the side-by-side table, and the lesson's challenge passes`, async () => {
          await openLesson(page, 'registrar-vs-zone-ns');
          await page.click(ui.zoneLabel('example.test.'));
          await page.waitForSelector(ui.cutTable);
          // The zone's own set is made the registrar's: add the new provider's servers, drop the old.
          for (const label of [
            "Add ns1.newdns.test to example.test's own NS records",
            "Add ns2.newdns.test to example.test's own NS records",
            "Remove ns1.olddns.test from example.test's own NS records",
            "Remove ns2.olddns.test from example.test's own NS records",
          ]) {
            const button = page.getByRole('button', { name: label, exact: true });
            const why = await whyNotSeen(page, `button[aria-label="${label}"]`, 0);
            assert(why === null, why);
            await button.click();
          }
          const summary = await page.locator(`${ui.cutTable} + .cut-summary`).textContent();
          assert(/Both sides list the same name servers/.test(summary), `the table says ${summary}`);
          assert((await page.locator(`${ui.cutTable} tbody`).count()) === 2, 'not two rows, one a server');
          assert((await page.locator(ui.badge).count()) === 0, 'the graph still labels a mismatch');
          await page.waitForFunction((status) => /Passed/.test(document.querySelector(status)?.textContent ?? ''), ui.challengeStatus);
          await shot('registrar-mended');
        });

        await check(`${size}: Compare steps both runs to the end of the longer, in view beside the graph`, async () => {
          await openLesson(page, 'registrar-vs-zone-ns');
          await page.click(ui.compareToggle);
          await page.waitForSelector(ui.compare);
          try {
            let previous = 0;
            for (let step = 1; step <= MAX_STEPS; step += 1) {
              if (await page.locator(ui.stepForward).isDisabled()) break;
              await page.click(ui.stepForward);
              // Each column lists its latest steps, numbered from where they start.
              const counts = await page.$$eval(`${ui.compare} .compare-steps`, (lists) => lists.map((l) => l.start - 1 + l.children.length));
              const furthest = Math.max(...counts);
              assert(furthest === previous + 1, `after step ${step} the longer column shows ${furthest} steps, expected ${previous + 1}`);
              previous = furthest;
              for (const part of [ui.stepStatus, ui.stepForward, `${ui.compare} .compare-columns`]) {
                const why = await whyNotSeen(page, part, part === ui.stepStatus ? 16 : 0);
                assert(why === null, `after step ${step}: ${why}`);
              }
              const share = await graphShare(page);
              assert(share >= 1 / 3, `after step ${step} the graph shows over ${Math.round(share * 100)}% of the window's height`);
            }
            await shot('compare');
          } finally {
            await page.click(ui.compareToggle);
            await page.waitForSelector(ui.compare, { state: 'detached' });
          }
        });

        await check(`${size}: the share box closes when another world opens or Classroom mode starts`, async () => {
          await page.click(ui.share);
          await page.waitForSelector(ui.shareLink);
          await page.click(ui.classroomToggle);
          await page.waitForSelector(ui.classroom);
          assert((await page.locator(ui.shareLink).count()) === 0, 'the share box stayed open into Classroom mode');
          await page.keyboard.press('Escape');
          await page.waitForSelector(ui.notClassroom);
          await page.click(ui.share);
          await page.waitForSelector(ui.shareLink);
          await openLesson(page, 'circular-without-glue');
          assert((await page.locator(ui.shareLink).count()) === 0, 'the share box stayed open over another world');
        });

        await check(`${size}: in Classroom mode the narration is at 24 px and whole, beside the graph`, async () => {
          await openLesson(page, 'circular-without-glue');
          await page.click(ui.classroomToggle);
          await page.waitForSelector(ui.classroom);
          const steps = await stepThrough(page, 24);
          assert(steps >= 3, `only ${steps} steps`);
          await shot('classroom');
          await page.keyboard.press('Escape');
          await page.waitForSelector(ui.notClassroom);
          // Classroom's larger drawing does not stay: the view fits the normal layout again.
          await page.waitForTimeout(100);
          const cut = await zonesCutOff(page);
          assert(cut.length === 0, `after leaving Classroom mode the graph cuts off ${cut.join(', ')}`);
        });
      } finally {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      }
    }
  } finally {
    server.close();
  }
}

// A failure to set up (no build, no browser) counts as one failed check.
await check('the journeys ran to their end (the build, the server and the browser were there)', main);
summarize();
