// Filters the findings by level and rule; without script the form stays hidden and all show.
(function () {
  var form = document.getElementById("filters");
  if (!form) return;
  form.hidden = false;
  function apply() {
    var levels = {}, rule = form.elements.rule.value, shown = 0;
    form.querySelectorAll("input[name=level]").forEach(function (c) { levels[c.value] = c.checked; });
    document.querySelectorAll(".finding").forEach(function (f) {
      f.hidden = !(levels[f.dataset.level] && (!rule || f.dataset.rule === rule));
      if (!f.hidden) shown++;
    });
    document.querySelectorAll("section.file").forEach(function (s) {
      s.hidden = !s.querySelector(".finding:not([hidden])");
    });
    document.getElementById("shown").textContent = shown;
  }
  form.addEventListener("change", apply);
  apply();
})();
