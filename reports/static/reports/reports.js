/* Issue reports: pick a place on the map (fills the coordinate fields), and the public map that
   loads only the viewport's reports (or clusters) from karte.json. Works without tiles. */
(function () {
  "use strict";
  var script = document.getElementById("reports-script");
  if (!script || typeof L === "undefined") { return; }
  var tileUrl = script.getAttribute("data-tile-url");
  var attribution = script.getAttribute("data-tile-attribution") || "";

  function base(el) {
    var lat = parseFloat(el.getAttribute("data-lat")) || 51.3127;
    var lon = parseFloat(el.getAttribute("data-lon")) || 9.4797;
    var map = L.map(el, { attributionControl: !!tileUrl }).setView([lat, lon], 13);
    if (tileUrl) { L.tileLayer(tileUrl, { maxZoom: 19, attribution: attribution }).addTo(map); }
    return map;
  }

  document.querySelectorAll("[data-report-map=pick]").forEach(function (el) {
    var map = base(el);
    var latInput = document.getElementById("id_lat");
    var lonInput = document.getElementById("id_lon");
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.circleMarker(latlng, { radius: 10, color: "#004f80", weight: 3 }).addTo(map); }
    }
    var a = parseFloat(latInput.value), b = parseFloat(lonInput.value);
    if (!isNaN(a) && !isNaN(b)) { place([a, b]); map.setView([a, b], 15); }
    map.on("click", function (event) {
      place(event.latlng);
      latInput.value = event.latlng.lat.toFixed(6);
      lonInput.value = event.latlng.lng.toFixed(6);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var x = parseFloat(latInput.value), y = parseFloat(lonInput.value);
        if (!isNaN(x) && !isNaN(y)) { place([x, y]); map.setView([x, y]); }
      });
    });
  });

  var dataUrl = script.getAttribute("data-map-url");
  document.querySelectorAll("[data-report-map=show]").forEach(function (el) {
    var map = base(el);
    var layer = L.layerGroup().addTo(map);
    var query = el.getAttribute("data-query") || "";
    var pending = null;
    function load() {
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(",");
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch(dataUrl + "?bbox=" + bbox + (query ? "&" + query : ""), { signal: pending.signal })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          layer.clearLayers();
          (data.points || []).forEach(function (p) {
            var m = L.circleMarker([p.lat, p.lon], { radius: 8, color: "#004f80", weight: 3, className: "report-marker status-" + p.status });
            var link = document.createElement("a");
            link.href = p.ref + "/";
            link.textContent = p.category + " (" + p.ref + ")";
            m.bindPopup(link);
            layer.addLayer(m);
          });
          (data.clusters || []).forEach(function (c) {
            var icon = L.divIcon({ className: "report-cluster", html: "<span>" + c.count + "</span>", iconSize: [44, 44] });
            var m = L.marker([c.lat, c.lon], { icon: icon, keyboard: false });
            m.on("click", function () { map.setView([c.lat, c.lon], map.getZoom() + 2); });
            layer.addLayer(m);
          });
        })
        .catch(function () {});
    }
    map.on("moveend", load);
    load();
  });
})();

/* Extra questions of a category: when the category changes, load the form with that category and
   show its questions. Without this script the questions appear after the first submission. */
(function () {
  "use strict";
  var select = document.getElementById("id_category");
  var box = document.getElementById("report-questions");
  if (!select || !box || !window.fetch || !window.DOMParser) { return; }
  select.addEventListener("change", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("category", select.value);
    fetch(url.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var fresh = html ? new DOMParser().parseFromString(html, "text/html").getElementById("report-questions") : null;
        if (fresh) { box.innerHTML = fresh.innerHTML; }
      })
      .catch(function () {});
  });
})();
