// The plot on its mill's base map (issue 14). The server has already drawn the plot as an SVG;
// this only puts map tiles under it, so whatever fails here (no Leaflet, a tile server out of
// reach in the field) leaves that drawing in place. The page includes this file and the vendored
// Leaflet only when the mill set a tile server, so without one nothing is ever requested.
(function () {
  "use strict";

  // Leaflet writes the attribution as HTML; the mill's text is shown as typed, never as markup.
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function setup(box) {
    // On the staff page the map shares a grid cell with the SVG (see plot_map.css).
    var frame = box.parentNode.classList.contains("plot-map-frame") ? box.parentNode : null;
    var geometry;
    var map = null;
    var loaded = 0;
    try {
      // Written by the server with json.dumps: machine numbers whatever the page's language.
      geometry = JSON.parse(box.getAttribute("data-geometry"));
    } catch (error) {
      return;
    }

    function giveUp() {
      if (map) map.remove();
      box.hidden = true;
      box.classList.remove("plot-map-loading");
      if (frame) frame.classList.remove("plot-map-ready");
    }

    // Laid out but invisible: Leaflet must measure the box to fit the plot in it.
    box.classList.add("plot-map-loading");
    box.hidden = false;
    try {
      map = L.map(box, {
        zoomControl: false,
        scrollWheelZoom: false, // a wheel over the map scrolls the page, not the map
        // On a phone one finger scrolls the page and two fingers zoom the map: a map that
        // catches every swipe traps the farmer half way down his list of plots.
        dragging: !L.Browser.mobile
      });
      L.control.zoom({
        zoomInTitle: box.getAttribute("data-msg-zoom-in"),
        zoomOutTitle: box.getAttribute("data-msg-zoom-out")
      }).addTo(map);
      var shape = L.geoJSON(geometry, {
        style: { color: "#2f7d32", weight: 2, fillColor: "#2f7d32", fillOpacity: 0.25 },
        // A circle, not Leaflet's marker icon: a point plot is "here, not measured yet".
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 7, color: "#e65100", fillOpacity: 0.9 });
        }
      }).addTo(map);
      if (geometry.type === "Point") {
        map.setView(shape.getBounds().getCenter(), 17);
      } else {
        map.fitBounds(shape.getBounds(), { padding: [16, 16], maxZoom: 18 });
      }
      var tiles = L.tileLayer(box.getAttribute("data-tile-url"), {
        attribution: escapeHtml(box.getAttribute("data-attribution") || ""),
        maxZoom: 19,
        // Django sends no Referer to other sites; tile servers' terms ask to know which site
        // uses them, and the origin alone tells them.
        referrerPolicy: "strict-origin-when-cross-origin"
      });
      tiles.on("tileload", function () {
        loaded += 1;
        if (loaded === 1) {
          box.classList.remove("plot-map-loading");
          if (frame) frame.classList.add("plot-map-ready");
        }
      });
      // "load" comes when every tile in view has answered, errors included: none loaded means
      // the tile server is out of reach, and the drawing says more than an empty grey box.
      tiles.once("load", function () {
        if (!loaded) giveUp();
      });
      tiles.addTo(map);
    } catch (error) {
      giveUp();
    }
  }

  if (!window.L) return;
  var boxes = document.querySelectorAll("[data-plot-map]");
  for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
})();
