// The service worker keeps the app shell (HTML, scripts, styles) on the
// device so paraplan opens in a classroom without signal. It never caches
// the API: student data stays out of HTTP caches (the server sends
// Cache-Control: no-store), and records wait in IndexedDB, not here.
/// <reference lib="webworker" />
export {};

declare const self: ServiceWorkerGlobalScope;

// Both placeholders are replaced at build time by the precache plugin in
// vite.config.ts with the list of emitted files and a name for this release.
const PRECACHE: string[] = '__PRECACHE_MANIFEST__' as unknown as string[];
const CACHE = 'paraplan-shell-__PRECACHE_RELEASE__';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('paraplan-shell-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    // Pages: the network first so a new release shows at once; the saved
    // shell when there is no network (every route is the same index.html).
    event.respondWith(fetch(request).catch(() => caches.match('/', { cacheName: CACHE }).then((cached) => cached ?? Response.error())));
    return;
  }
  // Scripts and styles have content hashes in their names: the cache is exact.
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)));
});

// A page asks the worker to nudge every open page to send waiting records,
// e.g. after Background Sync wakes the worker.
self.addEventListener('sync', (event: Event) => {
  const sync = event as ExtendableEvent & { tag?: string };
  if (sync.tag !== 'paraplan-outbox') return;
  sync.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((windows) => {
      windows.forEach((window) => window.postMessage({ type: 'flush-outbox' }));
    }),
  );
});
