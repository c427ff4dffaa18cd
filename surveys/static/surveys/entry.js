/* Survey answer form: keep a half-filled form on the device (a reload brings it back) and show
   what the offline queue did with it. Plain JavaScript, no library; without it the form still
   works as a normal form. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form || form.hasAttribute("inert")) return;
  var key = form.getAttribute("data-draft-key");
  var notice = document.getElementById("draft-notice");
  var texts = JSON.parse(document.getElementById("survey-texts").textContent);

  function show(message) {
    notice.textContent = message || "";
    notice.hidden = !message;
  }

  function collect() {
    var answers = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      answers[input.name] = input.value;
    });
    return answers;
  }

  function store() {
    try {
      localStorage.setItem(key, JSON.stringify({ saved: Date.now(), answers: collect() }));
    } catch (error) { /* private mode or full storage: the form still works */ }
  }

  function forget() {
    try { localStorage.removeItem(key); } catch (error) { /* nothing to do */ }
  }

  function refresh() {
    var answered = 0;
    form.querySelectorAll("[data-question]").forEach(function (question) {
      var any = question.querySelector("input[type=radio]:checked") !== null;
      question.classList.toggle("is-answered", any);
      if (any) answered += 1;
      question.querySelectorAll(".likert-option").forEach(function (option) {
        var input = option.querySelector("input");
        option.classList.toggle("is-checked", input.checked);
      });
      var chosen = question.querySelector("input[data-meaning]:checked");
      var meaning = question.querySelector("[data-meaning-for]");
      if (meaning) meaning.textContent = chosen ? chosen.getAttribute("data-meaning") : "";
    });
    var counter = form.querySelector("[data-answered]");
    if (counter) counter.textContent = answered;
  }

  function restore() {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (error) { return; }
    if (!raw) return;
    var draft;
    try { draft = JSON.parse(raw); } catch (error) { forget(); return; }
    var answers = draft.answers || {};
    var changed = 0;
    Object.keys(answers).forEach(function (name) {
      form.querySelectorAll("input[type=radio]").forEach(function (input) {
        if (input.name === name && input.value === answers[name] && !input.checked) {
          input.checked = true;
          changed += 1;
        }
      });
    });
    if (changed) show(texts.restored);
  }

  form.addEventListener("change", function () { store(); refresh(); });
  form.addEventListener("click", function (event) {
    var code = event.target.getAttribute && event.target.getAttribute("data-skip");
    if (!code) return;
    form.querySelectorAll('[data-question="' + code + '"] input[type=radio]').forEach(function (input) {
      input.checked = false;
    });
    store();
    refresh();
  });
  // Sending is the offline queue's (static/js/offline/queue.js, the form's data-offline-queue):
  // it keeps the answers in IndexedDB until they are accepted, so the draft here can go.
  form.addEventListener("submit", store);
  form.addEventListener("offline-queue:queued", function () {
    forget();
    refresh();
    show(texts.offline);
  });
  form.addEventListener("offline-queue:sent", forget);

  restore();
  refresh();
})();
