// The app's page as the browser tests and the measurement scripts see it: where each part is
// (every selector written once, so a change to the markup is one edit here, and a newcomer
// finds the app's hooks in one list) and what journeys do again and again, as small functions
// over a playwright-core `page`. How checks run and report is harness.mjs's business; this
// module knows only the app.

const zone = (apex) => `#graph g.zone[data-apex="${apex}"]`;
const finding = (kind) => `#diagnostics li.finding[data-kind="${kind}"]`;
const tab = (stem) => `#tab-${stem}`;
const panel = (stem) => `#panel-${stem}`;

/** The app's parts, by what a learner calls them; functions take the part's name or id. */
export const ui = Object.freeze({
  // The header and its toolbar.
  heading: 'h1',
  title: '#scenario-title',
  notice: '.app-notice',
  toolbarMenu: '#toolbar-menu',
  undo: '#undo',
  redo: '#redo',
  share: '#share',
  shareLink: '#share-link',
  importFile: '#import-file',
  exportMenu: '.export-menu summary',
  exportJson: '#export-json',
  exportSvg: '#export-svg',
  exportPng: '#export-png',
  compareToggle: '#compare-toggle',
  compare: '#compare',
  compareColumn: (preset) => `#compare .compare-column[data-preset="${preset}"]`,
  classroomToggle: '#classroom-toggle',
  classroom: '.workspace.classroom',
  notClassroom: '.workspace:not(.classroom)',

  // The hierarchy graph. `zones` matches the prerendered first view's zones too; appRunning()
  // waits for the app's own.
  graph: '#graph',
  graphView: '#graph > g',
  zones: '#graph g.zone',
  zone,
  zoneLabel: (apex) => `${zone(apex)} .zone-label`,
  zoneBox: (apex) => `${zone(apex)} rect.zone-box`,
  zoneHit: (apex) => `${zone(apex)} .zone-hit`,
  zoneToggle: (apex) => `${zone(apex)} .collapse-toggle`,
  collapsedToggle: '#graph g.zone.collapsed .collapse-toggle',
  serverChips: (apex) => `#graph g.zone-servers[data-apex="${apex}"] g.chip`,
  delegation: (child) => `#graph g.delegation[data-child="${child}"]`,
  crossInCycle: '#graph g.cross.in-cycle',
  cycleLabel: '#graph .cycle-label',
  badge: '#graph .badge',
  zoomFit: '#zoom-fit',
  zoomIn: '#zoom-in',
  zoomOut: '#zoom-out',

  // The query and the stepper.
  queryName: '#query-name',
  queryType: '#query-type',
  stepReset: '#step-reset',
  stepForward: '#step-forward',
  stepForwardEnabled: '#step-forward:not([disabled])',
  stepRun: '#step-run',
  stepStatus: '#step-status',
  stepWhy: '#step-why',
  stepNsSet: '#step-ns-set',
  cacheNote: '#cache-note',
  clockHour: '#clock-hour',
  // The tabs under the stepper (trace, explanation, message, cache) and their panels.
  tab,
  panel,
  trace: panel('trace'),
  digInput: '#dig-input',

  // The inspector: a zone's or a server's, and the forms that add them.
  inspector: '#inspector',
  zoneInspector: (apex) => `.zone-inspector[data-apex="${apex}"]`,
  serverInspector: (id) => `.server-inspector[data-server="${id}"]`,
  zoneText: '#zone-text',
  zoneTextLabel: 'label[for="zone-text"]',
  zoneApply: '#zone-apply',
  zoneProblem: '#zone-problems .zone-problem',
  zoneRecords: '#zone-records',
  // The skip link from the zone's inspector to its own records, and the side they are on.
  jumpToRecords: '.zone-inspector .jump',
  zoneOwnRecords: '.side.host',
  registrarNs: '#registrar-ns',
  // DNSSEC: the registrar's DS records and the host's signer (src/ui/dnssec.rs).
  registrarDs: '#registrar-ds',
  dsMatch: '#registrar-ds .ds-match',
  publishDs: '#publish-ds',
  signZone: '#sign-zone',
  signAlgorithm: '#sign-algorithm',
  zoneKeys: '#zone-keys',
  signatureValidity: '#signature-validity',
  stopSigning: '#stop-signing',
  rollKsk: '#roll-ksk',
  resignZone: '#resign-zone',
  publishCds: '#publish-cds',
  takeCds: '#take-cds',
  resolverSwitches: '#resolver-switches',
  validation: '#dnssec-validation',
  addGlueHost: '#add-glue-host',
  addGlueAddress: '#add-glue-address',
  addGlue: '#add-glue',
  recordOwner: '#record-owner',
  recordType: '#record-type',
  recordData: '#record-data',
  recordAdd: '#record-add',
  delegateZone: '#delegate-zone',
  loadZone: '#load-zone',
  divergedToggle: (server) => `.diverged-toggle[data-server="${server}"]`,
  zoneCopy: '#zone-copy',
  cutTable: '#cut-table',
  cutRows: (side) => `#cut-table tbody.${side}-only`,
  inspectorAdd: '#inspector-add',
  newServerHost: '#new-server-host',
  newServerAddresses: '#new-server-addresses',
  newServerAdd: '#new-server-add',
  addZone: '#add-zone',
  newZoneApex: '#new-zone-apex',
  newZoneDelegate: '#new-zone-delegate',
  newZoneAdd: '#new-zone-add',

  // The diagnostics.
  diagnostics: '#diagnostics',
  findings: '#diagnostics li.finding',
  finding,
  findingFix: (kind) => `${finding(kind)} .fix`,
  applyFix: (kind) => `${finding(kind)} .apply-finding-fix`,
  noFindings: '#no-findings',
  diagnosticsBadge: '#diagnostics-badge',
  brokenCount: '#diagnostics-badge .count.broken',

  // The scenario library, the lesson and its challenge.
  openPicker: '#open-picker',
  picker: '#picker',
  pickerOpen: '#picker[open]',
  pickerSearch: '#picker-search',
  pickerClose: '#picker-close',
  pickerRetry: '#picker-retry',
  pickerEntry: (id) => `.picker-entry[data-id="${id}"]`,
  openScenario: (id) => `.picker-entry[data-id="${id}"] .open-scenario`,
  lessonHeading: '#lesson-heading',
  lessonTry: '#lesson-try',
  challenge: '#challenge',
  challengeStatus: '#challenge-status',
  showHint: '#show-hint',
  hints: '#hints li',

  // On a narrow screen: the side column is a sheet opened from the panel bar.
  sideColumn: '#side-column',
  showLesson: '#show-lesson',
  showDiagnostics: '#show-diagnostics',
  showInspector: '#show-inspector',
  sheetClose: '#sheet-close',
});

