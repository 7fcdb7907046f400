/* Polls a report's status JSON and updates the page; the page works without it (reload). */
(function () {
  var box = document.getElementById("report-state");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function show(name, visible) { var el = field(name); if (el) { el.hidden = !visible; } }
  function update(state) {
    field("status_label").textContent = state.status_label;
    field("status_label").className = "tag tag-" + state.status;
    field("progress").textContent = state.progress;
    document.getElementById("report-progress").value = state.progress;
    field("error").textContent = state.error;
    show("error", !!state.error);
    if (state.download_url) { field("download_link").href = state.download_url; }
    show("download", !!state.download_url);
    field("sha256").textContent = "SHA-256 " + state.sha256;
    show("sha256", !!state.sha256);
    // failed, or stuck in "running" after its worker died: the page shows the retry button
    if (state.retryable) {
      if (!document.getElementById("report-retry")) { window.location.reload(); }
      return false;
    }
    return state.status === "queued" || state.status === "running";
  }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (state) { if (update(state)) { setTimeout(poll, 1000); } else { show("reload-hint", false); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  var status = field("status_label").className;
  if (status.indexOf("tag-queued") >= 0 || status.indexOf("tag-running") >= 0) { setTimeout(poll, 800); }
})();
