// DNS Lab's service worker: after one visit the app opens and works with no network.
//
// scripts/post-build.mjs writes the served sw.js from this file, with two constants put in
// front: BUILD (a digest of the whole build) and ASSETS (every file of the build, relative to
// this script, './' being the page). A new deploy therefore has a different sw.js, which the
// browser notices on the next visit: the new worker downloads the new build into a cache of its
// own and waits; the page (boot.js) offers a reload, and only then does the new worker take
// over. Until that moment the old worker answers from the old build's cache, so no page ever
// mixes files of two builds.
/* global BUILD, ASSETS */

const SCOPE = self.registration.scope;
// Cache storage is shared by the whole origin: name caches by scope, so copies of DNS Lab
// deployed under other paths of the same host keep theirs.
const CACHE_PREFIX = `dns-lab ${SCOPE} `;
const CACHE = CACHE_PREFIX + BUILD;
const PAGE = new URL('./', SCOPE).href;
const PAGE_FILE = new URL('./index.html', SCOPE).href;
const EXAMPLES = new URL('./examples/', SCOPE).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // 'no-cache': revalidate with the server, never take a stale copy from the HTTP cache.
      cache.addAll(ASSETS.map((asset) => new Request(new URL(asset, SCOPE), { cache: 'no-cache' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
          .map((name) => caches.delete(name)),
      ),
    ),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.hash = '';
  url.search = '';
  let key;
  if (request.mode === 'navigate') {
    // The page itself, whatever fragment (a share link) or query it was opened with.
    if (url.href !== PAGE && url.href !== PAGE_FILE) return;
    key = PAGE;
  } else {
    if (!url.href.startsWith(SCOPE)) return;
    key = url.href;
  }
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const cached = await cache.match(key);
      if (cached) return cached;
      const response = await fetch(request);
      // Large example files are not downloaded on install: each is kept once fetched.
      if (response.ok && key.startsWith(EXAMPLES)) await cache.put(key, response.clone());
      return response;
    }),
  );
});
