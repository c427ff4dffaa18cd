/* The installable app's page side (issue 15): registers the service worker (/sw.js) for a
   logged-in user, and on logout forgets everything of his on this device (the kept pages, the
   offline queue, the survey drafts): started here as the logout is sent, finished by the
   worker, and made certain by the logout answer's Clear-Site-Data header. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var user = script.dataset.user;
  var LAST_USER = "tebu-offline-user";

  function forgetPages() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    });
  }

  function forgetDrafts() {
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf("tebu-") === 0) localStorage.removeItem(key);
      });
    } catch (error) { /* storage disabled: nothing kept */ }
  }

  function forgetEverything() {
    var steps = [forgetPages()];
    if (window.TebuOfflineStore) steps.push(window.TebuOfflineStore.forgetEverything());
    if (navigator.serviceWorker) {
      // Unregistered, the worker keeps nothing from the login page that follows.
      steps.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }));
    }
    forgetDrafts();
    return Promise.all(steps.map(function (step) { return step.catch(function () {}); }));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-logout")) return;
    var unsent = window.TebuOfflineQueue ? window.TebuOfflineQueue.unsentCount() : 0;
    if (unsent && !window.confirm(form.dataset.confirmUnsent.replace("%(count)s", unsent))) {
      event.preventDefault();
      return;
    }
    // The logout is not held back: the worker finishes the clearing even as this page goes
    // (it lives on), the page starts it too, and the logout's Clear-Site-Data makes the browser
    // finish it before it shows the next page.
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "forget-everything" });
    forgetEverything();
  });

  // Another user on this phone (a session that ended without a logout): the pages kept for
  // the one before are not his to read.
  try {
    var last = localStorage.getItem(LAST_USER);
    if (last && last !== user) forgetPages();
    localStorage.setItem(LAST_USER, user);
  } catch (error) { /* storage disabled */ }

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).catch(function () {});
  }
})();
