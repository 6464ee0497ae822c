// What every browser journey file shares: named checks that report "ok" or "not ok" with why,
// an assertion, the closing "N passed, M failed" line that sets the exit code, and assertions
// about what is seen. Where the app's parts are, and the moves a learner makes, are pages.mjs's.

import { ui } from './pages.mjs';

const results = [];

/** Runs one check; a thrown error fails it and the run goes on to the next. */
export async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`ok - ${name}`);
  } catch (error) {
    results.push(false);
    console.log(`not ok - ${name}\n  ${String(error?.message ?? error).split('\n').join('\n  ')}`);
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Prints the closing line; the process fails when any check did. */
export function summarize() {
  const failed = results.filter((ok) => !ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

/**
 * Why `selector` is not fully seen, or null when it is: inside the window, not scrolling its
 * own text, not clipped by an ancestor that scrolls or hides what overflows it, nothing on top
 * of it, its text at least `minPx`. With `start`, only its first lines need be seen (a long
 * text in a box that scrolls).
 */
export function whyNotSeen(page, selector, minPx = 0, { start = false } = {}) {
  return page.evaluate(
    ({ selector, minPx, start }) => {
      const el = document.querySelector(selector);
      if (!el) return `${selector} is not on the page`;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return `${selector} has no size`;
      const r = start ? new DOMRect(box.x, box.y, box.width, Math.min(box.height, 40)) : box;
      if (r.top < -0.5 || r.left < -0.5 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) {
        return `${selector} is outside the window (${Math.round(r.left)},${Math.round(r.top)}..${Math.round(r.right)},${Math.round(r.bottom)} of ${innerWidth}x${innerHeight})`;
      }
      if (!start && el.scrollHeight > el.clientHeight + 1) return `${selector} scrolls its own text (${el.scrollHeight} in ${el.clientHeight} px)`;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (!/(hidden|auto|scroll|clip)/.test(cs.overflowX + cs.overflowY)) continue;
        const ar = a.getBoundingClientRect();
        if (r.top < ar.top - 0.5 || r.bottom > ar.bottom + 0.5 || r.left < ar.left - 0.5 || r.right > ar.right + 0.5) {
          return `${selector} is clipped by its ${a.tagName.toLowerCase()}.${a.className} box`;
        }
      }
      const points = [
        [r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2],
        [r.right - 2, r.bottom - 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
      ];
      for (const [x, y] of points) {
        const top = document.elementFromPoint(x, y);
        if (top && !el.contains(top) && !top.contains(el)) return `${selector} is covered by <${top.tagName.toLowerCase()} class="${top.className?.baseVal ?? top.className}">`;
      }
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < minPx) return `${selector} is at ${px} px (at least ${minPx})`;
      return null;
    },
    { selector, minPx, start },
  );
}

/**
 * Checks that the inspector's cut table shows both NS sets of the registrar-vs-zone lesson's
 * example.test., each row whole and in view: the registrar's ns1.newdns.test, the zone's own
 * ns1.olddns.test.
 */
export async function assertBothNsSetsSeen(page) {
  for (const [side, host] of [['registrar', 'ns1.newdns.test'], ['zone', 'ns1.olddns.test']]) {
    const row = ui.cutRows(side);
    const text = await page.locator(row).first().textContent();
    assert(text.includes(host) && text.includes(`${side} only`), `${row}: ${text}`);
    const why = await whyNotSeen(page, row, 12);
    assert(why === null, why);
  }
}
