// Scoring page: live weighted total, draft autosave (version-checked), and conflict-field toggling.
// Everything here is an enhancement: the form posts normally without it.
(function () {
  "use strict";
  var form = document.querySelector("[data-scoring]");
  if (!form) { return; }
  var totalOut = document.querySelector("[data-total]");
  var status = form.querySelector("[data-autosave-status]");
  var versionInput = form.querySelector("input[name=version]");
  var timer = null, dirty = false, saving = false, inflight = null;

  function milli(v) { return Math.round(v * 1000); }
  // The number as the server writes it (portal/formatting.py): a decimal comma in Kazakh and Russian.
  function decimal(v) {
    var text = String(v);
    return document.documentElement.lang.slice(0, 2) === "en" ? text : text.replace(".", ",");
  }
  function recompute() {
    var sum = 0;
    form.querySelectorAll("[data-criterion]").forEach(function (block) {
      var input = block.querySelector("[name^=score_]");
      var value = input && input.value.trim() !== "" ? Number(input.value.replace(",", ".")) : null;
      if (value !== null && isFinite(value)) { sum += milli(Number(block.dataset.weight)) * milli(value); }
    });
    if (totalOut) { totalOut.textContent = decimal(Math.round(sum / 1000) / 1000); }
  }

  function save() {
    if (saving || !dirty) { return; }
    saving = true; dirty = false;
    var data = new FormData(form);
    data.delete("submit");
    status.textContent = form.dataset.msgSaving || "…";
    inflight = fetch(form.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin",
                                      headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.json().then(function (body) { return [response.status, body]; }); })
      .then(function (result) {
        var body = result[1];
        if (body.ok) {
          versionInput.value = body.version;
          var when = new Date(body.saved_at);
          status.textContent = "✓ " + when.toLocaleTimeString();
        } else if (body.stale) {
          status.textContent = body.error;
          status.className = "error-message";
        } else {
          status.textContent = body.error || Object.keys(body.errors || {}).map(function (k) {
            return body.errors[k].join(" "); }).join(" ");
        }
      })
      .catch(function () { dirty = true; status.textContent = "⚠"; })
      .then(function () { saving = false; inflight = null; });
  }

  form.addEventListener("input", function () {
    recompute(); dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  });
  form.addEventListener("change", recompute);
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    var submitter = event.submitter;
    if (inflight) {
      // Wait for the autosave in flight so the form carries the version it produced.
      event.preventDefault();
      inflight.then(function () { form.dataset.submitted = ""; form.requestSubmit(submitter); });
      return;
    }
    if (submitter && submitter.name === "submit") {
      var question = submitter.getAttribute("data-confirm-submit");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        // portal.js marks the form as sent after this handler: undo that for a cancelled submission.
        window.setTimeout(function () { form.dataset.submitted = ""; }, 0);
      }
    }
  });
  recompute();
})();
(function () {
  "use strict";
  var form = document.querySelector("[data-declaration]");
  if (!form) { return; }
  var details = form.querySelector("[data-conflict-details]");
  function toggle() {
    var chosen = form.querySelector("input[name=has_conflict]:checked");
    details.hidden = !(chosen && chosen.value === "yes");
  }
  form.addEventListener("change", toggle);
  toggle();
})();
