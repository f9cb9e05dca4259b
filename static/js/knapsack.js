/* Progressive enhancement: the running total and what is left of a knapsack envelope's budget.
   The server checks the ballot anyway; without this script the form works the same.
   The words come from the page (data-over on the envelope), so they are translated there. */
(function () {
  document.querySelectorAll("fieldset.envelope[data-budget]").forEach(function (box) {
    var budget = parseFloat(box.dataset.budget), line = box.querySelector(".running");
    var overText = box.dataset.over || "";
    if (!line) return;
    function update() {
      var total = 0;
      box.querySelectorAll("input[type=checkbox][data-cost]").forEach(function (c) {
        if (c.checked) total += parseFloat(c.dataset.cost);
      });
      var left = budget - total;
      line.querySelector("[data-total]").textContent = total.toFixed(2);
      line.querySelector("[data-left]").textContent =
        left >= 0 ? left.toFixed(2) : left.toFixed(2) + " (" + overText + ")";
      line.classList.toggle("errorlist", left < 0);
    }
    line.hidden = false;
    box.addEventListener("change", update);
    update();
  });
})();
