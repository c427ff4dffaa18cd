/* The offline queue (issue 15). A form marked data-offline-queue is sent by fetch with an id made
   here (hidden field client_id and header X-Client-Id; tebu_site/idempotency.py records it once).
   Without a network the entry waits in IndexedDB (store.js) and the header shows how many wait;
   they are sent one by one on every page load and when the browser says it is online again.
   An accepted entry is removed; one the server refuses (4xx) stays with the server's message to
   be fixed and sent again; one whose record changed on the server (409) is compared side by side.
   Texts come from the page (templates/base.html), never from here.
   Such a form must post to a view wrapped in tebu_site.idempotency.idempotent_submission: only its
   204 "accepted" answer takes an entry off the phone. */
(function () {
  "use strict";
  var store = window.TebuOfflineStore;
  var panel = document.getElementById("offline-queue");
  if (!store || !panel || !window.fetch || !window.FormData || !window.crypto) return;
  var texts = panel.dataset;
  var user = texts.user;
  var counter = document.querySelector("[data-offline-count]");
  var list = panel.querySelector("[data-offline-list]");
  var notice = document.querySelector("[data-offline-notice]");
  var HASH_PREFIX = "#offline-entry=";
  var flushing = null;

  function fill(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function newClientId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID exists only in a secure context; a mill's LAN server may be plain http.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function bodyOf(entry) {
    var data = new FormData();
    entry.fields.forEach(function (pair) {
      if (pair[0] !== "csrfmiddlewaretoken" && pair[0] !== "client_id") data.append(pair[0], pair[1]);
    });
    // Today's token: a new login since the entry was made rotates the one it was made with.
    data.append("csrfmiddlewaretoken", csrfToken());
    data.append("client_id", entry.client_id);
    return data;
  }

  function post(entry) {
    return fetch(entry.url, {
      method: "POST",
      body: bodyOf(entry),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Client-Id": entry.client_id }
    });
  }

  function accepted(response) {
    return response.status === 204 &&
      /^(accepted|replayed)$/.test(response.headers.get("X-Client-Submission") || "");
  }

  function serverMessage(response) {
    return response.text().then(function (body) {
      if ((response.headers.get("Content-Type") || "").indexOf("text/html") !== 0) {
        return body.trim().slice(0, 300) || texts.textRejected;
      }
      var page = new DOMParser().parseFromString(body, "text/html");
      var parts = [];
      page.querySelectorAll(".form-error, .field-error, .errorlist li, .flash-error").forEach(function (element) {
        var text = element.textContent.replace(/\s+/g, " ").trim();
        var label = element.closest("label");
        var name = label && label.firstChild ? label.firstChild.textContent.trim() : "";
        if (text) parts.push(name ? name + ": " + text : text);
      });
      return parts.join(" · ") || texts.textRejected;
    });
  }

  function mine(entries) {
    return entries.filter(function (entry) { return entry.user === user; });
  }

  function say(message) {
    if (!notice) return;
    notice.textContent = message || "";
    notice.hidden = !message;
  }

  function button(label, testId, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "secondary outline";
    element.textContent = label;
    element.dataset.testid = testId;
    element.addEventListener("click", onClick);
    return element;
  }

  function row(entry) {
    var item = document.createElement("li");
    item.dataset.testid = "offline-entry";
    item.dataset.status = entry.status;
    var when = new Date(entry.created_at);
    var title = document.createElement("strong");
    title.textContent = entry.label + " · " + when.toLocaleString(document.documentElement.lang || undefined, {
      timeZone: "Asia/Jakarta", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit"
    });
    item.appendChild(title);
    var state = document.createElement("p");
    state.dataset.testid = "offline-entry-status";
    state.textContent = entry.status !== "waiting"
      ? fill(texts.textRejectedWith, { message: entry.server_message })
      : (entry.server_message || texts.textWaitingStatus);
    item.appendChild(state);
    if (entry.status === "rejected") {
      var fix = document.createElement("a");
      fix.href = entry.url.split("#")[0] + HASH_PREFIX + entry.client_id;
      fix.textContent = texts.textFix;
      fix.role = "button";
      fix.dataset.testid = "offline-entry-fix";
      item.appendChild(fix);
    }
    if (entry.status === "conflict") {
      item.appendChild(button(texts.textCompare, "offline-entry-compare", function () { postOnPage(entry); }));
    }
    item.appendChild(button(texts.textDelete, "offline-entry-delete", function () {
      if (window.confirm(texts.textConfirmDelete)) store.remove(entry.client_id).then(refresh);
    }));
    return item;
  }

  // The server's own page for an entry (the two versions side by side): the entry posted as an
  // ordinary form, so the browser shows the answer.
  function postOnPage(entry) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = entry.url;
    form.hidden = true;
    bodyOf(entry).forEach(function (value, name) {
      // A hidden field cannot carry a file; only a create form has one, and a create never conflicts.
      if (typeof value !== "string") return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    });
    document.body.appendChild(form);
    HTMLFormElement.prototype.submit.call(form);
  }

  var unsentCount = 0;
  // Read synchronously by the logout (pages.js), which must not wait to ask IndexedDB.
  window.TebuOfflineQueue = { unsentCount: function () { return unsentCount; } };

  function refresh() {
    return store.all().then(function (entries) {
      var waiting = mine(entries);
      unsentCount = waiting.length;
      counter.textContent = fill(texts.textWaiting, { count: waiting.length });
      counter.hidden = waiting.length === 0;
      counter.classList.toggle("has-rejected", waiting.some(function (e) { return e.status === "rejected"; }));
      list.replaceChildren.apply(list, waiting.map(row));
      if (!waiting.length) panel.hidden = true;
      return waiting;
    }).catch(function () { return []; });
  }

  // One entry; resolves true to go on with the next, false when the network or the session is
  // gone (the rest wait for the next try).
  function sendOne(entry, here) {
    return post(entry).then(function (response) {
      if (accepted(response)) {
        return store.remove(entry.client_id).then(function () {
          if (entry.page === window.location.pathname) here.url = response.headers.get("X-Result-Url");
          return true;
        });
      }
      if (response.status >= 400 && response.status < 500) {
        return serverMessage(response).then(function (message) {
          // 409: the record changed on the server since the draft; the officer compares.
          entry.status = response.status === 409 ? "conflict" : "rejected";
          entry.server_message = message;
          return store.put(entry).then(function () { return true; });
        });
      }
      // A redirect is the login page (the session ended) or a server error: try again later.
      entry.server_message = response.type === "opaqueredirect" ? texts.textLoginAgain : "";
      return store.put(entry).then(function () { return false; });
    }, function () { return false; });
  }

  function flush() {
    if (flushing) return flushing;
    var here = { url: null };
    flushing = store.all().then(function (entries) {
      return mine(entries).filter(function (e) { return e.status === "waiting"; }).reduce(function (chain, entry) {
        return chain.then(function (goOn) { return goOn && sendOne(entry, here); });
      }, Promise.resolve(true));
    }).catch(function () { return false; }).then(function () {
      flushing = null;
      // An entry made on this very page went through: show where the server sends it, as a
      // form sent with a signal would have.
      if (here.url) {
        window.location.assign(here.url);
        return [];
      }
      return refresh();
    });
    return flushing;
  }

  function entryOf(form, clientId, submitter) {
    var data;
    try { data = new FormData(form, submitter || undefined); } catch (error) { data = new FormData(form); }
    var fields = [];
    data.forEach(function (value, name) {
      // A chosen file (a GPX from a handheld GPS) is kept as the File itself: IndexedDB stores
      // Blobs and FormData sends them again. An empty file input is a nameless empty File.
      if (typeof value === "string" || (value instanceof Blob && value.size)) fields.push([name, value]);
    });
    var url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    url.hash = "";
    return {
      client_id: clientId,
      url: url.href,
      page: window.location.pathname,
      label: document.title.split(" · ")[0],
      fields: fields,
      created_at: new Date().toISOString(),
      status: "waiting",
      server_message: "",
      user: user
    };
  }

  // Now as a datetime-local field says it in the server's zone (WIB), e.g. "2026-07-14T09:05".
  function serverWallClockNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
  }

  function queue(form, entry, idInput) {
    // A field the server fills with "now" when left empty (data-offline-now, e.g. the weighing
    // time) gets the moment of entry: sent later, the server's now would be the wrong time.
    (form.dataset.offlineNow || "").split(/\s+/).filter(Boolean).forEach(function (name) {
      var pair = entry.fields.find(function (field) { return field[0] === name; });
      if (!pair) entry.fields.push(pair = [name, ""]);
      if (!pair[1]) pair[1] = serverWallClockNow();
    });
    return store.put(entry).then(function () {
      form.reset();
      idInput.value = "";
      form.dispatchEvent(new CustomEvent("offline-queue:queued", { bubbles: true }));
      say(texts.textQueued);
      return refresh();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-offline-queue")) return;
    var idInput = form.querySelector("input[name=client_id]");
    if (!idInput || event.defaultPrevented) return;
    if (event.submitter && event.submitter.hasAttribute("data-offline-skip")) {
      // A button that only asks the server something (the credit ceiling) records nothing: it is
      // an ordinary post, and without a signal there is nobody to ask.
      if (!navigator.onLine) event.preventDefault();
      return;
    }
    event.preventDefault();
    if (!idInput.value) idInput.value = newClientId();
    var entry = entryOf(form, idInput.value, event.submitter);
    if (!navigator.onLine) {
      queue(form, entry, idInput);
      return;
    }
    post(entry).then(function (response) {
      if (accepted(response)) {
        store.remove(entry.client_id).catch(function () {}).then(function () {
          form.dispatchEvent(new CustomEvent("offline-queue:sent", { bubbles: true }));
          window.location.assign(response.headers.get("X-Result-Url") || window.location.href);
        });
      } else if (response.type === "opaqueredirect") {
        // The session ended: keep the entry rather than lose it on the login page.
        entry.server_message = texts.textLoginAgain;
        queue(form, entry, idInput);
      } else {
        // The server has its say on its own page, with the errors beside the fields: the same
        // post the ordinary way (a refused id is not kept, so this records nothing twice).
        HTMLFormElement.prototype.submit.call(form);
      }
    }, function () {
      queue(form, entry, idInput);
    });
  });

  function reopenForFixing() {
    if (window.location.hash.indexOf(HASH_PREFIX) !== 0) return;
    var form = document.querySelector("form[data-offline-queue]");
    if (!form) return;
    store.get(window.location.hash.slice(HASH_PREFIX.length)).then(function (entry) {
      if (!entry || entry.user !== user) return;
      var values = {};
      entry.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
      Array.prototype.forEach.call(form.elements, function (element) {
        var name = element.name;
        if (!name || name === "csrfmiddlewaretoken" || name === "client_id") return;
        if (element.type === "radio" || element.type === "checkbox") {
          // Absent from the entry means not ticked (a skipped question, a box left empty).
          element.checked = (values[name] || []).indexOf(element.value) >= 0;
        } else if (element.type === "file") {
          // The file kept with the entry goes back into its input, to be sent again with the fix.
          if (!window.DataTransfer) return;
          var files = new DataTransfer();
          (values[name] || []).forEach(function (file) { if (file instanceof File) files.items.add(file); });
          element.files = files.files;
        } else if (name in values && ["submit", "button"].indexOf(element.type) < 0) {
          // Hidden fields too: the record's version the draft was made from must go with it.
          element.value = values[name][0];
        }
      });
      form.querySelector("input[name=client_id]").value = entry.client_id;
      form.dispatchEvent(new Event("change", { bubbles: true }));
      say(fill(texts.textRejectedWith, { message: entry.server_message }));
    });
  }

  counter.addEventListener("click", function () { panel.hidden = !panel.hidden; });
  // "Keep the server's version" on a conflict page: the draft is dropped from the phone too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-offline-discard]");
    if (!link) return;
    event.preventDefault();
    var go = function () { window.location.assign(link.href); };
    if (link.dataset.offlineDiscard) store.remove(link.dataset.offlineDiscard).then(go, go);
    else go();
  });
  // "Open to fix" on the entry's own page only changes the hash.
  window.addEventListener("hashchange", reopenForFixing);
  window.addEventListener("online", flush);
  // A browser's "online" is not always told; a slow look now and then catches the signal back.
  window.setInterval(function () { if (navigator.onLine) flush(); }, 30000);
  refresh().then(function (waiting) {
    reopenForFixing();
    if (waiting.length && navigator.onLine) flush();
  });
})();
