/* Every page. A table wider than the screen scrolls in its .table-wrap: let keyboards reach it. */
(function () {
  document.querySelectorAll(".table-wrap").forEach(function (w) {
    if (w.scrollWidth > w.clientWidth) w.tabIndex = 0;
  });
})();
