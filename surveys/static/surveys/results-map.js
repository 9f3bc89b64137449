/* Results: the places citizens marked, on a Leaflet map (tiles only if SURVEYS_MAP_TILE_URL is set).
   Without JavaScript the SVG overview and the table of areas show the same answers. */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var script = document.getElementById("results-map-script");
  var tileUrl = script ? script.getAttribute("data-tile-url") : "";
  var attribution = script ? script.getAttribute("data-tile-attribution") : "";
  document.querySelectorAll("[data-results-map]").forEach(function (el) {
    var data = document.getElementById(el.getAttribute("data-results-map"));
    var points = data ? JSON.parse(data.textContent) : [];
    if (!points.length) { return; }
    el.hidden = false;
    var map = L.map(el, { attributionControl: !!tileUrl });
    if (tileUrl) { L.tileLayer(tileUrl, { maxZoom: 19, attribution: attribution }).addTo(map); }
    var layer = L.featureGroup(points.map(function (p) {
      // Overlapping translucent circles show where many places were marked.
      return L.circleMarker([p[0], p[1]], { radius: 7, color: "#004f80", weight: 1, fillOpacity: 0.35 });
    })).addTo(map);
    map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 16 });
    el.setAttribute("data-marker-count", String(points.length));
  });
})();
