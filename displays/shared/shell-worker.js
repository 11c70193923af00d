// Service worker core for an installable page's app shell (imported by the page's own sw.js, which
// sets self.LIMBER_SHELL to its own files, relative to itself; the shared ones are listed here).
//
// - One cache per page and engine version (sw.js?v=…): installing a new version fills a new cache,
//   activating it deletes the page's older ones.
// - Network first: while the engine answers, the page gets fresh files (and the cache is refreshed);
//   with the network cut, the cached shell. A navigation with a query (?zone=…) is the page itself.
// - Nothing under /api/ is ever cached or answered from the cache, and only GETs of shell files are.

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const SCOPE = new URL(self.registration.scope).pathname;
const PREFIX = `limber-shell:${SCOPE}:`;
const CACHE = PREFIX + VERSION;
// every page module may import any of these: all of them, so none is missing offline
const SHARED = ['auth.js', 'base.css', 'boot.js', 'clock.js', 'cues.js', 'events.js', 'link.js', 'pairing.js',
  'shell.js', 'timeline.js', 'words.js', 'zone.js'].map((f) => `../shared/${f}`);
const SHELL = new Set([...self.LIMBER_SHELL, ...SHARED, '../vendor/mqtt.min.js']
  .map((u) => new URL(u, self.location.href).href));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll([...SHELL].map((u) => new Request(u, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return; // the browser's own handling: never cached
  }
  const navigation = req.mode === 'navigate' && url.pathname === SCOPE;
  const key = navigation ? new URL(SCOPE, url).href : url.origin + url.pathname;
  if (!navigation && !SHELL.has(key)) {
    return;
  }
  event.respondWith(fetch(req).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(key, copy)).catch(() => {});
    }
    return response;
  }, () => caches.open(CACHE).then((cache) => cache.match(key)).then((hit) => hit || Response.error())));
});
