// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users land on the problems.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
  // Prevent double submission: disable submit buttons of a form once it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    window.setTimeout(function () { form.dataset.submitted = ""; }, 8000);
  });
  // Confirmation for destructive actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); event.target.dataset.submitted = ""; }
  }, true);
  // Wide tables: say so when a table region is wider than the screen (the shadows show it too, without JS).
  function markScrollable() {
    var regions = document.querySelectorAll(".table-region");
    for (var i = 0; i < regions.length; i++) {
      var scroller = regions[i].querySelector(".table-scroll");
      regions[i].classList.toggle("is-scrollable", scroller.scrollWidth > scroller.clientWidth + 1);
    }
  }
  markScrollable();
  window.addEventListener("resize", markScrollable);
})();
// A part of the page that waits for a background job (<div id="..." data-poll>): fetched again every 5 s and
// swapped in place once the server's copy no longer waits, so nothing reloads under the reader (without JS the
// part offers a reload link).
(function () {
  "use strict";
  var part = document.querySelector("[data-poll][id]");
  if (!part || !window.fetch || !window.DOMParser) { return; }
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(window.location.href, {credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(part.id);
        if (fresh && !fresh.hasAttribute("data-poll")) { part.replaceWith(fresh); return; }
        if (tries < 60) { window.setTimeout(poll, 5000); }
      })
      .catch(function () { if (tries < 60) { window.setTimeout(poll, 5000); } });
  }
  window.setTimeout(poll, 5000);
})();
// Copy buttons beside long hashes: <button class="copy-button" data-copy="..." hidden> (shown only with JS).
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".copy-button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var label = button.textContent;
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
// The competition filters stay open beside the list on a wide screen (browsers without ::details-content).
(function () {
  "use strict";
  var panel = document.querySelector(".filters-panel");
  if (panel && window.matchMedia("(min-width: 801px)").matches) { panel.open = true; }
})();
