// xinwen review pages: static code only; it reads the page, never data from a script.
(function () {
  "use strict";
  var tip = document.createElement("div");
  tip.id = "tip"; tip.hidden = true; tip.setAttribute("role", "tooltip");
  document.body.appendChild(tip);
  function tipOf(el) {  // a working-text copy shows the tip of the mark it refers to
    var ref = el.hasAttribute("data-ref")
      ? document.getElementById(el.getAttribute("data-ref")) : null;
    return (ref || el).getAttribute("data-tip");
  }
  function show(el, x, y) {
    tip.textContent = tipOf(el);
    tip.hidden = false;
    tip.style.left = Math.min(x + 12, window.innerWidth - 320) + "px";
    tip.style.top = (y + 18) + "px";
  }
  document.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-tip], [data-ref]") : null;
    if (el) { show(el, ev.clientX, ev.clientY); } else { tip.hidden = true; }
  });
  document.addEventListener("focusin", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-tip], [data-ref]") : null;
    if (!el) { tip.hidden = true; return; }
    var r = el.getBoundingClientRect();
    show(el, r.left, r.bottom - 12);
  });
  document.addEventListener("focusout", function () { tip.hidden = true; });

  var toggle = document.getElementById("toggle-working");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var pane = document.getElementById("working");
      pane.hidden = !pane.hidden;
      toggle.setAttribute("aria-pressed", String(!pane.hidden));
      toggle.textContent = pane.hidden ? "Show working text" : "Hide working text";
    });
  }

  document.querySelectorAll("a.card").forEach(function (card) {
    card.addEventListener("click", function (ev) {
      var id = card.getAttribute("href").slice(1);
      var target = document.getElementById(id);
      if (!target) { return; }
      ev.preventDefault();
      target.scrollIntoView({block: "center"});
      target.focus({preventScroll: true});
      document.querySelectorAll(".sent.flash").forEach(function (s) { s.classList.remove("flash"); });
      document.querySelectorAll('.sent[data-id^="signing-' + card.getAttribute("data-card") + '-"]')
        .forEach(function (s) { s.classList.add("flash"); });
      history.replaceState(null, "", "#" + id);
    });
  });

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var numeric = th.getAttribute("data-type") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[col];
          var v = cell.getAttribute("data-sort");
          if (v === null) { v = cell.textContent; }
          return numeric ? (v === "" ? -Infinity : parseFloat(v)) : v;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = numeric ? x - y : String(x).localeCompare(String(y));
          return descending ? -c : c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
