/* The proposal editor's running total: the server prints it, this keeps it current as the
   author types (quantity x unit cost of each line not marked for removal). */
(function () {
  var out = document.querySelector("[data-running-total]");
  var form = out && document.getElementById(out.getAttribute("form"));
  if (!form) return;
  var lang = document.documentElement.lang || "ka";
  function number(v) {
    v = parseFloat(String(v).replace(/\s/g, "").replace(",", "."));
    return isFinite(v) ? v : 0;
  }
  function update() {
    var cents = 0;
    form.querySelectorAll("tr[data-line]").forEach(function (row) {
      var q = row.querySelector("[data-qty]"), c = row.querySelector("[data-cost]");
      var gone = row.querySelector("input[type=checkbox]");
      if (q && c && !(gone && gone.checked)) cents += Math.round(number(q.value) * number(c.value) * 100);
    });
    out.textContent = (cents / 100).toLocaleString(lang === "ka" ? "ka-GE" : "en-GB", {
      minimumFractionDigits: 2, maximumFractionDigits: 2
    });
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