/**
 * A zone of the app's own graph, once the app has taken the place of the page's prerendered
 * first view (src/ui/first_view.rs), which shows the same panels with the same ids while nothing
 * on it works yet.
 */
export const APP_GRAPH_ZONE = `.app-host > .app-root:not(.app-building) ${ui.zones}`;

/** Waits until the app has taken the first view's place. */
export async function appRunning(page, timeout) {
  await page.waitForFunction(
    (zone) => !document.getElementById('first-view') && document.querySelector(zone),
    APP_GRAPH_ZONE,
    timeout === undefined ? {} : { timeout },
  );
}

/** Opens the app at `url` and waits until it runs; returns the page's response. */
export async function openApp(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  await appRunning(page);
  return response;
}

/** How much of the window's height the graph's drawing shows. */
export const graphShare = (page) =>
  page.evaluate((graph) => {
    const r = document.querySelector(graph).getBoundingClientRect();
    return Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)) / innerHeight;
  }, ui.graph);

/** Waits until nothing on the page matches `selector` (a finding mended, a zone undone). */
export const gone = (page, selector) => page.waitForFunction((s) => !document.querySelector(s), selector);

/** The stepper's status line: which step, and the outcome at the end. */
export const stepStatus = (page) => page.locator(ui.stepStatus).textContent();

/** Types `name` into the query field and commits it as a learner does (Enter); `type` too, if given. */
export async function ask(page, name, type) {
  await page.fill(ui.queryName, name);
  await page.press(ui.queryName, 'Enter');
  if (type) await page.selectOption(ui.queryType, type);
}

