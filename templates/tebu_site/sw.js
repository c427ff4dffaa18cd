/* Tebu Mitra's service worker (issue 15), served at /sw.js by tebu_site.offline.service_worker so
   that it controls the whole site. Workbox is vendored in static/vendor/workbox/ and told where
   its modules are: nothing loads from Google's CDN. */
importScripts({{ workbox_sw|safe }});
workbox.setConfig({ modulePathPrefix: {{ workbox_prefix|safe }}, debug: false });

// Modules are loaded by importScripts, which a worker may only call while it first runs: touch
// each one here, not inside an event handler.
const { registerRoute } = workbox.routing;
const { NetworkFirst, StaleWhileRevalidate } = workbox.strategies;

const PAGE_CACHE = "tebu-pages";
const READABLE_HEADER = {{ readable_header|safe }};

// Set at logout: from then on this worker keeps nothing, not even for the login page that
// follows while it still controls the tab.
let forgetting = false;

self.skipWaiting();
workbox.core.clientsClaim();

// A page read from the cache shows its "Saved <time>" banner: templates/base.html renders it
// hidden with the time the server made the page, and only a copy served offline unhides it.
const SAVED_BANNER_HIDDEN = "data-offline-saved hidden>";
const SAVED_BANNER_SHOWN = "data-offline-saved>";

const pagesOnlyTheServerMarked = {
  // The server marks the pages a logged-in user may read offline; a redirect (to the login
  // page), an error, or any other page is never kept.
  cacheWillUpdate: async ({ response }) =>
    response && response.status === 200 && !response.redirected &&
    response.headers.get(READABLE_HEADER) === "1" ? response : null,
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) return null;
    const html = await cachedResponse.text();
    return new Response(html.replace(SAVED_BANNER_HIDDEN, SAVED_BANNER_SHOWN), {
      status: cachedResponse.status,
      statusText: cachedResponse.statusText,
      headers: cachedResponse.headers,
    });
  },
};

// Only page loads (GET navigations) of this site; a POST never reaches a route, and static
// files, API calls and form posts go to the network as without a worker.
registerRoute(
  ({ request, url }) =>
    !forgetting && request.mode === "navigate" && url.origin === self.location.origin,
  new NetworkFirst({ cacheName: PAGE_CACHE, plugins: [pagesOnlyTheServerMarked] })
);

// The style sheets, scripts and icons the kept pages need (public files, the same for everyone).
registerRoute(
  ({ request, url }) =>
    !forgetting && url.origin === self.location.origin &&
    url.pathname.startsWith({{ static_prefix|safe }}) &&
    ["style", "script", "image", "font"].includes(request.destination),
  new StaleWhileRevalidate({ cacheName: "tebu-static" })
);

// The page says this as the logout is sent; the worker outlives the page, so the clearing
// finishes even though the page is gone (static/js/offline/pages.js).
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "forget-everything") return;
  forgetting = true;
  const queueDeleted = new Promise((resolve) => {
    const request = indexedDB.deleteDatabase({{ queue_database|safe }});
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
  event.waitUntil(
    Promise.all([
      caches.keys().then((names) => Promise.all(names.map((name) => caches.delete(name)))),
      queueDeleted,
    ]).then(() => self.registration.unregister())
  );
});
