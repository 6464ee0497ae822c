// Starts the app. Trunk's own loader is an inline script, which the page's
// Content-Security-Policy forbids (no inline script at all), so this file
// loads the wasm-bindgen glue and the wasm instead. Their names carry content
// hashes that change with every build; Trunk writes them into two <meta>
// elements of index.html (Trunk.toml: pattern_script), and this reads them
// there, so it never needs to change between builds.
//
// The page shows its prerendered first view before any of this: the downloads
// start once that view is painted, so on a slow link the wasm never delays it.
//
// Then it registers the service worker (sw.js, written by
// scripts/post-build.mjs) that keeps the app working offline, and offers a
// reload when a new version has been deployed.

// Written for every browser that runs modules (no top-level await, no ?. or ??), so that one
// too old for the app still gets to say so; assets/no-modules.js speaks for older ones still.

const status = document.getElementById('boot-status');

function fail(summary, error) {
  if (!status) return;
  status.classList.add('boot-failed');
  status.setAttribute('role', 'alert');
  const heading = document.createElement('strong');
  heading.textContent = 'DNS Lab could not start.';
  const text = document.createElement('p');
  text.textContent = summary;
  status.textContent = '';
  status.append(heading, text);
  if (error) {
    const detail = document.createElement('p');
    detail.className = 'boot-detail';
    detail.textContent = `The browser said: ${error.message || error}`;
    status.append(detail);
  }
}

const TOO_OLD = status ? status.dataset.tooOld : 'This browser is too old for DNS Lab.';
const RELOAD = 'Reload the page; if that does not help, the site may be halfway through an update, '
  + 'or a filter or extension may block it.';

function fileUrl(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  return meta ? new URL(meta.content, document.baseURI).href : null;
}

async function start() {
  if (typeof WebAssembly !== 'object') {
    fail(TOO_OLD);
    return false;
  }
  const glue = fileUrl('app-glue');
  const wasm = fileUrl('app-wasm');
  if (!glue || !wasm) {
    fail('The page does not name its program files: it is not a complete DNS Lab build.');
    return false;
  }
  // Both downloads at once; the wasm compiles as it arrives (instantiateStreaming).
  const module = fetch(wasm);
  let init;
  try {
    init = (await import(glue)).default;
  } catch (error) {
    // A SyntaxError: the browser cannot read the program (too old); otherwise it did not get it.
    fail(error instanceof SyntaxError ? TOO_OLD : `Its program could not be loaded: a file is missing or blocked. ${RELOAD}`, error);
    return false;
  }
  try {
    await init({ module_or_path: module });
  } catch (error) {
    fail(error instanceof WebAssembly.CompileError
      ? TOO_OLD
      : `Its WebAssembly module could not be loaded or started. ${RELOAD}`, error);
    return false;
  }
  if (status) status.remove();
  return true;
}

// DNS Lab's cryptography (src/bin/dns-lab-crypto.rs), a WebAssembly module of its own that the
// app asks for, through window.dnsLabLoadCrypto, the first time a world has a signed zone
// (src/ui/crypto.rs). Its hashed file names are in two <meta> elements that
// scripts/post-build.mjs writes. Here rather than in a wasm-bindgen snippet, whose file name
// carries no content hash and could be served stale from a cache after a redeploy.
let cryptoLoading = null;

function loadCrypto() {
  if (!cryptoLoading) {
    const glue = fileUrl('crypto-glue');
    const wasm = fileUrl('crypto-wasm');
    cryptoLoading = !glue || !wasm
      ? Promise.reject(new Error('this page does not name its cryptography files'))
      : import(glue).then((module) => module.default({ module_or_path: wasm }).then(() => module));
    // A failed download may be tried again (the next signing).
    cryptoLoading.catch(() => { cryptoLoading = null; });
  }
  return cryptoLoading;
}

window.dnsLabLoadCrypto = loadCrypto;

// Shows "a new version is ready" with a button that switches to it: the waiting service
// worker takes over, then the page reloads once, so one page never mixes two versions.
function offerUpdate(worker) {
  if (document.getElementById('update-ready')) return;
  const banner = document.createElement('div');
  banner.id = 'update-ready';
  banner.className = 'update-ready';
  banner.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.textContent = 'A new version of DNS Lab is ready.';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload to update';
  reload.addEventListener('click', () => {
    reload.disabled = true;
    worker.postMessage({ type: 'skip-waiting' });
  });
  const later = document.createElement('button');
  later.type = 'button';
  later.textContent = 'Later';
  // The old version keeps working; the new one is offered again on the next visit.
  later.addEventListener('click', () => banner.remove());
  banner.append(text, reload, later);
  document.body.append(banner);
}

async function keepOffline() {
  if (!('serviceWorker' in navigator)) return;
  let registration;
  try {
    registration = await navigator.serviceWorker.register('./sw.js');
  } catch {
    // Not fatal: the page works online without it (a file:// page or a private window).
    return;
  }
  // A browser that blocks service workers (a policy, an automation setting) may answer with
  // no registration at all.
  if (!registration) return;
  // Only a page that was already controlled by a service worker has an older version to
  // replace; on a first visit the new worker simply takes over the next load.
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController || reloading) return;
    reloading = true;
    window.location.reload();
  });
  const watch = (worker) => {
    if (!worker) return;
    const offerOnceInstalled = () => {
      if (worker.state === 'installed' && hadController) offerUpdate(worker);
    };
    offerOnceInstalled();
    worker.addEventListener('statechange', offerOnceInstalled);
  };
  watch(registration.waiting);
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
}

// After the first view is on screen: the paint timing entry arrives once the frame has been
// presented (a frame's callback would run before it, and a download started then would count as
// one the first paint waited for). A page opened in a background tab paints nothing until shown,
// and an older browser may not report paints: the timer starts the app anyway.
function afterFirstPaint() {
  return new Promise((resolve) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      resolve();
    };
    const types = (typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes) || [];
    if (types.indexOf('paint') >= 0) {
      const observer = new PerformanceObserver((list) => {
        if (list.getEntriesByName('first-contentful-paint').length === 0) return;
        observer.disconnect();
        setTimeout(once, 0);
      });
      observer.observe({ type: 'paint', buffered: true });
      setTimeout(once, 1500);
    } else {
      requestAnimationFrame(() => setTimeout(once, 0));
      setTimeout(once, 1500);
    }
  });
}

afterFirstPaint().then(start).then((started) => {
  if (!started) return;
  // After the page has loaded, so the worker's downloads never compete with the app's own.
  if (document.readyState === 'complete') keepOffline();
  else window.addEventListener('load', keepOffline, { once: true });
});
