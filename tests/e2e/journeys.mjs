// End-to-end journeys: serve the release build in dist/ on a loopback port, under a sub-path
// (/dns-lab/) as a project site would be, open it in headless
// Debian Chromium through playwright-core, and walk through what a learner does: see the
// default scenario's graph, step through a resolution, break glue and mend it, make a circular
// delegation. Run it after `trunk build --release` (scripts/test.sh does both).
//
//   node tests/e2e/journeys.mjs
//
// How it is organised: each `journey(...)` below is one short story, its checks run in order on
// a page of its own (a fresh browser context, the app opened anew), so a journey that fails
// cannot hide the ones after it. Every journey starts from the default scenario and builds the
// world it needs itself (journey 5 first builds journey 4's garden.test.). Where the app's
// parts are and the moves a learner makes (ask a query, step to the end, edit a zone) live in
// pages.mjs; what a check is, and the closing count, in harness.mjs.
//
// The expected content comes from the default scenario file (DEFAULT_SCENARIO below).
// Environment: CHROMIUM_BIN (default /usr/bin/chromium), DIST_DIR (default dist next to the
// repo root), E2E_SCREENSHOTS (where to save screenshots; default target/e2e), E2E_ONLY (run
// only the journeys whose title holds this text, while working on one).
// Prints one line per check and ends with "N passed, M failed"; exits 1 if any check failed.

import { mkdtemp, readFile, rm, stat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assert, check, summarize, whyNotSeen } from './harness.mjs';
import {
  appRunning,
  ask,
  buildZone,
  editZone,
  exportFile,
  gone,
  importFile,
  openApp,
  openFromLibrary,
  openTab,
  runQuery,
  selectZone,
  stepStatus,
  stepToEnd,
  ui,
} from './pages.mjs';
import { CHROMIUM_ARGS, serveStatic } from './static-server.mjs';
import { teacherLesson } from './teacher.mjs';

const ONLY = process.env.E2E_ONLY ?? '';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The scenario the app opens with (what `sim::scenarios::default_scenario()` loads): the page
// must show its title and one list item per zone and per server.
const DEFAULT_SCENARIO = path.join(ROOT, 'src', 'sim', 'scenarios', 'default.json');
const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
// Screenshots of each journey land here (under target/, which git ignores).
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? path.join(ROOT, 'target', 'e2e');
const TIMEOUT_MS = 30_000;
// A zone file with a second zone of its own: imported alone, nothing serves or delegates it.
const STORE_ZONE = '$ORIGIN store.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.53\nwww A 192.0.2.80\n';

// Records an operator's zone file holds beside the basics: types kept as data, a private type in
// RFC 3597's generic form, a wildcard and a DNAME (old.example.test. is renamed to example.test.).
const REAL_DATA = [
  '@        IN CAA   0 issue "ca.test"',
  'host     IN HINFO "PC" "NetBSD"',
  'private  IN TYPE65534 \\# 2 0A01',
  '*.wild   IN A     198.51.100.99',
  'old      IN DNAME example.test.',
  '@        IN DNSKEY 257 3 13 kXKkvWU3vGYfTJGl3qBd4qhiWp5aRs7YtkCJxD2d+t7KXqwahww5IgJtxJT2yFItlggazyfXqJEVOmMJ3qT0tQ==',
].join('\n');

// What every journey's page reported as broken (console errors, page errors, failed requests),
// named by journey; the last check asks that there be none.
const problems = [];

/**
 * Runs one journey: `body` gets a page of its own in a fresh browser context (no storage and
 * no history shared with another journey), the app opened on it unless `open` is false, and
 * `setup` run after. When the page cannot be made ready, each of the journey's checks fails
 * saying why instead of waiting out its timeout, and the count of checks stays the same.
 */
async function journey({ browser, url, title, open = true, setup }, body) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  // Closing the context cancels what the page still fetches: not the page's fault.
  let closing = false;
  const problem = (text) => closing || problems.push(`${title}: ${text}`);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problem(`console error: ${msg.text()}`);
  });
  // A page error (say, the wasm failed to load) ends every wait at once instead of at its
  // timeout: the app will not mount after that.
  let rejectOnPageError;
  const pageErrored = new Promise((_, reject) => (rejectOnPageError = reject));
  pageErrored.catch(() => {});
  page.on('pageerror', (error) => {
    problem(`page error: ${error.message}`);
    rejectOnPageError(new Error(`the page threw: ${error.message}`));
  });
  page.on('requestfailed', (req) => problem(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problem(`HTTP ${res.status()}: ${res.url()}`);
  });
  const waitFor = (selector) => Promise.race([page.waitForSelector(selector), pageErrored]);
  const shot = async (name) => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };
  const session = { page, waitFor, shot, pageErrored };
  let notReady = null;
  try {
    if (open) await Promise.race([openApp(page, url), pageErrored]);
    await setup?.(session);
  } catch (error) {
    notReady = error;
  }
  const checkHere = (name, fn) =>
    check(name, async () => {
      if (notReady) throw new Error(`${title} could not start: ${notReady.message}`);
      await fn();
    });
  try {
    await body({ ...session, check: checkHere });
  } finally {
    closing = true;
    await context.close().catch(() => {});
  }
}

/**
 * Journey 4's new domain, built from the forms as a DNS host and a registrar would: a server
 * ns1.garden.test. and the zone garden.test. it serves, delegated from test., with
 * www.garden.test. A 198.51.100.91, resolved. Journey 5 starts from this world too.
 */
async function buildGarden({ page, waitFor }) {
  await buildZone(page, { host: 'ns1.garden.test.', address: '198.51.100.90', apex: 'garden.test.', www: '198.51.100.91' });
  // One name server only: resolution works, and diagnostics warns.
  await waitFor(ui.finding('single-name-server'));
  const status = await runQuery(page, 'www.garden.test.');
  assert(/NOERROR/.test(status), `resolution of the new name failed: ${status}`);
  const trace = await page.locator(ui.trace).textContent();
  assert(trace.includes('198.51.100.91'), `the trace has no answer address:\n${trace}`);
}

