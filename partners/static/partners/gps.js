// "Add my position": the phone's GPS fix appended to the plot's coordinates, one point per tap.
// Walking the boundary is tapping it at each corner. Hand-written: the browser's Geolocation API
// is all it needs, and a library would only wrap these few lines.
(function () {
  "use strict";
  function setup(box) {
    var button = box.querySelector("[data-gps-add]");
    var status = box.querySelector("[data-gps-status]");
    var target = document.getElementById(box.getAttribute("data-gps-target"));
    if (!button || !target) return;
    if (!("geolocation" in navigator)) {
      button.disabled = true;
      status.textContent = box.getAttribute("data-msg-unsupported");
      return;
    }
    box.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = box.getAttribute("data-msg-waiting");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var c = position.coords;
          // Machine numbers (a dot), whatever the page's language: the field reads both.
          var line = c.latitude.toFixed(6) + ", " + c.longitude.toFixed(6);
          var text = target.value.replace(/\s+$/, "");
          target.value = (text ? text + "\n" : "") + line;
          target.dispatchEvent(new Event("input", { bubbles: true }));
          var points = target.value.split("\n").filter(function (l) { return l.trim(); }).length;
          status.textContent = box.getAttribute("data-msg-added")
            .replace("{points}", points)
            .replace("{accuracy}", Math.round(c.accuracy));
          button.disabled = false;
        },
        function (error) {
          status.textContent = box.getAttribute("data-msg-failed") + " (" + error.message + ")";
          button.disabled = false;
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 }
      );
    });
  }
  document.querySelectorAll("[data-gps-target]").forEach(setup);
})();
