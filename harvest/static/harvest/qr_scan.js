// "Scan QR" at the weighbridge: the phone's back camera reads the QR code printed on the SPTA, so
// the clerk does not type a 25-character number while the truck waits. The browser's own
// BarcodeDetector is used where it exists (Chrome on Android: native, copes with blur); jsQR
// (static/vendor/jsqr) everywhere else, because desktop Linux browsers have no detector.
(function () {
  "use strict";

  // The slip's payload is "SPTA|<number>|<plot>|<date>|<quota>|<plate>" (Spta.qr_payload). The
  // field gets the number alone so the clerk can read it back; the server also accepts the whole
  // payload, so an unexpected text still ends in a clear error there rather than here.
  function parse(text) {
    var fields = text.trim().split("|");
    if (fields.length > 1 && fields[0] === "SPTA") {
      return { number: fields[1].trim(), plate: (fields[5] || "").trim() };
    }
    return { number: text.trim(), plate: "" };
  }

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(null);
    return window.BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        return formats.indexOf("qr_code") >= 0
          ? new window.BarcodeDetector({ formats: ["qr_code"] })
          : null;
      })
      .catch(function () { return null; });
  }

  function setup(box) {
    var target = document.getElementById(box.getAttribute("data-qr-target"));
    var next = document.getElementById(box.getAttribute("data-qr-next"));
    var start = box.querySelector("[data-qr-start]");
    var stop = box.querySelector("[data-qr-stop]");
    var video = box.querySelector("video");
    var status = box.querySelector("[data-qr-status]");
    if (!target || !start || !video) return;
    // Without getUserMedia (old browser, or a plain-http address that is not localhost) the
    // button would only fail: leave it hidden and the field to be typed.
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    box.hidden = false;

    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var stream = null;
    var timer = null;
    var detector = null;

    function say(name, values) {
      var text = box.getAttribute("data-msg-" + name) || "";
      Object.keys(values || {}).forEach(function (key) {
        text = text.replace("{" + key + "}", values[key]);
      });
      status.textContent = text;
    }

    function stopCamera() {
      clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.srcObject = null;
      video.hidden = true;
      stop.hidden = true;
      start.disabled = false;
    }

    function decode() {
      if (detector) {
        return detector.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      }
      // jsQR reads pixels: a frame scaled to at most 640 px wide is plenty for a slip held up to
      // the camera and keeps a cheap phone responsive.
      var scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      // Printed slips are dark on light: skipping the inverted pass halves the work per frame.
      var code = window.jsQR(image.data, image.width, image.height, {
        inversionAttempts: "dontInvert",
      });
      return Promise.resolve(code ? code.data : null);
    }

    function found(text) {
      stopCamera();
      var read = parse(text);
      target.value = read.number;
      target.dispatchEvent(new Event("input", { bubbles: true }));
      target.dispatchEvent(new Event("change", { bubbles: true }));
      // The plate is shown so the clerk can check the slip belongs to the truck on the bridge.
      if (read.plate) say("read", { number: read.number, plate: read.plate });
      else say("read-other", { text: read.number });
      if (next) next.focus();
    }

    function scan() {
      if (!stream) return;
      // Every ~150 ms rather than every animation frame: fast enough for a hand-held slip and
      // leaves the phone's CPU for the page.
      if (video.readyState < video.HAVE_CURRENT_DATA || !video.videoWidth) {
        timer = setTimeout(scan, 150);
        return;
      }
      decode()
        .then(function (text) {
          if (!stream) return;
          if (text) found(text);
          else timer = setTimeout(scan, 150);
        })
        .catch(function () {
          // A native detector that fails on this device: fall back to jsQR for the rest.
          if (detector && window.jsQR) {
            detector = null;
            timer = setTimeout(scan, 150);
          } else {
            stopCamera();
            say("failed");
          }
        });
    }

    function failed(error) {
      stopCamera();
      var name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") say("denied");
      else if (name === "NotFoundError" || name === "OverconstrainedError") say("no-camera");
      else if (name === "NotReadableError") say("busy");
      else say("failed");
    }

    start.addEventListener("click", function () {
      start.disabled = true;
      say("starting");
      nativeDetector()
        .then(function (native) {
          detector = native;
          if (!detector && !window.jsQR) throw new Error("no QR decoder");
          // "ideal", not "exact": a laptop with only a front camera still scans.
          return navigator.mediaDevices.getUserMedia({
            video: { facingMode: { ideal: "environment" } },
            audio: false,
          });
        })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          stop.hidden = false;
          return video.play();
        })
        .then(function () {
          say("aim");
          scan();
        })
        .catch(failed);
    });
    stop.addEventListener("click", function () {
      stopCamera();
      say("stopped");
    });
    // The camera light must not stay on after the clerk leaves the page.
    window.addEventListener("pagehide", stopCamera);
  }

  document.querySelectorAll("[data-qr-scan]").forEach(setup);
})();
