/* The error summary of a form; the header's menu button on narrow screens. Without JavaScript the "Menu" link leads to the
   same links in the footer instead; with it, the button shows and hides the navigation. */
(function () {
  "use strict";
  // A form came back with errors: move the focus to the summary at its top, so screen readers read it.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();

(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  document.documentElement.classList.add("js");
  button.hidden = false;
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
