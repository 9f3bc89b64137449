/* An idea's place on the map (only when map tiles are configured; otherwise the place is described in words). */
(function () {
  "use strict";
  var widget = document.querySelector("[data-consultation-map]");
  if (!widget || !window.L || !widget.getAttribute("data-tile-url")) { return; }
  widget.hidden = false;
  var lat = parseFloat(widget.getAttribute("data-lat")) || 51.0;
  var lng = parseFloat(widget.getAttribute("data-lng")) || 9.0;
  var map = L.map("idea-map").setView([lat, lng], 14);
  L.tileLayer(widget.getAttribute("data-tile-url"), { maxZoom: 19, attribution: widget.getAttribute("data-tile-attribution") }).addTo(map);
  var latField = document.getElementById("id_latitude"), lngField = document.getElementById("id_longitude"), marker = null;
  map.on("click", function (event) {
    var p = event.latlng;
    if (marker) { marker.setLatLng(p); } else { marker = L.circleMarker(p, { radius: 9, color: "#004f80", weight: 3 }).addTo(map); }
    latField.value = p.lat.toFixed(6); lngField.value = p.lng.toFixed(6);
  });
}());
