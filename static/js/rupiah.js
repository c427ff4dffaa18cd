/* Rupiah inputs (data-rupiah) show thousand dots while the amount is typed: "15000000" reads
   "15.000.000", the way a DO prints it, so a zero too many is seen before saving. The server
   reads the amount with or without the dots (tebu_site.forms.normalise_rupiah); this only helps
   the eye. A value that is not a plain amount ("1500.50", letters) is left as typed, for the
   server to explain. */
(function () {
  "use strict";
  var PLAIN = /^\d+(,\d{0,2})?$/;

  function grouped(value, deleting) {
    var text = value.replace(/\s/g, "");
    var whole = text.split(",")[0];
    var groups = whole.split(".");
    // A dot before fewer than three digits may be a decimal point: regroup only stale thousand
    // dots, or anything while the user is deleting (a removed digit leaves a short group).
    var stale = groups.slice(1).every(function (g) { return g.length >= 3; });
    if (!deleting && !stale) return null;
    var digits = text.replace(/\./g, "");
    if (!PLAIN.test(digits)) return null;
    var parts = digits.split(",");
    var head = parts[0].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return parts.length > 1 ? head + "," + parts[1] : head;
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-rupiah]")) return;
    var deleting = (event.inputType || "").indexOf("delete") === 0;
    var next = grouped(input.value, deleting);
    if (next === null || next === input.value) return;
    // Keep the caret beside the same digit, counted from the end (the dots move, digits do not).
    var fromEnd = input.value.length - (input.selectionEnd || input.value.length);
    input.value = next;
    var caret = Math.max(0, next.length - fromEnd);
    input.setSelectionRange(caret, caret);
  });
})();
