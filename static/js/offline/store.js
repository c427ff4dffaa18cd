/* The offline queue's IndexedDB store (issue 15): one object store of entries keyed by the
   client id. A connection is opened per operation and closed at once, so the logout's
   deleteDatabase is never blocked by a page that still holds one. */
(function () {
  "use strict";
  if (!window.indexedDB) return;
  var DB_NAME = "tebu-offline";
  var ENTRIES = "entries";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(ENTRIES, { keyPath: "client_id" });
      };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () { db.close(); };
        resolve(db);
      };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(ENTRIES, mode);
        var request = work(transaction.objectStore(ENTRIES));
        transaction.oncomplete = function () { db.close(); resolve(request.result); };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  window.TebuOfflineStore = {
    all: function () {
      return run("readonly", function (entries) { return entries.getAll(); }).then(function (list) {
        return (list || []).sort(function (a, b) { return a.created_at < b.created_at ? -1 : 1; });
      });
    },
    get: function (clientId) {
      return run("readonly", function (entries) { return entries.get(clientId); });
    },
    put: function (entry) {
      return run("readwrite", function (entries) { return entries.put(entry); });
    },
    remove: function (clientId) {
      return run("readwrite", function (entries) { return entries.delete(clientId); });
    },
    forgetEverything: function () {
      return new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      });
    }
  };
})();