/**
 * Opens ns2.example.test.'s own copy of example.test., changes an address in it (a finding
 * says the copies differ), then lets it go back to the shared zone (the finding goes): the
 * last edit is one that undo can take back.
 */
async function divergeCopy({ page, waitFor }) {
  await selectZone(page, 'example.test.');
  await page.check(ui.divergedToggle('ns2-example-test'));
  await waitFor(ui.zoneCopy);
  const label = await page.locator(ui.zoneTextLabel).textContent();
  assert(label.includes("ns2.example.test.'s own copy"), `the editor is labelled ${label}`);
  const copy = await page.inputValue(ui.zoneText);
  await page.fill(ui.zoneText, copy.replace('198.51.100.80', '198.51.100.81'));
  await page.click(ui.zoneApply);
  await waitFor(ui.finding('diverged-copy'));
  await page.uncheck(ui.divergedToggle('ns2-example-test'));
  await gone(page, ui.finding('diverged-copy'));
}

async function main() {
  if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
    throw new Error(`${DIST}/index.html not found: run \`trunk build --release\` first`);
  }
  const expected = JSON.parse(await readFile(DEFAULT_SCENARIO, 'utf8'));
  // Under a sub-path, as a project site on a static host is served: every URL the page uses
  // must be relative for the app to start there.
  const server = await serveStatic(DIST, { base: '/dns-lab/' });
  const url = `http://127.0.0.1:${server.address().port}/dns-lab/`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    // run(title, [options,] body): one journey, on a page of its own (see journey()).
    const run = (title, ...rest) => {
      const [options, body] = rest.length === 1 ? [{}, rest[0]] : rest;
      if (ONLY && !title.includes(ONLY)) return undefined;
      return journey({ browser, url, title, ...options }, body);
    };

    await run('opening the app', { open: false }, async ({ page, waitFor, pageErrored, check }) => {
      await check('the page loads and has a title', async () => {
        const response = await page.goto(url, { waitUntil: 'load' });
        assert(response?.ok(), `GET ${url} answered ${response?.status()}`);
        const title = await page.title();
        assert(title.includes('DNS Lab'), `document title is ${JSON.stringify(title)}`);
        const lang = await page.getAttribute('html', 'lang');
        assert(lang === 'en', `<html lang> is ${JSON.stringify(lang)}`);
      });

      await check('the app mounts: heading "DNS Lab"', async () => {
        await Promise.race([appRunning(page), pageErrored]);
        const text = (await page.locator(ui.heading).textContent())?.trim();
        assert(text === 'DNS Lab', `h1 is ${JSON.stringify(text)}`);
      });

      await check('the default scenario is shown: its title in the header', async () => {
        await waitFor(ui.title);
        const text = (await page.locator(ui.title).textContent())?.trim();
        assert(
          text === expected.title,
          `scenario title is ${JSON.stringify(text)}, expected ${JSON.stringify(expected.title)}`,
        );
      });
    });

    // Journey 1: the graph appears; query www of a domain and step to the answer.
    await run('journey 1', async ({ page, waitFor, shot, check }) => {
      await check('journey 1: the hierarchy graph draws every zone, root on top', async () => {
        await waitFor(ui.zones);
        const apexes = await page.$$eval(ui.zones, (els) => els.map((el) => el.dataset.apex));
        assert(
          apexes.length === expected.zones.length,
          `${apexes.length} zones drawn (${apexes}), the scenario has ${expected.zones.length}`,
        );
        const top = async (apex) => Number(await page.getAttribute(ui.zoneBox(apex), 'y'));
        assert((await top('.')) < (await top('test.')), 'the root is not above test.');
        assert((await top('test.')) < (await top('example.test.')), 'test. is not above example.test.');
        const chips = await page.locator(ui.serverChips('.')).count();
        assert(chips === 2, `the root shows ${chips} server chips, expected 2`);
        await shot('journey1-graph');
      });

      await check('journey 1: step through www.shop.test A to the answer', async () => {
        await ask(page, 'www.shop.test.', 'A');
        await waitFor(ui.stepForwardEnabled);
        const steps = await stepToEnd(page, 60);
        assert(steps >= 3, `only ${steps} steps to resolve www.shop.test`);
        const status = await stepStatus(page);
        assert(/NOERROR/.test(status), `the status at the end says ${JSON.stringify(status)}`);
        const trace = await page.locator(ui.trace).textContent();
        assert(trace.includes('203.0.113'), `the trace has no answer address:\n${trace}`);
        await shot('journey1-answer');
      });

      await check('journey 1: arrow keys step back and forward', async () => {
        await page.locator(ui.stepStatus).click();
        const before = await stepStatus(page);
        await page.keyboard.press('ArrowLeft');
        const back = await stepStatus(page);
        assert(back !== before, 'ArrowLeft did not step back');
        await page.keyboard.press('ArrowRight');
        const again = await stepStatus(page);
        assert(again === before, `ArrowRight did not step forward again: ${again}`);
      });
    });

    // Journey 2: remove the glue of in-domain name servers, then put it back.
    await run('journey 2', async ({ page, waitFor, shot, check }) => {
      let testZone;
      await check('journey 2: without glue, diagnostics, graph and resolver all show it', async () => {
        testZone = await editZone(page, 'test.', (text) =>
          text
            .split('\n')
            .filter((line) => !/^ns[12]\.example\s/.test(line))
            .join('\n'),
        );
        await waitFor(ui.finding('missing-glue'));
        const badge = (await page.locator(ui.brokenCount).textContent())?.trim();
        assert(!/^✖ 0\b/.test(badge), `the header badge says ${badge}`);
        const edge = await page.getAttribute(ui.delegation('example.test.'), 'class');
        assert(edge.includes('broken'), `the delegation to example.test. is drawn as ${edge}`);
        const status = await runQuery(page, 'www.example.test.');
        assert(/SERVFAIL/.test(status), `resolution did not fail: ${status}`);
        await shot('journey2-missing-glue');
      });

      await check('journey 2: putting the glue back brings the answer back', async () => {
        await editZone(page, 'test.', () => testZone);
        await gone(page, ui.finding('missing-glue'));
        const status = await runQuery(page, 'www.example.test.');
        assert(/NOERROR/.test(status), `resolution did not succeed again: ${status}`);
        assert((await page.locator(ui.noFindings).count()) === 1, 'findings remain');
      });
    });

    // Journey 3: a circular delegation is drawn and named.
    await run('journey 3', async ({ page, waitFor, shot, check }) => {
      await check('journey 3: a circular delegation is drawn and named', async () => {
        await editZone(page, 'example.', (text) =>
          text.replace(/^hosting(\s+\d+\s+IN\s+NS\s+)ns1\.hosting\.example\.$/m, 'hosting$1ns1.shop.test.')
            .replace(/^hosting\s+\d+\s+IN\s+NS\s+ns2\.hosting\.example\.\n/m, ''),
        );
        await waitFor(ui.finding('circular-delegation'));
        const label = await page.locator(ui.cycleLabel).first().textContent();
        assert(
          label.includes('hosting.example → ns1.shop.test → shop.test'),
          `the cycle label reads ${JSON.stringify(label)}`,
        );
        const looped = await page.locator(ui.crossInCycle).count();
        assert(looped >= 2, `${looped} cross edges are drawn as part of the cycle`);
        const status = await runQuery(page, 'www.shop.test.');
        assert(/SERVFAIL/.test(status), `resolution did not fail: ${status}`);
        await shot('journey3-cycle');
      });
    });

    await run('a bad zone edit', async ({ page, waitFor, check }) => {
      await check('a bad zone edit keeps the text and says where it is wrong', async () => {
        await editZone(page, 'shop.test.', (text) => text + 'www2 IN A 300.1.2.3\n');
        await waitFor(ui.zoneProblem);
        const problem = await page.locator(ui.zoneProblem).first().textContent();
        assert(/line \d+, col \d+/.test(problem), `the problem has no line and column: ${problem}`);
        const kept = await page.inputValue(ui.zoneText);
        assert(kept.includes('300.1.2.3'), 'the text typed was lost');
      });
    });

    // Journey 4: build a new domain from the forms, as a DNS host and a registrar would.
    await run('journey 4', async (session) => {
      const { check, shot } = session;
      await check('journey 4: a new server and a delegated zone, built from the forms, answer', async () => {
        await buildGarden(session);
        await shot('journey4-new-zone');
      });

      await check("journey 4: a server's own diverged copy is opened, edited and diagnosed", async () => {
        await divergeCopy(session);
      });
    });

    // Journey 5: never lose work, in journey 4's world (its last edit the diverged copy let go).
    const journey4World = async (session) => {
      await buildGarden(session);
      await divergeCopy(session);
    };
    await run('journey 5', { setup: journey4World }, async ({ page, waitFor, pageErrored, check }) => {
      const findingCount = (kind) => page.locator(ui.finding(kind)).count();
      await check('journey 5: undo and redo step through the edits', async () => {
        assert((await findingCount('diverged-copy')) === 0, 'the diverged copy is still there');
        await page.click(ui.undo);
        await waitFor(ui.finding('diverged-copy'));
        await page.click(ui.redo);
        await gone(page, ui.finding('diverged-copy'));
      });

      await check('journey 5: after a reload the work is still there', async () => {
        // Let the debounced autosave run, then reload.
        await page.waitForTimeout(1000);
        await page.reload({ waitUntil: 'load' });
        await Promise.race([appRunning(page), pageErrored]);
        await waitFor(ui.zone('garden.test.'));
        const query = await page.inputValue(ui.queryName);
        assert(query === 'www.garden.test.', `the query name is ${query}`);
        assert((await findingCount('single-name-server')) === 1, 'the findings are not the same');
      });

      await check('journey 5: a change made just before a reload is not lost', async () => {
        // No wait for the debounced autosave: the page saves what is waiting as it goes away.
        await ask(page, 'mail.garden.test.');
        await page.reload({ waitUntil: 'load' });
        await Promise.race([appRunning(page), pageErrored]);
        await waitFor(ui.zone('garden.test.'));
        const query = await page.inputValue(ui.queryName);
        assert(query === 'mail.garden.test.', `the query name is ${query}, the change before the reload was lost`);
        await ask(page, 'www.garden.test.');
      });

      let shareLink;
      await check('journey 5: a share link opens the same world in a fresh browser profile', async () => {
        await page.click(ui.share);
        await waitFor(ui.shareLink);
        shareLink = await page.inputValue(ui.shareLink);
        assert(shareLink.includes('#s='), `the link is ${shareLink}`);
        await page.press(ui.shareLink, 'Escape');
        assert((await page.locator(ui.shareLink).count()) === 0, 'Escape does not close the share box');
        const freshDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-fresh-'));
        const fresh = await chromium.launchPersistentContext(freshDir, {
          executablePath: CHROMIUM,
          headless: true,
          args: CHROMIUM_ARGS,
        });
        try {
          const other = fresh.pages()[0] ?? (await fresh.newPage());
          other.setDefaultTimeout(TIMEOUT_MS);
          await openApp(other, shareLink);
          await other.waitForSelector(ui.zone('garden.test.'));
          const notice = await other.locator(ui.notice).textContent();
          assert(notice.includes('Opened the shared scenario'), `the notice says ${notice}`);
          const address = other.url();
          assert(!address.includes('#s='), `the link stays in the address bar: ${address}`);
        } finally {
          await fresh.close();
          await rm(freshDir, { recursive: true, force: true }).catch(() => {});
        }
      });

      await check('journey 5: a damaged link is refused and nothing changes', async () => {
        const damaged = shareLink.slice(0, shareLink.length - 40);
        await page.goto(damaged, { waitUntil: 'load' });
        await waitFor(ui.notice);
        const notice = await page.locator(ui.notice).textContent();
        assert(/could not be opened/.test(notice), `the notice says ${notice}`);
        await waitFor(ui.zone('garden.test.'));
      });

      await check('journey 5: importing a broken zone file says where, and changes nothing', async () => {
        await importFile(page, 'shop.zone', 'text/plain', '$ORIGIN shop.test.\n@ SOA ns1 h 1 1 1 1 1\nwww A 1.2.3\n');
        await page.waitForFunction((notice) => /line 3, col/.test(document.querySelector(notice)?.textContent ?? ''), ui.notice);
        assert(await page.locator(ui.zone('garden.test.')).count() === 1, 'the world changed');
      });

      await check('journey 5: a zone file imported alone is a finding until something serves and delegates it', async () => {
        await importFile(page, 'store.zone', 'text/plain', STORE_ZONE);
        await waitFor(ui.finding('zone-not-delegated'));
        const badge = (await page.locator(ui.brokenCount).textContent())?.trim();
        assert(!/^✖ 0\b/.test(badge), `the badge says ${badge} beside an error`);
        // The inspector opens on the new zone and offers the parent's side of the cut.
        await waitFor(`${ui.zoneInspector('store.test.')} ${ui.delegateZone}`);
        await page.click(ui.delegateZone);
        await gone(page, ui.finding('zone-not-delegated'));
        // Delegated, but no server loads it yet: the diagnostics say so, and the inspector offers one.
        await waitFor(ui.finding('delegation-without-servers'));
        await waitFor(`${ui.zoneInspector('store.test.')} ${ui.loadZone}`);
        await page.click(ui.undo);
        await page.click(ui.undo);
        await gone(page, ui.zone('store.test.'));
      });

      await check('journey 5: a finding\'s fix applies in one step, and undoes in one', async () => {
        await importFile(page, 'store.zone', 'text/plain', STORE_ZONE);
        const finding = ui.finding('zone-not-delegated');
        await waitFor(ui.applyFix('zone-not-delegated'));
        const fix = (await page.locator(ui.findingFix('zone-not-delegated')).textContent()) ?? '';
        assert(/store\.test/.test(fix), `the fix says ${fix}`);
        await page.focus(ui.applyFix('zone-not-delegated'));
        await page.keyboard.press('Enter');
        await gone(page, finding);
        const focus = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
        assert(focus === 'diagnostics-heading', `the focus went to ${focus} when the fix's button went`);
        await page.click(ui.undo);
        await waitFor(finding);
        await page.click(ui.undo);
        await gone(page, ui.zone('store.test.'));
      });

      await check('journey 5: export the scenario as JSON and import it back', async () => {
        const download = await exportFile(page, ui.exportJson);
        const name = download.suggestedFilename();
        assert(name.endsWith('.dnslab.json'), `the file is named ${name}`);
        const file = await download.path();
        const json = JSON.parse(await readFile(file, 'utf8'));
        assert(json.zones.some((z) => z.apex === 'garden.test.'), 'the export lacks the new zone');
        json.title = 'Imported from a file';
        await importFile(page, name, 'application/json', JSON.stringify(json));
        await page.waitForFunction(([title, t]) => document.querySelector(title)?.textContent === t, [ui.title, 'Imported from a file']);
        await page.click(ui.undo);
        await page.waitForFunction(([title, t]) => document.querySelector(title)?.textContent !== t, [ui.title, 'Imported from a file']);
      });

      await check('journey 5: the graph exports as SVG and PNG pictures', async () => {
        const svg = await exportFile(page, ui.exportSvg);
        const text = await readFile(await svg.path(), 'utf8');
        assert(text.includes('<svg') && text.includes('garden.test.'), 'the SVG lacks the graph');
        const png = await exportFile(page, ui.exportPng);
        const bytes = await readFile(await png.path());
        assert(bytes.subarray(1, 4).toString() === 'PNG' && bytes.length > 5000, `the PNG is ${bytes.length} bytes`);
      });
    });

    // Real data: record types DNS Lab keeps as data, a wildcard and a DNAME, as an operator's
    // zone file has them.
    await run('real data', async ({ page, waitFor, shot, check }) => {
      await check('real data: CAA, HINFO, a private type, a wildcard and a DNAME load and are listed', async () => {
        await editZone(page, 'example.test.', (text) => `${text}\n${REAL_DATA}`);
        const types = async () =>
          page.$$eval(`${ui.zoneRecords} td.rtype`, (cells) => cells.map((c) => c.textContent.trim()));
        await page.waitForFunction(
          (table) => [...document.querySelectorAll(`${table} td.rtype`)].some((c) => c.textContent.trim() === 'CAA'),
          ui.zoneRecords,
        );
        const listed = await types();
        for (const type of ['CAA', 'HINFO', 'TYPE65534', 'DNAME']) {
          assert(listed.includes(type), `the records table lists ${listed.join(', ')}, without ${type}`);
        }
        // A key in base64 is one long word: it wraps in its cell instead of widening the table.
        const overflow = await page.$eval(ui.zoneRecords, (table) => table.scrollWidth - table.parentElement.clientWidth);
        assert(overflow <= 1, `the records table is ${overflow} px wider than the inspector`);
        await shot('real-data-records');
      });

      await check('real data: a name answered from the wildcard, and the step says which', async () => {
        await ask(page, 'anything.wild.example.test.', 'A');
        await page.click(ui.stepRun);
        const status = await stepStatus(page);
        assert(/NOERROR/.test(status), `the status says ${JSON.stringify(status)}`);
        // One step back: the server's answer, whose narration names the wildcard.
        await page.locator(ui.stepStatus).click();
        await page.keyboard.press('ArrowLeft');
        await page.waitForFunction(
          (why) => /wildcard \*\.wild\.example\.test/.test(document.querySelector(why)?.textContent ?? ''),
          ui.stepWhy,
        );
        await shot('real-data-wildcard');
      });

      await check('real data: a CAA query and the dig console show the CAA record', async () => {
        await ask(page, 'example.test.', 'CAA');
        await page.click(ui.stepRun);
        const trace = (await page.locator(ui.trace).textContent()) ?? '';
        assert(/CAA\s+0 issue "ca\.test"/.test(trace), `the trace has no CAA answer:\n${trace}`);
        await page.fill(ui.digInput, 'dig old.example.test. DNAME');
        await page.press(ui.digInput, 'Enter');
        await page.fill(ui.digInput, 'dig www.old.example.test.');
        await page.press(ui.digInput, 'Enter');
        await page.waitForFunction(() => document.querySelectorAll('.dig-entry').length >= 2);
        const last = (await page.locator('.dig-entry').last().textContent()) ?? '';
        assert(/DNAME\s+example\.test\./.test(last), `dig does not show the DNAME:\n${last}`);
        assert(/CNAME\s+www\.example\.test\./.test(last), `dig does not show the CNAME it made:\n${last}`);
      });

      await check('real data: a zone file imported with the file it includes, and a mistake there named by file', async () => {
        const main = '$ORIGIN inc.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.53\n$INCLUDE /etc/bind/hosts.inc\n';
        const files = (hosts) => [
          { name: 'inc.zone', mimeType: 'text/plain', buffer: Buffer.from(main) },
          { name: 'hosts.inc', mimeType: 'text/plain', buffer: Buffer.from(hosts) },
        ];
        await page.setInputFiles(ui.importFile, files('www A 192.0.2.80\nmail A 192.0.2.300\n'));
        await page.waitForFunction(
          (notice) => /hosts\.inc, line 2, col 8/.test(document.querySelector(notice)?.textContent ?? ''),
          ui.notice,
        );
        assert((await page.locator(ui.zone('inc.test.')).count()) === 0, 'a broken import changed the world');
        await page.setInputFiles(ui.importFile, files('www A 192.0.2.80\nmail A 192.0.2.25\n'));
        await waitFor(ui.zone('inc.test.'));
        const text = await page.inputValue(ui.zoneText);
        assert(/www A 192\.0\.2\.80/.test(text), `the zone's text lacks the included lines:\n${text}`);
      });
    });

    // The real root zone: 1,438 TLDs that lead outside the world, folded, and a TLD of the
    // learner's own that resolves through the real root servers.
    await run('real root zone', async ({ page, waitFor, shot, check }) => {
      const zonesDrawn = () => page.locator(ui.zones).count();
      await check('real root zone: opens from the library with its 13 servers, the TLDs folded into one notice', async () => {
        await openFromLibrary(page, 'real-root-zone', 'root zone');
        await waitFor(ui.finding('delegations-outside-world'));
        await gone(page, ui.zone('test.'));
        const notice = (await page.locator(ui.finding('delegations-outside-world')).textContent()) ?? '';
        assert(/1438 delegations lead outside this world/.test(notice), `the notice reads ${notice}`);
        assert((await page.locator(ui.findings).count()) === 1, 'findings other than the notice');
        assert((await zonesDrawn()) === 1, `${await zonesDrawn()} zones drawn, expected the root alone`);
        const chips = await page.locator(ui.serverChips('.')).count();
        assert(chips === 13, `the root shows ${chips} server chips`);
        const fold = (await page.locator(ui.collapsedToggle).textContent())?.trim();
        assert(fold === '+1438', `the root's fold reads ${fold}`);
      });

      await check('real root zone: the root and its fold are seen at every screen size', async () => {
        try {
          for (const [width, height] of [[1024, 768], [1280, 720], [768, 1024], [390, 844]]) {
            // As a learner opens it at that size: the world comes back from the session.
            await page.setViewportSize({ width, height });
            await page.waitForTimeout(1000);
            await page.reload();
            await waitFor(ui.collapsedToggle);
            for (const selector of [ui.zoneLabel('.'), ui.collapsedToggle]) {
              const why = await whyNotSeen(page, selector, 0, { start: true });
              assert(why === null, `at ${width}x${height}: ${why}`);
            }
            await shot(`real-root-zone-${width}x${height}`);
          }
        } finally {
          await page.setViewportSize({ width: 1280, height: 720 });
          await page.reload();
          await waitFor(ui.collapsedToggle);
        }
      });

      await check('real root zone: a root server answers NXDOMAIN for www.test.', async () => {
        const status = await runQuery(page, 'www.test.');
        assert(/NXDOMAIN/.test(status), `the status says ${status}`);
        const trace = (await page.locator(ui.trace).textContent()) ?? '';
        assert(/root-servers\.net/.test(trace), `no root server in the trace:\n${trace}`);
      });

      await check('real root zone: a TLD built from the forms resolves through the real root', async () => {
        await buildZone(page, { host: 'ns1.nic.test.', address: '192.0.2.53', apex: 'test.', www: '192.0.2.80' });
        await page.waitForFunction((status) => /Passed/.test(document.querySelector(status)?.textContent ?? ''), ui.challengeStatus);
        assert((await zonesDrawn()) === 2, `${await zonesDrawn()} zones drawn, expected the root and test.`);
        const status = await runQuery(page, 'www.test.');
        assert(/NOERROR/.test(status), `resolution of www.test. failed: ${status}`);
        const trace = (await page.locator(ui.trace).textContent()) ?? '';
        assert(trace.includes('192.0.2.80'), `the trace has no answer address:\n${trace}`);
        await shot('real-root-zone-own-tld');
      });

      await check('real root zone: the fold opens to every TLD and closes again', async () => {
        await page.click(ui.collapsedToggle);
        await page.waitForFunction((zones) => document.querySelectorAll(zones).length > 1400, ui.zones);
        await page.click(`${ui.zone('.')} .collapse-toggle`);
        await page.waitForFunction((zones) => document.querySelectorAll(zones).length === 2, ui.zones);
      });

      await check('real root zone: a reload brings the world back, the learner\'s TLD in it', async () => {
        await page.waitForTimeout(1000);
        await page.reload();
        await waitFor(ui.zone('test.'));
        await page.waitForSelector(ui.finding('delegations-outside-world'), { state: 'attached' });
        assert((await zonesDrawn()) === 2, `${await zonesDrawn()} zones drawn after the reload`);
      });
    });

    // A teacher makes a lesson, shares it, and a learner plays it in predict mode (teacher.mjs).
    await run('teacher', teacherLesson(browser, SCREENSHOTS));

    await run('keyboard', async ({ page, waitFor, check }) => {
      await check('keyboard: the scenario library is a dialog that holds the focus and gives it back', async () => {
        const focused = () => page.evaluate((picker) => {
          const active = document.activeElement;
          return { id: active?.id ?? '', inPicker: Boolean(active?.closest(picker)) };
        }, ui.picker);
        await page.focus(ui.openPicker);
        await page.keyboard.press('Enter');
        await waitFor(ui.pickerOpen);
        assert((await focused()).inPicker, 'focus stayed behind the dialog');
        for (let i = 0; i < 60; i += 1) {
          await page.keyboard.press('Tab');
        }
        assert((await focused()).inPicker, 'Tab took the focus out of the dialog');
        await page.keyboard.press('Escape');
        await gone(page, ui.picker);
        assert((await focused()).id === 'open-picker', `Escape left the focus on ${JSON.stringify(await focused())}`);
        // A click outside closes it too.
        await page.keyboard.press('Enter');
        await waitFor(ui.pickerOpen);
        await page.mouse.click(3, 3);
        await gone(page, ui.picker);
        assert((await focused()).id === 'open-picker', 'a click outside dropped the focus');
      });

      await check('keyboard: skip links reach the graph, Step, the inspector and a zone\'s records', async () => {
        // As on arriving: the focus at the start of the document.
        await page.evaluate(() => {
          document.body.tabIndex = -1;
          document.body.focus();
          document.body.removeAttribute('tabindex');
        });
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => document.activeElement?.textContent ?? '');
        assert(/Skip to the graph/.test(first), `the first Tab reaches ${first}`);
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        assert(await page.evaluate(() => document.activeElement?.id === 'step-forward'), 'the skip link did not reach Step');
        await page.keyboard.press('Enter');
        await page.click(ui.zoneLabel('example.test.'));
        await page.click(ui.jumpToRecords);
        assert(await page.evaluate(() => document.activeElement?.id === 'host-heading'), 'the jump did not reach the records');
        await page.keyboard.press('Tab');
        const next = await page.evaluate((records) => Boolean(document.activeElement?.closest(records)), ui.zoneOwnRecords);
        assert(next, 'Tab after the jump left the zone\'s records');
      });
    });

    // Journey 6: a lesson from the library, solved in the browser.
    await run('journey 6', async ({ page, waitFor, shot, check }) => {
      await check('journey 6: a challenge from the library is solved in the browser', async () => {
        await openFromLibrary(page, 'missing-glue', 'missing glue');
        await waitFor(ui.challenge);
        const before = await page.locator(ui.challengeStatus).textContent();
        assert(/Not yet/.test(before), `the challenge starts as ${before}`);
        await page.click(ui.showHint);
        await waitFor(ui.hints);
        // The learner adds the glue at the registrar, as the hints suggest.
        await page.click(ui.zoneLabel('example.test.'));
        for (const [host, address] of [['ns1.example.test.', '198.51.100.10'], ['ns2.example.test.', '198.51.100.11']]) {
          await page.fill(ui.addGlueHost, host);
          await page.fill(ui.addGlueAddress, address);
          await page.click(ui.addGlue);
        }
        await page.waitForFunction((status) => /Passed/.test(document.querySelector(status)?.textContent ?? ''), ui.challengeStatus);
        const status = await runQuery(page, 'www.example.test.');
        assert(/NOERROR/.test(status), `resolution after the fix: ${status}`);
        await shot('journey6-challenge');
      });

      await check('journey 6: compare the presets, then classroom mode steps on PageDown', async () => {
        await page.click(ui.compareToggle);
        await waitFor(ui.compareColumn('BIND-like'));
        await page.click(ui.classroomToggle);
        assert((await page.locator(ui.inspector).count()) === 0, 'the inspector is still shown');
        assert((await page.locator(ui.diagnostics).count()) === 0, 'diagnostics are still shown');
        assert(await page.locator(ui.stepForward).isVisible(), 'the stepper is hidden');
        await page.click(ui.stepReset);
        const before = await stepStatus(page);
        await page.keyboard.press('PageDown');
        await page.waitForFunction(([status, b]) => document.querySelector(status).textContent !== b, [ui.stepStatus, before]);
        await shot('journey6-classroom');
        await page.keyboard.press('Escape');
        await waitFor(ui.inspector);
        await page.click(ui.compareToggle);
      });
    });

    // DNSSEC: the host signs example.test., the registrar publishes its DS, then a new
    // provider signs it with new keys while the registrar keeps the old DS.
    await run('dnssec', async ({ page, waitFor, shot, check }) => {
      // The cryptography is a module of its own (src/ui/crypto.rs): not part of the page's load.
      const cryptoFetched = () => page.evaluate(() => performance.getEntriesByType('resource')
        .map((entry) => new URL(entry.name).pathname.split('/').pop())
        .filter((name) => name.startsWith('dns-lab-crypto')));
      await check('dnssec: a world with no signed zone never fetches the cryptography', async () => {
        await page.waitForLoadState('networkidle');
        const fetched = await cryptoFetched();
        assert(fetched.length === 0, `the page fetched ${fetched.join(', ')} before any zone was signed`);
      });

      await check('dnssec: the host signs example.test. from the inspector', async () => {
        await selectZone(page, 'example.test.');
        await page.locator(ui.signZone).scrollIntoViewIfNeeded();
        const hidden = await whyNotSeen(page, ui.signZone);
        assert(!hidden, hidden);
        await page.click(ui.signZone);
        await waitFor(ui.zoneKeys);
        const keys = await page.locator(ui.zoneKeys).textContent();
        assert(/KSK ECDSAP256SHA256 tag \d+/.test(keys) && /ZSK/.test(keys), `the keys read ${JSON.stringify(keys)}`);
        const notice = await page.locator(ui.notice).textContent();
        assert(/Signed example\.test\.: \d+ signatures\. Validators check them only once the registrar publishes its DS/.test(notice), `the notice says ${JSON.stringify(notice)}`);
        const validity = await page.locator(ui.signatureValidity).textContent();
        assert(validity.includes('valid now') && validity.includes('2026-01-01'), `validity: ${validity}`);
        assert((await page.locator(ui.publishDs).count()) === 1, 'the registrar is not offered the new DS');
        const fetched = await cryptoFetched();
        assert(fetched.some((name) => name.endsWith('.wasm')) && fetched.some((name) => name.endsWith('.js')),
          `signing fetched ${JSON.stringify(fetched)}, not the cryptography's glue and module`);
      });

      await check('dnssec: when the cryptography cannot be downloaded, signing says so, loses nothing and works once it can', async () => {
        const context = await browser.newContext({ serviceWorkers: 'block' });
        try {
          const other = await context.newPage();
          other.setDefaultTimeout(TIMEOUT_MS);
          const blocked = (route) => route.abort('internetdisconnected');
          await other.route(/dns-lab-crypto/, blocked);
          await openApp(other, url);
          await selectZone(other, 'example.test.');
          await other.click(ui.signZone);
          await other.waitForFunction((notice) => /Could not sign: the cryptography did not download/.test(document.querySelector(notice)?.textContent ?? ''), ui.notice);
          assert((await other.locator(ui.zoneKeys).count()) === 0, 'the zone shows keys though nothing was signed');
          assert((await other.locator(ui.signZone).count()) === 1, 'the signing form is gone');
          await other.unroute(/dns-lab-crypto/, blocked);
          await other.click(ui.signZone);
          await other.waitForSelector(ui.zoneKeys);
          const keys = await other.locator(ui.zoneKeys).textContent();
          assert(/KSK ECDSAP256SHA256 tag \d+/.test(keys), `after the retry the keys read ${JSON.stringify(keys)}`);
          // The page opens again on the signed world it kept: it fetches the cryptography
          // by itself, and the keys get their tags.
          await openApp(other, url);
          await selectZone(other, 'example.test.');
          await other.waitForFunction((s) => /KSK ECDSAP256SHA256 tag \d+/.test(document.querySelector(s)?.textContent ?? ''), ui.zoneKeys);
          // Opened again while the module cannot be fetched: the page says so; the next
          // signing edit fetches it, and is made.
          await other.route(/dns-lab-crypto/, blocked);
          await openApp(other, url);
          await other.waitForFunction((notice) => /The cryptography did not download/.test(document.querySelector(notice)?.textContent ?? ''), ui.notice);
          await selectZone(other, 'example.test.');
          const pending = await other.locator(ui.zoneKeys).textContent();
          assert(/tag …/.test(pending), `without the cryptography the keys read ${JSON.stringify(pending)}`);
          await other.unroute(/dns-lab-crypto/, blocked);
          await other.click(ui.resignZone);
          await other.waitForFunction((s) => /KSK ECDSAP256SHA256 tag \d+/.test(document.querySelector(s)?.textContent ?? ''), ui.zoneKeys);
        } finally {
          await context.close();
        }
      });

      await check('dnssec: the registrar publishes the DS of its KSK', async () => {
        await page.locator(ui.publishDs).scrollIntoViewIfNeeded();
        await page.click(ui.publishDs);
        await waitFor(ui.dsMatch);
        const match = await page.locator(ui.dsMatch).first().textContent();
        assert(/✔ matches the zone's KSK \d+/.test(match), `the DS reads ${JSON.stringify(match)}`);
        const ds = await page.locator(ui.registrarDs).textContent();
        assert(/example\.test\.\s+86400\s+IN\s+DS\s+\d+ 13 2 [0-9A-F]{64}/.test(ds), `the DS record reads ${ds}`);
        assert((await page.locator(ui.publishDs).count()) === 0, 'the DS is current, yet offered again');
        await shot('dnssec-signed');
      });

      await check('dnssec: a KSK rollover through CDS: the host publishes both keys, the registrar takes them', async () => {
        await page.locator(ui.publishCds).scrollIntoViewIfNeeded();
        await page.check(ui.publishCds);
        await page.click(ui.rollKsk);
        await waitFor(ui.takeCds);
        const offer = await page.locator(ui.takeCds).textContent();
        assert(/Take the DS from example\.test\.'s CDS records \(RFC 7344\)/.test(offer), `the registrar is offered ${JSON.stringify(offer)}`);
        await page.locator(ui.takeCds).scrollIntoViewIfNeeded();
        const hidden = await whyNotSeen(page, ui.takeCds);
        assert(!hidden, hidden);
        await page.click(ui.takeCds);
        await page.waitForFunction((s) => document.querySelectorAll(s).length === 2, ui.dsMatch);
        const matches = await page.locator(ui.dsMatch).allTextContents();
        assert(matches.every((m) => /✔ matches the zone's KSK \d+/.test(m)), `the DS records read ${JSON.stringify(matches)}`);
        assert((await page.locator(ui.takeCds).count()) === 0, 'the CDS is taken, yet offered again');
        await page.locator(ui.registrarDs).scrollIntoViewIfNeeded();
        await shot('dnssec-cds');
      });

      await check('dnssec: new keys at a new provider, the old DS left: it matches no key', async () => {
        await page.locator(ui.stopSigning).scrollIntoViewIfNeeded();
        await page.click(ui.stopSigning);
        await waitFor(ui.signZone);
        await page.selectOption(ui.signAlgorithm, '15');
        await page.click(ui.signZone);
        await page.waitForFunction((s) => /ED25519/.test(document.querySelector(s)?.textContent ?? ''), ui.zoneKeys);
        const match = await page.locator(ui.dsMatch).first().textContent();
        assert(/⚠ matches no key the zone publishes/.test(match), `the DS reads ${JSON.stringify(match)}`);
        await page.locator(ui.dsMatch).first().scrollIntoViewIfNeeded();
        const hidden = await whyNotSeen(page, ui.dsMatch);
        assert(!hidden, hidden);
        await shot('dnssec-old-ds');
        // Undo twice: signed with the first keys again, and the DS matches.
        await page.click(ui.undo);
        await page.click(ui.undo);
        await page.waitForFunction((s) => /✔/.test(document.querySelector(s)?.textContent ?? ''), ui.dsMatch);
      });

      await check('dnssec: with validation on, the resolver checks the chain of trust from the root down', async () => {
        // Sign test. and the root too, and publish test.'s DS at the root.
        for (const apex of ['test.', '.']) {
          await selectZone(page, apex);
          await page.locator(ui.signZone).scrollIntoViewIfNeeded();
          await page.click(ui.signZone);
          await waitFor(ui.zoneKeys);
          if (apex !== '.') {
            await page.locator(ui.publishDs).scrollIntoViewIfNeeded();
            await page.click(ui.publishDs);
            await waitFor(ui.dsMatch);
          }
        }
        await ask(page, 'www.example.test', 'A');
        await page.locator(ui.resolverSwitches).evaluate((details) => { details.open = true; });
        await page.locator(ui.validation).scrollIntoViewIfNeeded();
        await page.check(ui.validation);
        await page.click(ui.stepRun);
        await page.waitForFunction((s) => /secure, with the AD flag/.test(document.querySelector(s)?.textContent ?? ''), ui.stepStatus);
        await openTab(page, 'trace');
        const trace = await page.locator(ui.trace).textContent();
        for (const line of [';; DNSSEC: validator asks for example.test DS', ';; DNSSEC: root keys: trusted (anchor key', ';; DNSSEC: answer secure']) {
          assert(trace.includes(line), `the trace lacks ${JSON.stringify(line)}`);
        }
        await shot('dnssec-validated');
        // DNSSEC turned off at the host while the DS stays: bogus, SERVFAIL, DNSKEY Missing.
        await selectZone(page, 'example.test.');
        await page.locator(ui.stopSigning).scrollIntoViewIfNeeded();
        await page.click(ui.stopSigning);
        await page.click(ui.stepRun);
        await page.waitForFunction((s) => /SERVFAIL/.test(document.querySelector(s)?.textContent ?? ''), ui.stepStatus);
        const status = await stepStatus(page);
        assert(/Extended DNS Error 9: DNSKEY Missing/.test(status), `the status reads ${JSON.stringify(status)}`);
        await page.click(ui.undo);
      });
    });

    await run('a hostile scenario', async ({ page, waitFor, shot, check }) => {
      await check('a scenario full of script and onerror payloads shows them as text and runs nothing', async () => {
        const payload = (n) => `<img src=x onerror="window.__pwned=${n}"><script>window.__pwned=${n}</script>`;
        const hostile = JSON.parse(await readFile(DEFAULT_SCENARIO, 'utf8'));
        hostile.title = payload(1);
        hostile.description = payload(2);
        const shop = hostile.zones.find((z) => z.apex === 'shop.test.');
        shop.text.push(`txt IN TXT "${payload(3).replaceAll('"', '\\"')}"`);
        shop.text.push('evil\\<script\\> IN A 203.0.113.66');
        await importFile(page, 'hostile.json', 'application/json', JSON.stringify(hostile));
        await page.waitForFunction(([title, t]) => document.querySelector(title)?.textContent === t, [ui.title, payload(1)]);
        await page.click(ui.zoneLabel('shop.test.'));
        await waitFor(ui.zoneRecords);
        const table = await page.locator(ui.zoneRecords).textContent();
        assert(table.includes('onerror'), 'the TXT payload is not shown as text');
        await runQuery(page, 'txt.shop.test.');
        await page.selectOption(ui.queryType, 'TXT');
        await page.click(ui.stepRun);
        await page.waitForTimeout(300);
        const pwned = await page.evaluate(() => window.__pwned);
        assert(pwned === undefined, `a payload ran: window.__pwned = ${pwned}`);
        const injected = await page.locator('main img, main script, header img').count();
        assert(injected === 0, `${injected} injected elements are in the page`);
        await page.click(ui.undo);
      });

      await check('a screenshot can be taken', async () => {
        await shot('final');
      });
    });

    await check('without working storage the page says so once and keeps working', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'dns-lab-nostorage-'));
      const other = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      });
      try {
        // As in a private window with a full or disabled store: every write throws.
        await other.addInitScript(() => {
          Storage.prototype.setItem = () => {
            throw new DOMException('quota exceeded', 'QuotaExceededError');
          };
        });
        const p = other.pages()[0] ?? (await other.newPage());
        p.setDefaultTimeout(TIMEOUT_MS);
        await openApp(p, url);
        await p.click(ui.stepForward);
        await p.waitForFunction((notice) => /not being saved/.test(document.querySelector(notice)?.textContent ?? ''), ui.notice);
        await p.click(ui.stepRun);
        const status = await stepStatus(p);
        assert(/NOERROR/.test(status), `the app stopped working: ${status}`);
      } finally {
        await other.close();
        await rm(dir, { recursive: true, force: true }).catch(() => {});
      }
    });

    await check('no console errors, page errors or failed requests', async () => {
      assert(problems.length === 0, problems.join('\n'));
    });
  } finally {
    await browser?.close().catch(() => {});
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
}

// A failure to set up (no build, no browser) counts as one failed check.
await check('the journeys ran to their end (the build, the server and the browser were there)', main);
summarize();
