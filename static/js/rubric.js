// Rubric builder: live preview of the scoring form and of the maximum weighted total. The form works without it.
(function () {
  "use strict";
  var form = document.querySelector("[data-rubric-builder]");
  if (!form) { return; }
  var preview = form.querySelector("[data-preview]");
  var list = form.querySelector("[data-preview-list]");
  var maxOut = form.querySelector("[data-max-total]");
  preview.hidden = false;

  function num(input) {
    if (!input || input.value.trim() === "") { return null; }
    var v = Number(input.value.replace(",", "."));
    return isFinite(v) ? v : null;
  }
  function field(block, name) { return block.querySelector("[name$='-" + name + "']"); }
  // Work in thousandths to avoid binary rounding surprises (weights have 3 decimals, scores 2).
  function milli(v) { return Math.round(v * 1000); }

  function render() {
    var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-criterion]"));
    var rows = [];
    blocks.forEach(function (block, index) {
      var del = field(block, "DELETE");
      var title = field(block, "title").value.trim();
      if ((del && del.checked) || !title) { return; }
      var order = num(field(block, "ORDER"));
      rows.push({
        order: order === null ? 10000 + index : order, position: index, title: title,
        min: num(field(block, "min_score")), max: num(field(block, "max_score")),
        step: num(field(block, "step")), weight: num(field(block, "weight")),
        minRequired: num(field(block, "min_required")),
        comment: field(block, "comment_required").checked
      });
    });
    rows.sort(function (a, b) { return a.order - b.order || a.position - b.position; });
    var total = 0, valid = true;
    list.textContent = "";
    rows.forEach(function (row, i) {
      var item = document.createElement("div");
      item.className = "criterion-card";
      var h = document.createElement("h3");
      h.textContent = (i + 1) + ". " + row.title;
      item.appendChild(h);
      var p = document.createElement("p");
      p.className = "muted";
      var problems = [];
      if (row.min === null || row.max === null || row.min >= row.max) { problems.push(form.dataset.msgScale || "min < max"); }
      if (row.step === null || row.step <= 0) { problems.push("step > 0"); }
      else if (row.min !== null && row.max !== null && (milli(row.max) - milli(row.min)) % milli(row.step) !== 0) { problems.push("step ∤ range"); }
      if (row.weight === null || row.weight <= 0) { problems.push("weight > 0"); }
      if (problems.length) {
        valid = false;
        p.className = "error-message";
        p.textContent = problems.join(" · ");
      } else {
        total += milli(row.weight) * milli(row.max);
        p.textContent = row.min + "–" + row.max + " (" + row.step + ") × " + row.weight +
          (row.minRequired !== null ? " · ≥ " + row.minRequired : "") + (row.comment ? " · ✎" : "");
        var select = document.createElement("select");
        select.disabled = true;
        select.setAttribute("aria-label", row.title);
        var count = Math.round((row.max - row.min) / row.step);
        for (var k = 0; k <= Math.min(count, 40); k++) {
          var option = document.createElement("option");
          option.textContent = String(Math.round((row.min + k * row.step) * 1000) / 1000);
          select.appendChild(option);
        }
        item.appendChild(p);
        item.appendChild(select);
        list.appendChild(item);
        return;
      }
      item.appendChild(p);
      list.appendChild(item);
    });
    maxOut.textContent = valid ? String(Math.round(total / 1000) / 1000) : "—";
  }
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  render();
})();