/** Clicks Step until the resolution ends; returns how many steps that took. */
export async function stepToEnd(page, max = 60) {
  let steps = 0;
  while (!(await page.locator(ui.stepForward).isDisabled())) {
    await page.click(ui.stepForward);
    steps += 1;
    // A resolution that loops would otherwise keep the journey here until its timeout.
    if (steps >= max) throw new Error(`the resolution did not end within ${max} steps`);
  }
  return steps;
}

/** Asks `name` and runs its resolution to the end at once; returns the status line. */
export async function runQuery(page, name) {
  await ask(page, name);
  await page.click(ui.stepRun);
  return stepStatus(page);
}

/** Selects zone `apex` in the graph and waits until the inspector shows it. */
export async function selectZone(page, apex) {
  await page.click(ui.zoneLabel(apex));
  await page.waitForSelector(ui.zoneInspector(apex));
}

/**
 * Selects zone `apex`, replaces its text with `edit(text)` in the inspector's editor and
 * applies it; returns the text it had, to put back.
 */
export async function editZone(page, apex, edit) {
  await selectZone(page, apex);
  await page.waitForSelector(`${ui.zoneInspector(apex)} ${ui.zoneText}`);
  const original = await page.inputValue(ui.zoneText);
  await page.fill(ui.zoneText, edit(original));
  await page.click(ui.zoneApply);
  return original;
}

/**
 * Shows the inspector's forms that add a zone or a server: the inspector shows them when
 * nothing is selected, and "+ Add a zone or server" brings them back from a selection.
 */
export async function openAddForms(page) {
  if (await page.locator(ui.inspectorAdd).count()) await page.click(ui.inspectorAdd);
  await page.waitForSelector(ui.addZone);
}

/**
 * Builds a zone from the forms, as a DNS host and a registrar would: a name server `host` at
 * `address`, the zone `apex` it serves, delegated from its parent (the form offers it, which
 * this checks), and www.APEX A `www`. Resolves once the record is listed, the zone selected.
 */
export async function buildZone(page, { host, address, apex, www }) {
  await openAddForms(page);
  await page.fill(ui.newServerHost, host);
  await page.fill(ui.newServerAddresses, address);
  await page.click(ui.newServerAdd);
  await page.waitForSelector(ui.serverInspector(host.slice(0, -1).replaceAll('.', '-')));
  await openAddForms(page);
  await page.fill(ui.newZoneApex, apex);
  await page.locator(ui.addZone).getByLabel(host, { exact: true }).check();
  if (!(await page.isChecked(ui.newZoneDelegate))) throw new Error('delegation is not offered by default');
  await page.click(ui.newZoneAdd);
  await page.waitForSelector(ui.zone(apex));
  await page.waitForSelector(`${ui.zoneInspector(apex)} ${ui.zoneRecords}`);
  const ns = await page.locator(ui.registrarNs).textContent();
  if (!ns.includes(host)) throw new Error(`the parent's NS records read ${ns}`);
  await page.fill(ui.recordOwner, 'www');
  await page.selectOption(ui.recordType, 'A');
  await page.fill(ui.recordData, www);
  await page.click(ui.recordAdd);
  await page.waitForFunction(([records, www]) => document.querySelector(records).textContent.includes(www), [ui.zoneRecords, www]);
}

/** Chooses a file of `text` in the toolbar's Import, as if picked from the disk. */
export const importFile = (page, name, mimeType, text) =>
  page.setInputFiles(ui.importFile, { name, mimeType, buffer: Buffer.from(text) });

/** Clicks `button` of the toolbar's Export menu; resolves with the download it starts. */
export async function exportFile(page, button) {
  await page.click(ui.exportMenu);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return download;
}

/** Opens scenario `id` from the library, found by typing `search`, as a learner does. */
export async function openFromLibrary(page, id, search) {
  await page.click(ui.openPicker);
  await page.fill(ui.pickerSearch, search);
  await page.click(ui.openScenario(id));
}

/** Opens one of the tabs under the stepper ('trace', 'explanation', 'message', 'cache'). */
export async function openTab(page, stem) {
  await page.click(tab(stem));
  await page.waitForSelector(`${panel(stem)}:not([hidden])`);
}
