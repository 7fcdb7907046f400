// Application form enhancements: live budget totals, adding lines, autosave. Every page works without this file;
// the server recalculates every total and checks every number on save.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var AUTOSAVE_MS = 20000;
  var NARROW = "\u202f", NBSP = "\u00a0";
  var hasBigInt = typeof BigInt === "function";

  function text(key) {
    var messages = {
      saving: form.getAttribute("data-msg-saving") || "Saving…",
      failed: form.getAttribute("data-msg-failed") || "Not saved",
      offline: form.getAttribute("data-msg-offline") || "Not saved: no connection. Your text is still here; it will be saved when the connection returns.",
      outOfLimits: form.getAttribute("data-msg-limits") || "The total is outside the allowed range.",
      adminAbove: form.getAttribute("data-msg-admin") || "Administrative costs exceed direct costs."
    };
    return messages[key];
  }

  // ---- numbers: "1 500 000,50" -> hundredths (BigInt when available) ----
  function parseHundredths(raw) {
    if (raw === null || raw === undefined) { return null; }
    var s = String(raw).replace(/[\s\u00a0\u202f\u2009\u2007]/g, "").replace(",", ".");
    if (!/^\d+(\.\d{0,2})?$/.test(s)) { return null; }
    var parts = s.split(".");
    var cents = parts[0] + ((parts[1] || "") + "00").slice(0, 2);
    return hasBigInt ? BigInt(cents) : Number(cents);
  }
  function big(n) { return hasBigInt ? BigInt(n) : n; }
  // quantity (1/100) x unit cost (1/100) = 1/10000 -> round half to even to 1/100, as Python's Decimal does.
  function lineAmount(qty, cost) {
    var product = qty * cost;
    if (!hasBigInt) { return Math.round(product / 100); }
    var hundred = BigInt(100), half = BigInt(50), two = BigInt(2), one = BigInt(1);
    var q = product / hundred, r = product % hundred;
    if (r > half || (r === half && q % two === one)) { q += one; }
    return q;
  }
  function money(hundredths) {
    var negative = hundredths < big(0);
    var abs = negative ? -hundredths : hundredths;
    var s = String(abs);
    while (s.length < 3) { s = "0" + s; }
    var whole = s.slice(0, -2), fraction = s.slice(-2), groups = [];
    while (whole.length > 3) { groups.unshift(whole.slice(-3)); whole = whole.slice(0, -3); }
    groups.unshift(whole);
    return (negative ? "-" : "") + groups.join(NARROW) + "," + fraction + NBSP + "₸";
  }

  // ---- budget totals ----
  var totals = document.querySelector("[data-budget-totals]");
  function field(row, name) { return row.querySelector("[name$='-" + name + "']"); }
  function recalc() {
    if (!totals) { return; }
    var adminCategories = (totals.getAttribute("data-admin-categories") || "").split(" ");
    var total = big(0), admin = big(0), byYear = {};
    form.querySelectorAll("[data-row]").forEach(function (row) {
      var out = row.querySelector("[data-line-amount]");
      var del = field(row, "DELETE");
      var qty = parseHundredths(field(row, "quantity") && field(row, "quantity").value);
      var cost = parseHundredths(field(row, "unit_cost") && field(row, "unit_cost").value);
      row.classList.toggle("row-deleted", !!(del && del.checked));
      if (qty === null || cost === null || (del && del.checked)) { if (out) { out.textContent = "—"; } return; }
      var amount = lineAmount(qty, cost);
      if (out) { out.textContent = money(amount); }
      total += amount;
      var category = field(row, "category");
      if (category && adminCategories.indexOf(category.value) !== -1) { admin += amount; }
      var year = field(row, "year");
      if (year && year.value) { byYear[year.value] = (byYear[year.value] || big(0)) + amount; }
    });
    var direct = total - admin;
    totals.querySelector("[data-total]").textContent = money(total);
    totals.querySelector("[data-total-admin]").textContent = money(admin);
    totals.querySelector("[data-total-direct]").textContent = money(direct);
    totals.querySelectorAll("[data-total-year]").forEach(function (dd) {
      var y = dd.getAttribute("data-total-year");
      dd.textContent = money(byYear[y] || big(0));
    });
    var min = parseHundredths(totals.getAttribute("data-min")), max = parseHundredths(totals.getAttribute("data-max"));
    var warnings = [];
    if (total > big(0) && min !== null && max !== null && (total < min || total > max)) { warnings.push(text("outOfLimits")); }
    if (admin > direct) { warnings.push(text("adminAbove")); }
    totals.querySelector("[data-budget-warning]").textContent = warnings.join(" ");
  }

  // ---- add a line from the <template> (without JS the button saves and shows more empty lines) ----
  var addButton = form.querySelector("[data-add-row]");
  var template = form.querySelector("template[data-empty-row]");
  var rows = form.querySelector("[data-rows]");
  if (addButton && template && rows) {
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var prefix = rows.getAttribute("data-prefix");
      var totalInput = form.querySelector("[name='" + prefix + "-TOTAL_FORMS']");
      var index = parseInt(totalInput.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      totalInput.value = String(index + 1);
      var first = row.querySelector("input, select, textarea");
      if (first) { first.focus(); }
      recalc();
    });
  }

  // ---- autosave ----
  var status = form.querySelector("[data-autosave-status]");
  var versionInput = form.querySelector("input[name='version']");
  var dirty = false, inFlight = false, stopped = false, changedDuringFlight = false;
  function setStatus(message, bad) {
    if (!status) { return; }
    status.textContent = message;
    status.classList.toggle("check-bad", !!bad);
  }
  function markDirty() {
    dirty = true;
    if (inFlight) { changedDuringFlight = true; }
  }
  form.addEventListener("input", function () { markDirty(); recalc(); });
  form.addEventListener("change", function () { markDirty(); recalc(); });
  form.addEventListener("submit", function () { dirty = false; stopped = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !stopped) { event.preventDefault(); event.returnValue = ""; }
  });

  function autosave() {
    if (!dirty || inFlight || stopped || !window.fetch || !window.FormData) { return; }
    inFlight = true;
    changedDuringFlight = false;
    setStatus(text("saving"));
    var body = new FormData(form);
    body.append("save", "1");
    var token = form.querySelector("[name='csrfmiddlewaretoken']");
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-Autosave": "1", "Accept": "application/json", "X-CSRFToken": token ? token.value : ""}
    }).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).then(function (result) {
      inFlight = false;
      var data = result.data || {};
      if (result.status === 200 && data.ok) {
        if (versionInput) { versionInput.value = data.version; }
        dirty = changedDuringFlight;
        setStatus(data.message);
      } else if (result.status === 409) {
        stopped = true;  // never overwrite another tab's save silently: the user decides with the Save button
        setStatus(data.message, true);
      } else {
        dirty = false;  // retry after the next change
        setStatus(data.message || text("failed"), true);
      }
    }).catch(function () {
      inFlight = false;
      setStatus(text("offline"), true);
    });
  }
  window.setInterval(autosave, AUTOSAVE_MS);
  recalc();
})();
