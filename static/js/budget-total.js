/* The proposal editor's running total of its budget lines (the server computes the real one). */
(function () {
  var f = document.getElementById("proposal-form"), out = document.getElementById("total");
  if (!f || !out) return;
  function n(v) { v = parseFloat(String(v).replace(",", ".")); return isFinite(v) ? v : 0; }
  function sum() {
    var t = 0;
    f.querySelectorAll("tr[data-line]").forEach(function (r) {
      var q = r.querySelector("[data-qty]"), c = r.querySelector("[data-cost]"),
        d = r.querySelector("input[type=checkbox]");
      if (q && c && !(d && d.checked)) t += Math.round(n(q.value) * n(c.value) * 100) / 100;
    });
    out.textContent = t.toFixed(2);
  }
  f.addEventListener("input", sum);
  f.addEventListener("change", sum);
})();
