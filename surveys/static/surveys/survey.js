/* Survey pages: show-if conditions on the same page, one submit per click, map questions.
   Everything works without this script; it only makes the form friendlier. */
(function () {
  "use strict";
  var form = document.querySelector("[data-survey-form]");
  if (!form) { return; }

  function chosen(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value) { values.push(el.value); }
    });
    return values;
  }
  function applyConditions() {
    form.querySelectorAll("[data-show-if]").forEach(function (el) {
      el.hidden = chosen(el.getAttribute("data-show-if")).indexOf(el.getAttribute("data-show-value")) === -1;
    });
  }
  form.addEventListener("change", applyConditions);
  applyConditions();

  // A second click while the first submit is on its way would only repeat it (the server stores it once).
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    window.setTimeout(function () { form.dataset.sent = ""; }, 8000);
  });

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  if (typeof L === "undefined") { return; }
  var script = document.getElementById("survey-script");
  var tileUrl = script ? script.getAttribute("data-tile-url") : "";
  var attribution = script ? script.getAttribute("data-tile-attribution") : "";
  document.querySelectorAll("[data-map-for]").forEach(function (widget) {
    var name = widget.getAttribute("data-map-for");
    var latInput = document.getElementById(name + "_lat");
    var lngInput = document.getElementById(name + "_lng");
    var lat = parseFloat(widget.getAttribute("data-lat")) || 51.3127;
    var lng = parseFloat(widget.getAttribute("data-lng")) || 9.4797;
    widget.hidden = false;
    var map = L.map(name + "-map", { attributionControl: !!tileUrl }).setView([lat, lng], parseInt(widget.getAttribute("data-zoom"), 10) || 13);
    if (tileUrl) { L.tileLayer(tileUrl, { maxZoom: 19, attribution: attribution }).addTo(map); }
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.circleMarker(latlng, { radius: 9, color: "#004f80", weight: 3 }).addTo(map); }
    }
    if (latInput.value && lngInput.value) {
      var start = [parseFloat(latInput.value), parseFloat(lngInput.value)];
      place(start); map.setView(start);
    }
    map.on("click", function (event) {
      place(event.latlng);
      latInput.value = event.latlng.lat.toFixed(6);
      lngInput.value = event.latlng.lng.toFixed(6);
    });
    function fromInputs() {
      var a = parseFloat(latInput.value.replace(",", ".")), b = parseFloat(lngInput.value.replace(",", "."));
      if (!isNaN(a) && !isNaN(b)) { place([a, b]); map.setView([a, b]); }
    }
    latInput.addEventListener("change", fromInputs);
    lngInput.addEventListener("change", fromInputs);
  });
})();
