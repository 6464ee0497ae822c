// Accessibility: axe-core (WCAG 2.0–2.2 A and AA, and best practice) in every state the
// journeys reach: the first page, stepping, a zone selected, the library open, Classroom, the
// dig console used, a broken scenario, at a laptop's and a phone's size. axe is injected into
// a test-only context that bypasses the page's Content-Security-Policy; the shipped page keeps
// its CSP. Run it after `trunk build --release` (scripts/test.sh does).
//
//   node tests/e2e/a11y.mjs
//
// Environment: CHROMIUM_BIN, DIST_DIR, as for journeys.mjs. Prints one line per state and the
// violations found, and ends with "N passed, M failed".

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assert, check, summarize } from './harness.mjs';
import { gone, openApp, selectZone, ui } from './pages.mjs';
import { CHROMIUM_ARGS, serveStatic } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The violations axe finds on the page as it is, one line each with where. */
async function audit(page) {
  const results = await page.evaluate(
    async (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    TAGS,
  );
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help}; e.g. ${v.nodes
        .slice(0, Number(process.env.A11Y_NODES ?? 3))
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}

async function main() {
  if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
    throw new Error(`${DIST}/index.html not found: run \`trunk build --release\` first`);
  }
  const axeSource = await readFile(AXE, 'utf8');
  const server = await serveStatic(DIST, { base: '/dns-lab/' });
  const url = `http://127.0.0.1:${server.address().port}/dns-lab/`;
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-a11y-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      bypassCSP: true,
      viewport: { width: 1280, height: 720 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    const state = async (name, reach) => {
      await check(`axe: no violations ${name}`, async () => {
        await reach();
        if (!(await page.evaluate(() => Boolean(window.axe)))) {
          await page.addScriptTag({ content: axeSource });
        }
        const violations = await audit(page);
        assert(violations.length === 0, violations.join('\n'));
      });
    };

    await state('on the first page', async () => {
      await openApp(page, url);
    });
    await state('while stepping', async () => {
      for (let i = 0; i < 3; i += 1) await page.click(ui.stepForward);
    });
    await state('with a zone selected', async () => {
      await selectZone(page, 'example.test.');
    });
    await state('with the library open', async () => {
      await page.click(ui.openPicker);
      await page.waitForSelector(`${ui.pickerOpen} .picker-entry`);
    });
    await state('with a broken scenario open', async () => {
      await page.fill(ui.pickerSearch, 'circular');
      await page.click(ui.openScenario('circular-without-glue'));
      await gone(page, ui.picker);
      await page.waitForSelector(ui.findings);
    });
    await state('after the dig console ran', async () => {
      await page.fill(ui.digInput, 'dig www.example.test. A');
      await page.press(ui.digInput, 'Enter');
      await page.waitForSelector('.dig-entry');
    });
    await state('in predict mode, after a step', async () => {
      await page.click('#predict-toggle');
      await page.check('#predict-0');
      await page.click(ui.stepForward);
      await page.waitForSelector('#predict-verdict');
    });
    await state('with the lesson maker open', async () => {
      await page.click('#make-lesson');
      await page.waitForSelector('dialog#author[open]');
    });
    await state('while a fix is recorded', async () => {
      await page.click('#author-record');
      await page.waitForSelector('#recording-banner');
    });
    await state('after the lesson maker closed', async () => {
      await page.click('#author-stop');
      await page.waitForSelector('dialog#author[open]');
      await page.click('#author-close');
      await gone(page, 'dialog#author');
    });
    await state('in Classroom mode', async () => {
      await page.click(ui.classroomToggle);
      await page.waitForSelector(ui.classroom);
    });
    await state('on a phone', async () => {
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 390, height: 844 });
      await gone(page, ui.classroom);
    });
    await check('the step buttons are 44 px targets on a phone', async () => {
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('.stepper button')]
          .map((b) => ({ id: b.id, box: b.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 44 || box.height < 44)
          .map(({ id, box }) => `${id} ${Math.round(box.width)}x${Math.round(box.height)}`),
      );
      assert(small.length === 0, `too small: ${small.join(', ')}`);
    });
  } finally {
    await context?.close();
    server.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
  summarize();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
