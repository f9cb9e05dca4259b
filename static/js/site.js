/* Every page. A table wider than the screen scrolls in its .table-wrap: let keyboards reach it. */
(function () {
  document.querySelectorAll(".table-wrap").forEach(function (w) {
    if (w.scrollWidth > w.clientWidth) w.tabIndex = 0;
  });
})();

/* An idea page seen by its author: the browser's copy of the draft it came from is done
   (static/js/idea-form.js keeps it while the idea is written). */
(function () {
  document.querySelectorAll("[data-forget-draft]").forEach(function (el) {
    try { localStorage.removeItem(el.dataset.forgetDraft); } catch (e) { /* storage disabled */ }
  });
})();
