// What every browser journey file shares: named checks that report "ok" or "not ok" with why,
// an assertion, and the closing "N passed, M failed" line that sets the exit code.

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
 * A zone of the app's own graph, once the app has taken the place of the page's prerendered
 * first view (src/ui/first_view.rs), which shows the same panels with the same ids while nothing
 * on it works yet.
 */
export const APP_GRAPH_ZONE = '.app-host > .app-root:not(.app-building) #graph g.zone';

/** Waits until the app has taken the first view's place. */
export async function appRunning(page, timeout) {
  await page.waitForFunction(
    (zone) => !document.getElementById('first-view') && document.querySelector(zone),
    APP_GRAPH_ZONE,
    timeout === undefined ? {} : { timeout },
  );
}
