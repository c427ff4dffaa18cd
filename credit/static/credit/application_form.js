/* Credit application form: the ceiling follows the plots ticked, their crop class and area, and
   the reason appears beside the amount when it asks for more (a small fetch; no library).
   Without JavaScript, "Check ceiling" does the same on the server. */
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) return;
  var amount = document.getElementById("ceiling-amount");
  var detail = document.getElementById("ceiling-detail");
  var reason = document.getElementById("ceiling-reason");
  var timer = null;
  var serial = 0;

  function refresh() {
    var params = new URLSearchParams();
    params.set("farmer", form.dataset.farmer);
    params.set("product", form.dataset.product);
    if (form.dataset.application) params.set("application", form.dataset.application);
    form.querySelectorAll("[data-ceiling]").forEach(function (el) {
      if (el.type === "checkbox") {
        if (el.checked) params.set(el.name, "on");
      } else if (el.value !== "") {
        params.set(el.name, el.value);
      }
    });
    var mine = ++serial;
    fetch(form.dataset.ceilingUrl + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || mine !== serial) return;
        amount.textContent = data.amount_text;
        if (detail) detail.textContent = data.detail;
        if (reason) {
          reason.textContent = data.reason;
          reason.hidden = !data.reason;
        }
      })
      .catch(function () { /* offline: the server checks again on save */ });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }
  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-ceiling]")) schedule();
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("[data-ceiling]")) schedule();
  });
})();
