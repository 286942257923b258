(function () {
  "use strict";
  var keys = ["rule", "severity", "file"];
  var selects = {};
  keys.forEach(function (k) { selects[k] = document.getElementById("filter-" + k); });
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
  var count = document.getElementById("shown");

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = keys.every(function (k) { return !selects[k].value || row.getAttribute("data-" + k) === selects[k].value; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " findings shown";
  }

  function fromHash() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    keys.forEach(function (k) {
      var want = params.get(k) || "";
      var known = Array.prototype.some.call(selects[k].options, function (o) { return o.value === want; });
      selects[k].value = known ? want : "";
    });
    apply();
  }

  function toHash() {
    var params = new URLSearchParams();
    keys.forEach(function (k) { if (selects[k].value) { params.set(k, selects[k].value); } });
    try {
      window.history.replaceState(null, "", "#" + params.toString());
    } catch (e) {
      /* some browsers refuse history changes on file:// pages; the filter still works */
    }
    apply();
  }

  keys.forEach(function (k) { selects[k].addEventListener("change", toHash); });
  window.addEventListener("hashchange", fromHash);
  document.getElementById("filters").hidden = false;
  fromHash();
})();
