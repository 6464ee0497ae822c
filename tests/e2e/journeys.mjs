// End-to-end journeys: serve the release build in dist/ on a loopback port, under a sub-path
// (/dns-lab/) as a project site would be, open it in headless
// Debian Chromium through playwright-core, and walk through what a learner does: see the
// default scenario's graph, step through a resolution, break glue and mend it, make a circular
// delegation. Run it after `trunk build --release` (scripts/test.sh does both).
//
//   node tests/e2e/journeys.mjs
//
// The expected content comes from the default scenario file (DEFAULT_SCENARIO below).
// Environment: CHROMIUM_BIN (default /usr/bin/chromium), DIST_DIR (default dist next to the
// repo root), E2E_SCREENSHOTS (where to save screenshots; default target/e2e).
// Prints one line per check and ends with "N passed, M failed"; exits 1 if any check failed.

import { mkdtemp, readFile, rm, stat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { appRunning, assert, check, summarize } from './harness.mjs';
import { CHROMIUM_ARGS, serveStatic } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The scenario the app opens with (what `sim::scenarios::default_scenario()` loads): the page
// must show its title and one list item per zone and per server.
const DEFAULT_SCENARIO = path.join(ROOT, 'src', 'sim', 'scenarios', 'default.json');
const DIST = path.resolve(process.env.DIST_DIR ?? path.join(ROOT, 'dist'));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
// Screenshots of each journey land here (under target/, which git ignores).
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? path.join(ROOT, 'target', 'e2e');
const TIMEOUT_MS = 30_000;

async function main() {
  if (!(await stat(path.join(DIST, 'index.html')).catch(() => null))) {
    throw new Error(`${DIST}/index.html not found: run \`trunk build --release\` first`);
  }
  const expected = JSON.parse(await readFile(DEFAULT_SCENARIO, 'utf8'));
  // Under a sub-path, as a project site on a static host is served: every URL the page uses
  // must be relative for the app to start there.
  const server = await serveStatic(DIST, { base: '/dns-lab/' });
  const url = `http://127.0.0.1:${server.address().port}/dns-lab/`;
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-smoke-'));
  let context;
  const problems = [];
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
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
    const shot = async (name) => {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    };
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
      await Promise.race([appRunning(page), pageErrored]);
      const text = (await page.locator('h1').textContent())?.trim();
      assert(text === 'DNS Lab', `h1 is ${JSON.stringify(text)}`);
    });

    await check('the default scenario is shown: its title in the header', async () => {
      await waitFor('#scenario-title');
      const text = (await page.locator('#scenario-title').textContent())?.trim();
      assert(
        text === expected.title,
        `scenario title is ${JSON.stringify(text)}, expected ${JSON.stringify(expected.title)}`,
      );
    });

    // Journey 1: the graph appears; query www of a domain and step to the answer.
    await check('journey 1: the hierarchy graph draws every zone, root on top', async () => {
      await waitFor('#graph g.zone');
      const apexes = await page.$$eval('#graph g.zone', (els) => els.map((el) => el.dataset.apex));
      assert(
        apexes.length === expected.zones.length,
        `${apexes.length} zones drawn (${apexes}), the scenario has ${expected.zones.length}`,
      );
      const top = async (apex) =>
        Number(await page.getAttribute(`#graph g.zone[data-apex="${apex}"] rect.zone-box`, 'y'));
      assert((await top('.')) < (await top('test.')), 'the root is not above test.');
      assert((await top('test.')) < (await top('example.test.')), 'test. is not above example.test.');
      const chips = await page.locator('#graph g.zone-servers[data-apex="."] g.chip').count();
      assert(chips === 2, `the root shows ${chips} server chips, expected 2`);
      await shot('journey1-graph');
    });

    await check('journey 1: step through www.shop.test A to the answer', async () => {
      await page.fill('#query-name', 'www.shop.test.');
      await page.press('#query-name', 'Enter');
      await page.selectOption('#query-type', 'A');
      await waitFor('#step-forward:not([disabled])');
      let steps = 0;
      while (!(await page.locator('#step-forward').isDisabled())) {
        await page.click('#step-forward');
        steps += 1;
        assert(steps < 60, 'the resolution did not end within 60 steps');
      }
      assert(steps >= 3, `only ${steps} steps to resolve www.shop.test`);
      const status = await page.locator('#step-status').textContent();
      assert(/NOERROR/.test(status), `the status at the end says ${JSON.stringify(status)}`);
      const trace = await page.locator('#panel-trace').textContent();
      assert(trace.includes('203.0.113'), `the trace has no answer address:\n${trace}`);
      await shot('journey1-answer');
    });

    await check('journey 1: arrow keys step back and forward', async () => {
      await page.locator('#step-status').click();
      const before = await page.locator('#step-status').textContent();
      await page.keyboard.press('ArrowLeft');
      const back = await page.locator('#step-status').textContent();
      assert(back !== before, 'ArrowLeft did not step back');
      await page.keyboard.press('ArrowRight');
      const again = await page.locator('#step-status').textContent();
      assert(again === before, `ArrowRight did not step forward again: ${again}`);
    });

    // Journey 2: remove the glue of in-domain name servers, then put it back.
    const editZone = async (apex, edit) => {
      await page.click(`#graph g.zone[data-apex="${apex}"] .zone-label`);
      await waitFor(`.zone-inspector[data-apex="${apex}"] #zone-text`);
      const original = await page.inputValue('#zone-text');
      await page.fill('#zone-text', edit(original));
      await page.click('#zone-apply');
      return original;
    };
    const runQuery = async (name) => {
      await page.fill('#query-name', name);
      await page.press('#query-name', 'Enter');
      await page.click('#step-run');
      return page.locator('#step-status').textContent();
    };
    let testZone;
    await check('journey 2: without glue, diagnostics, graph and resolver all show it', async () => {
      testZone = await editZone('test.', (text) =>
        text
          .split('\n')
          .filter((line) => !/^ns[12]\.example\s/.test(line))
          .join('\n'),
      );
      await waitFor('#diagnostics li.finding[data-kind="missing-glue"]');
      const badge = (await page.locator('#diagnostics-badge .count.broken').textContent())?.trim();
      assert(!/^✖ 0\b/.test(badge), `the header badge says ${badge}`);
      const edge = await page.getAttribute('#graph g.delegation[data-child="example.test."]', 'class');
      assert(edge.includes('broken'), `the delegation to example.test. is drawn as ${edge}`);
      const status = await runQuery('www.example.test.');
      assert(/SERVFAIL/.test(status), `resolution did not fail: ${status}`);
      await shot('journey2-missing-glue');
    });

    await check('journey 2: putting the glue back brings the answer back', async () => {
      await editZone('test.', () => testZone);
      await page.waitForFunction(
        () => !document.querySelector('#diagnostics li.finding[data-kind="missing-glue"]'),
      );
      const status = await runQuery('www.example.test.');
      assert(/NOERROR/.test(status), `resolution did not succeed again: ${status}`);
      assert((await page.locator('#no-findings').count()) === 1, 'findings remain');
    });

    // Journey 3: a circular delegation is drawn and named.
    await check('journey 3: a circular delegation is drawn and named', async () => {
      await editZone('example.', (text) =>
        text.replace(/^hosting(\s+\d+\s+IN\s+NS\s+)ns1\.hosting\.example\.$/m, 'hosting$1ns1.shop.test.')
          .replace(/^hosting\s+\d+\s+IN\s+NS\s+ns2\.hosting\.example\.\n/m, ''),
      );
      await waitFor('#diagnostics li.finding[data-kind="circular-delegation"]');
      const label = await page.locator('#graph .cycle-label').first().textContent();
      assert(
        label.includes('hosting.example → ns1.shop.test → shop.test'),
        `the cycle label reads ${JSON.stringify(label)}`,
      );
      const looped = await page.locator('#graph g.cross.in-cycle').count();
      assert(looped >= 2, `${looped} cross edges are drawn as part of the cycle`);
      const status = await runQuery('www.shop.test.');
      assert(/SERVFAIL/.test(status), `resolution did not fail: ${status}`);
      await shot('journey3-cycle');
    });

    await check('a bad zone edit keeps the text and says where it is wrong', async () => {
      await editZone('shop.test.', (text) => text + 'www2 IN A 300.1.2.3\n');
      await waitFor('#zone-problems .zone-problem');
      const problem = await page.locator('#zone-problems .zone-problem').first().textContent();
      assert(/line \d+, col \d+/.test(problem), `the problem has no line and column: ${problem}`);
      const kept = await page.inputValue('#zone-text');
      assert(kept.includes('300.1.2.3'), 'the text typed was lost');
    });

    // Journey 4: build a new domain from the forms, as a DNS host and a registrar would.
    await check('journey 4: a new server and a delegated zone, built from the forms, answer', async () => {
      await page.click('#inspector-add');
      await page.fill('#new-server-host', 'ns1.garden.test.');
      await page.fill('#new-server-addresses', '198.51.100.90');
      await page.click('#new-server-add');
      await waitFor('.server-inspector[data-server="ns1-garden-test"]');
      await page.click('#inspector-add');
      await page.fill('#new-zone-apex', 'garden.test.');
      await page.locator('#add-zone').getByLabel('ns1.garden.test.', { exact: true }).check();
      assert(await page.isChecked('#new-zone-delegate'), 'delegation is not offered by default');
      await page.click('#new-zone-add');
      await waitFor('#graph g.zone[data-apex="garden.test."]');
      await waitFor('.zone-inspector[data-apex="garden.test."] #zone-records');
      const ns = await page.locator('#registrar-ns').textContent();
      assert(ns.includes('ns1.garden.test.'), `the parent's NS records read ${ns}`);
      await page.fill('#record-owner', 'www');
      await page.selectOption('#record-type', 'A');
      await page.fill('#record-data', '198.51.100.91');
      await page.click('#record-add');
      await page.waitForFunction(() => document.querySelector('#zone-records').textContent.includes('198.51.100.91'));
      // One name server only: resolution works, and diagnostics warns.
      await waitFor('#diagnostics li.finding[data-kind="single-name-server"]');
      const status = await runQuery('www.garden.test.');
      assert(/NOERROR/.test(status), `resolution of the new name failed: ${status}`);
      const trace = await page.locator('#panel-trace').textContent();
      assert(trace.includes('198.51.100.91'), `the trace has no answer address:\n${trace}`);
      await shot('journey4-new-zone');
    });

    await check("journey 4: a server's own diverged copy is opened, edited and diagnosed", async () => {
      await page.click('#graph g.zone[data-apex="example.test."] .zone-label');
      await waitFor('.zone-inspector[data-apex="example.test."]');
      await page.check('.diverged-toggle[data-server="ns2-example-test"]');
      await waitFor('#zone-copy');
      const label = await page.locator('label[for="zone-text"]').textContent();
      assert(label.includes("ns2.example.test.'s own copy"), `the editor is labelled ${label}`);
      const copy = await page.inputValue('#zone-text');
      await page.fill('#zone-text', copy.replace('198.51.100.80', '198.51.100.81'));
      await page.click('#zone-apply');
      await waitFor('#diagnostics li.finding[data-kind="diverged-copy"]');
      await page.uncheck('.diverged-toggle[data-server="ns2-example-test"]');
      await page.waitForFunction(
        () => !document.querySelector('#diagnostics li.finding[data-kind="diverged-copy"]'),
      );
    });

    // Journey 5: never lose work.
    const findingCount = (kind) => page.locator(`#diagnostics li.finding[data-kind="${kind}"]`).count();
    await check('journey 5: undo and redo step through the edits', async () => {
      assert((await findingCount('diverged-copy')) === 0, 'the diverged copy is still there');
      await page.click('#undo');
      await waitFor('#diagnostics li.finding[data-kind="diverged-copy"]');
      await page.click('#redo');
      await page.waitForFunction(
        () => !document.querySelector('#diagnostics li.finding[data-kind="diverged-copy"]'),
      );
    });

    await check('journey 5: after a reload the work is still there', async () => {
      // Let the debounced autosave run, then reload.
      await page.waitForTimeout(1000);
      await page.reload({ waitUntil: 'load' });
      await Promise.race([appRunning(page), pageErrored]);
      await waitFor('#graph g.zone[data-apex="garden.test."]');
      const query = await page.inputValue('#query-name');
      assert(query === 'www.garden.test.', `the query name is ${query}`);
      assert((await findingCount('single-name-server')) === 1, 'the findings are not the same');
    });

    await check('journey 5: a change made just before a reload is not lost', async () => {
      // No wait for the debounced autosave: the page saves what is waiting as it goes away.
      await page.fill('#query-name', 'mail.garden.test.');
      await page.press('#query-name', 'Enter');
      await page.reload({ waitUntil: 'load' });
      await Promise.race([appRunning(page), pageErrored]);
      await waitFor('#graph g.zone[data-apex="garden.test."]');
      const query = await page.inputValue('#query-name');
      assert(query === 'mail.garden.test.', `the query name is ${query}, the change before the reload was lost`);
      await page.fill('#query-name', 'www.garden.test.');
      await page.press('#query-name', 'Enter');
    });

    let shareLink;
    await check('journey 5: a share link opens the same world in a fresh browser profile', async () => {
      await page.click('#share');
      await waitFor('#share-link');
      shareLink = await page.inputValue('#share-link');
      assert(shareLink.includes('#s='), `the link is ${shareLink}`);
      await page.press('#share-link', 'Escape');
      assert((await page.locator('#share-link').count()) === 0, 'Escape does not close the share box');
      const freshDir = await mkdtemp(path.join(tmpdir(), 'dns-lab-fresh-'));
      const fresh = await chromium.launchPersistentContext(freshDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      });
      try {
        const other = fresh.pages()[0] ?? (await fresh.newPage());
        other.setDefaultTimeout(TIMEOUT_MS);
        await other.goto(shareLink, { waitUntil: 'load' });
        await appRunning(other);
        await other.waitForSelector('#graph g.zone[data-apex="garden.test."]');
        const notice = await other.locator('.app-notice').textContent();
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
      await waitFor('.app-notice');
      const notice = await page.locator('.app-notice').textContent();
      assert(/could not be opened/.test(notice), `the notice says ${notice}`);
      await waitFor('#graph g.zone[data-apex="garden.test."]');
    });

    await check('journey 5: importing a broken zone file says where, and changes nothing', async () => {
      await page.setInputFiles('#import-file', {
        name: 'shop.zone',
        mimeType: 'text/plain',
        buffer: Buffer.from('$ORIGIN shop.test.\n@ SOA ns1 h 1 1 1 1 1\nwww A 1.2.3\n'),
      });
      await page.waitForFunction(() => /line 3, col/.test(document.querySelector('.app-notice')?.textContent ?? ''));
      assert(await page.locator('#graph g.zone[data-apex="garden.test."]').count() === 1, 'the world changed');
    });

    await check('journey 5: a zone file imported alone is a finding until something serves and delegates it', async () => {
      await page.setInputFiles('#import-file', {
        name: 'store.zone',
        mimeType: 'text/plain',
        buffer: Buffer.from('$ORIGIN store.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.53\nwww A 192.0.2.80\n'),
      });
      await waitFor('#diagnostics li.finding[data-kind="zone-not-delegated"]');
      const badge = (await page.locator('#diagnostics-badge .count.broken').textContent())?.trim();
      assert(!/^✖ 0\b/.test(badge), `the badge says ${badge} beside an error`);
      // The inspector opens on the new zone and offers the parent's side of the cut.
      await waitFor('.zone-inspector[data-apex="store.test."] #delegate-zone');
      await page.click('#delegate-zone');
      await page.waitForFunction(() => !document.querySelector('#diagnostics li.finding[data-kind="zone-not-delegated"]'));
      // Delegated, but no server loads it yet: the diagnostics say so, and the inspector offers one.
      await waitFor('#diagnostics li.finding[data-kind="delegation-without-servers"]');
      await waitFor('.zone-inspector[data-apex="store.test."] #load-zone');
      await page.click('#undo');
      await page.click('#undo');
      await page.waitForFunction(() => !document.querySelector('#graph g.zone[data-apex="store.test."]'));
    });

    await check('journey 5: a finding\'s fix applies in one step, and undoes in one', async () => {
      await page.setInputFiles('#import-file', {
        name: 'store.zone',
        mimeType: 'text/plain',
        buffer: Buffer.from('$ORIGIN store.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.53\nwww A 192.0.2.80\n'),
      });
      const finding = '#diagnostics li.finding[data-kind="zone-not-delegated"]';
      await waitFor(`${finding} .apply-finding-fix`);
      const fix = (await page.locator(`${finding} .fix`).textContent()) ?? '';
      assert(/store\.test/.test(fix), `the fix says ${fix}`);
      await page.focus(`${finding} .apply-finding-fix`);
      await page.keyboard.press('Enter');
      await page.waitForFunction((selector) => !document.querySelector(selector), finding);
      const focus = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
      assert(focus === 'diagnostics-heading', `the focus went to ${focus} when the fix's button went`);
      await page.click('#undo');
      await waitFor(finding);
      await page.click('#undo');
      await page.waitForFunction(() => !document.querySelector('#graph g.zone[data-apex="store.test."]'));
    });

    await check('journey 5: export the scenario as JSON and import it back', async () => {
      await page.click('.export-menu summary');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
      const name = download.suggestedFilename();
      assert(name.endsWith('.dnslab.json'), `the file is named ${name}`);
      const file = await download.path();
      const json = JSON.parse(await readFile(file, 'utf8'));
      assert(json.zones.some((z) => z.apex === 'garden.test.'), 'the export lacks the new zone');
      json.title = 'Imported from a file';
      await page.setInputFiles('#import-file', {
        name,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(json)),
      });
      await page.waitForFunction(() => document.querySelector('#scenario-title')?.textContent === 'Imported from a file');
      await page.click('#undo');
      await page.waitForFunction(() => document.querySelector('#scenario-title')?.textContent !== 'Imported from a file');
    });

    await check('journey 5: the graph exports as SVG and PNG pictures', async () => {
      await page.click('.export-menu summary');
      const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
      const text = await readFile(await svg.path(), 'utf8');
      assert(text.includes('<svg') && text.includes('garden.test.'), 'the SVG lacks the graph');
      await page.click('.export-menu summary');
      const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
      const bytes = await readFile(await png.path());
      assert(bytes.subarray(1, 4).toString() === 'PNG' && bytes.length > 5000, `the PNG is ${bytes.length} bytes`);
    });

    // Journey 6: a lesson from the library, solved in the browser.
    await check('keyboard: the scenario library is a dialog that holds the focus and gives it back', async () => {
      const focused = () => page.evaluate(() => {
        const active = document.activeElement;
        return { id: active?.id ?? '', inPicker: Boolean(active?.closest('#picker')) };
      });
      await page.focus('#open-picker');
      await page.keyboard.press('Enter');
      await waitFor('#picker[open]');
      assert((await focused()).inPicker, 'focus stayed behind the dialog');
      for (let i = 0; i < 60; i += 1) {
        await page.keyboard.press('Tab');
      }
      assert((await focused()).inPicker, 'Tab took the focus out of the dialog');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('#picker'));
      assert((await focused()).id === 'open-picker', `Escape left the focus on ${JSON.stringify(await focused())}`);
      // A click outside closes it too.
      await page.keyboard.press('Enter');
      await waitFor('#picker[open]');
      await page.mouse.click(3, 3);
      await page.waitForFunction(() => !document.querySelector('#picker'));
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
      await page.click('#graph g.zone[data-apex="example.test."] .zone-label');
      await page.click('.zone-inspector .jump');
      assert(await page.evaluate(() => document.activeElement?.id === 'host-heading'), 'the jump did not reach the records');
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => Boolean(document.activeElement?.closest('.side.host')));
      assert(next, 'Tab after the jump left the zone\'s records');
    });

    await check('journey 6: a challenge from the library is solved in the browser', async () => {
      await page.click('#open-picker');
      await page.fill('#picker-search', 'missing glue');
      await page.click('.picker-entry[data-id="missing-glue"] .open-scenario');
      await waitFor('#challenge');
      const before = await page.locator('#challenge-status').textContent();
      assert(/Not yet/.test(before), `the challenge starts as ${before}`);
      await page.click('#show-hint');
      await waitFor('#hints li');
      // The learner adds the glue at the registrar, as the hints suggest.
      await page.click('#graph g.zone[data-apex="example.test."] .zone-label');
      for (const [host, address] of [['ns1.example.test.', '198.51.100.10'], ['ns2.example.test.', '198.51.100.11']]) {
        await page.fill('#add-glue-host', host);
        await page.fill('#add-glue-address', address);
        await page.click('#add-glue');
      }
      await page.waitForFunction(() => /Passed/.test(document.querySelector('#challenge-status')?.textContent ?? ''));
      const status = await runQuery('www.example.test.');
      assert(/NOERROR/.test(status), `resolution after the fix: ${status}`);
      await shot('journey6-challenge');
    });

    await check('journey 6: compare the presets, then classroom mode steps on PageDown', async () => {
      await page.click('#compare-toggle');
      await waitFor('#compare .compare-column[data-preset="BIND-like"]');
      await page.click('#classroom-toggle');
      assert((await page.locator('#inspector').count()) === 0, 'the inspector is still shown');
      assert((await page.locator('#diagnostics').count()) === 0, 'diagnostics are still shown');
      assert(await page.locator('#step-forward').isVisible(), 'the stepper is hidden');
      await page.click('#step-reset');
      const before = await page.locator('#step-status').textContent();
      await page.keyboard.press('PageDown');
      await page.waitForFunction((b) => document.querySelector('#step-status').textContent !== b, before);
      await shot('journey6-classroom');
      await page.keyboard.press('Escape');
      await waitFor('#inspector');
      await page.click('#compare-toggle');
    });

    await check('a scenario full of script and onerror payloads shows them as text and runs nothing', async () => {
      const payload = (n) => `<img src=x onerror="window.__pwned=${n}"><script>window.__pwned=${n}</script>`;
      const hostile = JSON.parse(await readFile(DEFAULT_SCENARIO, 'utf8'));
      hostile.title = payload(1);
      hostile.description = payload(2);
      const shop = hostile.zones.find((z) => z.apex === 'shop.test.');
      shop.text.push(`txt IN TXT "${payload(3).replaceAll('"', '\\"')}"`);
      shop.text.push('evil\\<script\\> IN A 203.0.113.66');
      await page.setInputFiles('#import-file', {
        name: 'hostile.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(hostile)),
      });
      await page.waitForFunction((t) => document.querySelector('#scenario-title')?.textContent === t, payload(1));
      await page.click('#graph g.zone[data-apex="shop.test."] .zone-label');
      await waitFor('#zone-records');
      const table = await page.locator('#zone-records').textContent();
      assert(table.includes('onerror'), 'the TXT payload is not shown as text');
      await runQuery('txt.shop.test.');
      await page.selectOption('#query-type', 'TXT');
      await page.click('#step-run');
      await page.waitForTimeout(300);
      const pwned = await page.evaluate(() => window.__pwned);
      assert(pwned === undefined, `a payload ran: window.__pwned = ${pwned}`);
      const injected = await page.locator('main img, main script, header img').count();
      assert(injected === 0, `${injected} injected elements are in the page`);
      await page.click('#undo');
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
        await p.goto(url, { waitUntil: 'load' });
        await appRunning(p);
        await p.click('#step-forward');
        await p.waitForFunction(() => /not being saved/.test(document.querySelector('.app-notice')?.textContent ?? ''));
        await p.click('#step-run');
        const status = await p.locator('#step-status').textContent();
        assert(/NOERROR/.test(status), `the app stopped working: ${status}`);
      } finally {
        await other.close();
        await rm(dir, { recursive: true, force: true }).catch(() => {});
      }
    });

    await check('a screenshot can be taken', async () => {
      await shot('final');
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

// A failure to set up (no build, no browser) counts as one failed check.
await check('the journeys ran to their end (the build, the server and the browser were there)', main);
summarize();
