// A teacher's lesson, end to end (one journey of journeys.mjs): open a small world, break it,
// make a lesson about it, record the fix by doing it, save and share it; read the QR code
// drawn in the page back to the link (jsQR on a screenshot of it); open the link in a fresh
// browser context as a learner would, and play the lesson in predict mode to its end.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { assert, whyNotSeen } from './harness.mjs';
import { appRunning, importFile, openFromLibrary, selectZone, ui } from './pages.mjs';

const TITLE = 'When both servers went down';
const SERVERS = ['ns1-dnshost', 'ns2-dnshost'];

/** Sets each of `servers` to `status` ('up', 'down', 'refusing') from example.test.'s inspector. */
async function setServers(page, servers, status) {
  await selectZone(page, 'example.test.');
  for (const id of servers) await page.selectOption(`select.behaviour[data-server="${id}"]`, status);
}

/** The text of the QR code on the page, read from a picture of it as a phone would. */
async function readQrCode(page, selector) {
  const png = PNG.sync.read(await page.locator(selector).screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/**
 * The journey's body, for `run(title, body)`; `browser` opens the learner's own context, whose
 * screenshots go to `screenshots` too.
 */
export function teacherLesson(browser, screenshots) {
  return async ({ page, waitFor, shot, check }) => {
    let link = '';

    await check('teacher: a broken world becomes a lesson, its outcomes worked out, not typed', async () => {
      await openFromLibrary(page, 'healthy-delegation', 'healthy');
      await waitFor(ui.zone('example.test.'));
      await setServers(page, SERVERS, 'down');
      await page.click('#make-lesson');
      await waitFor('dialog#author[open]');
      await page.fill('#author-title', TITLE);
      await page.fill('#author-story', 'Both name servers of example.test were switched off for maintenance at once.');
      await page.fill('#author-look-for', 'The hollow dots of the servers that do not answer.');
      await page.fill('#author-goal', 'Make www.example.test answer again.');
      await page.fill('#author-hint-1', 'Look at the servers of example.test.');
      await page.fill('#author-fix-explanation', 'Bring both servers back up.');
      const expected = await page.locator('#author-expect').textContent();
      assert(/Unbound-like\s*SERVFAIL/.test(expected) && /BIND-like\s*SERVFAIL/.test(expected), `expected: ${expected}`);
      assert(await page.isChecked('#author-gone-unresponsive-server'), 'the finding to mend is not offered as the challenge');
      const verdict = await page.locator('#author-verdict').textContent();
      assert(verdict.includes('Record your fix'), `verdict before the fix: ${verdict}`);
      assert(await page.isDisabled('#author-save'), 'a lesson without its fix can be saved');
    });

    await check('teacher: the fix is recorded by doing it, and the world comes back broken', async () => {
      await page.click('#author-record');
      await waitFor('#recording-banner');
      // The focus follows to the banner's Stop, and back to the opener when the dialog closes.
      await page.waitForFunction(() => document.activeElement?.id === 'author-stop');
      await setServers(page, SERVERS, 'up');
      await page.click('#author-stop');
      await waitFor('dialog#author[open]');
      const edits = await page.locator('#author-fix li').allTextContents();
      assert(edits.length === 2 && edits.every((e) => e.endsWith(': up')), `recorded: ${JSON.stringify(edits)}`);
      const status = await page.inputValue(`select.behaviour[data-server="${SERVERS[0]}"]`);
      assert(status === 'down', `after recording, ${SERVERS[0]} is ${status}`);
      const verdict = await page.locator('#author-verdict').textContent();
      assert(verdict.includes('fails, as it should') && verdict.includes('Ready'), `verdict: ${verdict}`);
      // What was typed before the detour is all still there.
      assert((await page.inputValue('#author-title')) === TITLE, 'the title was lost');
    });

    await check('teacher: saved into the world, shared as a link and a QR code that reads back to it', async () => {
      await page.click('#author-save');
      await waitFor('#author-share');
      link = await page.inputValue('#author-link');
      assert(link.includes('#s='), `link: ${link}`);
      const read = await readQrCode(page, '#author-qr');
      assert(read === link, `the QR code reads ${read === null ? 'as nothing' : `${read.length} characters that differ`}`);
      await shot('teacher-lesson-share');
    });

    let courseFile = '';
    await check('teacher: the lesson joins a course, downloaded as one file', async () => {
      await page.click('#course-add');
      await waitFor('#author-course li');
      await page.fill('#course-title', 'Outages');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#course-file')]);
      assert(download.suggestedFilename() === 'outages.dnslab-course.json', `file name ${download.suggestedFilename()}`);
      courseFile = await readFile(await download.path(), 'utf8');
      assert(JSON.parse(courseFile).lessons.length === 1, 'the course file does not hold the lesson');
      await page.click('#author-close');
      await page.waitForSelector('dialog#author', { state: 'detached' });
      await page.waitForFunction(() => document.activeElement?.id === 'make-lesson');
      assert((await page.locator('#lesson-heading').textContent()).includes(TITLE), 'the lesson panel does not show the lesson');
    });

    const context = await browser.newContext();
    try {
      const learner = await context.newPage();
      await check('teacher: the link opens the lesson for a learner, ready to step', async () => {
        await learner.goto(link);
        await appRunning(learner);
        await learner.waitForSelector('#lesson-heading');
        assert((await learner.locator('#lesson-heading').textContent()).includes(TITLE), 'the lesson is not open');
        assert((await learner.locator('#challenge-status').textContent()).includes('Not yet'), 'the challenge passes as shipped');
      });

      await check('teacher: the learner plays it in predict mode to the end, with a score', async () => {
        await learner.click('#predict-toggle');
        let steps = 0;
        while (!(await learner.isDisabled(ui.stepForward))) {
          const choices = await learner.getByRole('group', { name: /what happens next/i }).getByRole('radio').count();
          assert(choices >= 3 && choices <= 4, `${choices} choices before step ${steps + 1}`);
          const hidden = await whyNotSeen(learner, '#predict-choices');
          assert(hidden === null, hidden);
          await learner.check('#predict-0');
          await learner.click(ui.stepForward);
          await learner.waitForSelector('#predict-verdict');
          steps += 1;
          if (steps === 2) await learner.screenshot({ path: path.join(screenshots, 'teacher-predict.png') });
          assert(steps < 40, 'the resolution did not end');
        }
        const score = await learner.locator('#predict-verdict .predict-score').textContent();
        assert(score.endsWith(`of ${steps}`), `score after ${steps} steps: ${score}`);
        assert(/SERVFAIL/.test(await learner.locator(ui.stepStatus).textContent()), 'the lesson ends otherwise');
        await learner.screenshot({ path: path.join(screenshots, 'teacher-predict-end.png') });
      });

      await check('teacher: predict mode\'s choices, verdict and Step are in view on every screen, and in Classroom mode', async () => {
        for (const [width, height] of [[1024, 768], [1280, 720], [768, 1024], [390, 844]]) {
          await learner.setViewportSize({ width, height });
          await learner.click(ui.stepReset);
          await learner.click(ui.stepForward);
          await learner.check('#predict-1');
          await learner.click(ui.stepForward);
          for (const selector of ['#predict-choices', '#predict-verdict', ui.stepForward]) {
            const hidden = await whyNotSeen(learner, selector);
            assert(hidden === null, `${width}x${height}: ${hidden}`);
          }
          await learner.screenshot({ path: path.join(screenshots, `predict-${width}x${height}.png`) });
        }
        await learner.setViewportSize({ width: 1024, height: 768 });
        await learner.click('#classroom-toggle');
        await learner.waitForSelector('.workspace.classroom');
        const hidden = await whyNotSeen(learner, '#predict-choices', 20);
        assert(hidden === null, `Classroom mode: ${hidden}`);
        await learner.screenshot({ path: path.join(screenshots, 'predict-classroom-1024x768.png') });
        await learner.keyboard.press('Escape');
        await learner.setViewportSize({ width: 1280, height: 720 });
      });

      await check('teacher: the course file imports and opens its lesson, placed in the course', async () => {
        await importFile(learner, 'outages.dnslab-course.json', 'application/json', courseFile);
        await learner.waitForSelector('#course-steps');
        const where = await learner.locator('#course-steps').textContent();
        assert(where.includes('"Outages": lesson 1 of 1'), `course: ${where}`);
      });
    } finally {
      await context.close();
    }
  };
}
