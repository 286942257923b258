(function () {
  "use strict";
  var keys = ["article", "verdict", "review", "rule", "severity", "file"];
  var selects = {};
  keys.forEach(function (k) { selects[k] = document.getElementById("filter-" + k); });
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.claim"));
  var count = document.getElementById("shown");

  function matches(el) {
    return keys.every(function (k) {
      var want = selects[k].value;
      if (!want) { return true; }
      var have = el.getAttribute("data-" + k) || "";
      if (k === "file" || k === "article" || k === "verdict" || k === "review") { return have === want; }
      return have.split(" ").indexOf(want) >= 0;
    });
  }

  function apply() {
    var shownRows = 0;
    var shownCards = 0;
    rows.forEach(function (el) { var ok = matches(el); el.hidden = !ok; if (ok) { shownRows += 1; } });
    cards.forEach(function (el) { var ok = matches(el); el.hidden = !ok; if (ok) { shownCards += 1; } });
    count.textContent = shownRows + " of " + rows.length + " findings shown, " +
      shownCards + " of " + cards.length + " claims shown";
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
