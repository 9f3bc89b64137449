/* Survey builder in the Wagtail admin: the question form shows only the fields of the chosen
   type, and the survey form shows the address the short title will get. Without this script
   every field stays visible and the server still checks everything. */
function surveysQuestionForm() {
  "use strict";
  var kind = document.querySelector("[data-kind-select]");
  if (kind) {
    var apply = function () {
      document.querySelectorAll("[data-kinds]").forEach(function (input) {
        var wrapper = input.closest(".w-field__wrapper") || input.closest(".w-field") || input.parentElement;
        var shown = input.getAttribute("data-kinds").split(" ").indexOf(kind.value) !== -1;
        wrapper.hidden = !shown;
      });
    };
    kind.addEventListener("change", apply);
    apply();
  }

  var title = document.getElementById("id_title");
  var slug = document.getElementById("id_slug");
  var preview = document.getElementById("slug-preview");
  if (title && slug && preview) {
    var letters = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue" };
    var slugOf = function (text) {
      return text.replace(/[äöüßÄÖÜ]/g, function (c) { return letters[c]; })
        .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .replace(/[^a-z0-9\s-]/g, "").trim().replace(/[\s-]+/g, "-").slice(0, 70);
    };
    var prefix = preview.getAttribute("data-prefix");
    var show = function () {
      var value = slug.value.trim() || slugOf(title.value) || "…";
      preview.textContent = prefix + value + "/";
    };
    title.addEventListener("input", show);
    slug.addEventListener("input", show);
    show();
  }
}
// Wagtail loads this script in the page head: wait for the form.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", surveysQuestionForm);
} else {
  surveysQuestionForm();
}
