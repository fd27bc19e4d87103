// Show a question only when its branch applies (HUD 3.917 and other dependent fields); check-all boxes.
(function () {
  "use strict";
  function valueOf(form, name) {
    var els = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
      return el.value;
    }
    return "";
  }
  function update(form) {
    form.querySelectorAll("[data-when]").forEach(function (el) {
      var prefix = el.name.indexOf("-") >= 0 ? el.name.split("-")[0] + "-" : "";
      var clauses = JSON.parse(el.getAttribute("data-when"));
      var applies = clauses.some(function (clause) {
        return clause.every(function (cond) {
          var value = valueOf(form, prefix + cond[0]);
          return cond[1].map(String).indexOf(value) >= 0;
        });
      });
      var group = el.closest(".usa-form-group") || el;
      group.hidden = !applies;
    });
  }
  document.querySelectorAll("form[data-branching]").forEach(function (form) {
    update(form);
    form.addEventListener("change", function () { update(form); });
  });
  document.querySelectorAll("[data-check-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      var form = box.form;
      form.querySelectorAll('input[type="checkbox"][name="' + box.getAttribute("data-check-all") + '"]').forEach(function (el) {
        el.checked = box.checked;
      });
    });
  });
})();
