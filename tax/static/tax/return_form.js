// Live figures for the TSD/KMD form: as the person types, the form's lines are sent to the
// public calculator (the same code that computes filed returns) and the totals shown.
// No inline script (CSP); the form works without this file (the Compute button).
(function () {
  "use strict";
  var form = document.getElementById("return-form");
  if (!form || !window.fetch) { return; }
  var kind = form.dataset.kind;
  var api = form.dataset.api;
  var rows = parseInt(form.elements.rows.value, 10) || 0;
  var grids = kind === "TSD"
    ? { annex1: ["personal_code", "name", "payment_type", "gross", "pension_rate", "basic_exemption"],
        annex2: ["recipient", "foreign_id", "country", "payment_type", "gross"],
        annex7: ["recipient", "recipient_code", "net", "paid_on"] }
    : { supplies: ["category", "taxable_value", "supplied_on", "counterparty_code", "counterparty_name", "invoice_number"],
        purchases: ["counterparty_code", "counterparty_name", "invoice_number", "invoice_date", "taxable_value", "vat"] };
  var defaults = { payment_type: 1, pension_rate: 1, category: 1 };
  var money = { gross: 1, net: 1, taxable_value: 1, vat: 1 };

  function build() {
    var data = { kind: kind, period: form.elements.period.value.trim() };
    Object.keys(grids).forEach(function (grid) {
      var lines = [];
      for (var i = 0; i < rows; i++) {
        var line = {}, meaningful = false;
        grids[grid].forEach(function (field) {
          var el = form.elements[grid + "-" + i + "-" + field];
          if (!el) { return; }
          if (el.type === "checkbox") { line[field] = el.checked; if (el.checked) { meaningful = true; } return; }
          var v = el.value.trim();
          if (!v) { return; }
          line[field] = money[field] ? v.replace(",", ".") : (field === "country" ? v.toUpperCase() : v);
          if (!defaults[field]) { meaningful = true; }
        });
        if (meaningful) { lines.push(line); }
      }
      if (lines.length) { data[grid] = lines; }
    });
    if (kind === "KMD" && form.elements.input_vat && form.elements.input_vat.value.trim()) {
      data.input_vat = form.elements.input_vat.value.trim().replace(",", ".");
    }
    return data;
  }

  var result = document.getElementById("result");
  var live = document.createElement("div");
  live.id = "live-figures";
  result.appendChild(live);

  // Translated labels come from the page (a <template> the server rendered in the person's language).
  var labelSource = document.getElementById("live-labels");
  function label(key, fallback) {
    var el = labelSource && labelSource.content.querySelector('[data-key="' + key + '"]');
    return el ? el.textContent : fallback;
  }

  function row(table, label, value) {
    var tr = document.createElement("tr");
    var th = document.createElement("th"); th.scope = "row"; th.textContent = label;
    var td = document.createElement("td"); td.className = "n"; td.textContent = value;
    td.dataset.live = label;
    tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
  }

  function show(body, ok) {
    live.textContent = "";
    if (!ok) {
      var ul = document.createElement("ul");
      ul.className = "error";
      (body.errors || [{ field: "", message: body.detail || body.title }]).forEach(function (e) {
        var li = document.createElement("li");
        li.textContent = (e.field ? e.field + ": " : "") + e.message;
        ul.appendChild(li);
      });
      live.appendChild(ul);
      return;
    }
    var table = document.createElement("table");
    table.className = "totals";
    var t = body.totals;
    var labels = kind === "TSD"
      ? [["income_tax", "Income tax"], ["social_tax", "Social tax"], ["unemployment_employee", "Unemployment insurance (employee)"],
         ["unemployment_employer", "Unemployment insurance (employer)"], ["funded_pension", "Funded pension"],
         ["cit", "Income tax on distributions"], ["total_to_pay", "Total to pay"]]
      : [["output_vat", "Output VAT"], ["input_vat", "Input VAT"], ["vat_payable", "VAT payable"], ["vat_refundable", "VAT refundable"]];
    labels.forEach(function (pair) { row(table, label(pair[0], pair[1]), t[pair[0]]); });
    row(table, label("due_date", "Due date"), body.due_date);
    live.appendChild(table);
    var empty = document.getElementById("result-empty");
    if (empty) { empty.hidden = true; }
  }

  var timer = null, sequence = 0;
  function compute() {
    var mine = ++sequence;
    fetch(api, { method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" },
                 body: JSON.stringify(build()), credentials: "omit" })
      .then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); })
      .then(function (pair) { if (mine === sequence) { show(pair[1], pair[0]); } })
      .catch(function () {});
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(compute, 400); });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(compute, 150); });
}());
