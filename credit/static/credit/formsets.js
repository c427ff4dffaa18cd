/* "Add a line" for the credit formsets: copies the empty row and counts it in TOTAL_FORMS. */
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (fieldset) {
    var button = fieldset.querySelector("[data-add-row]");
    var template = fieldset.querySelector("template[data-empty-row]");
    var rows = fieldset.querySelector("[data-formset-rows]");
    var total = fieldset.querySelector("input[name$='-TOTAL_FORMS']");
    if (!button || !template || !rows || !total) return;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
    });
  });
})();
