// The order desk, enhanced: htmx swaps the page body in place; this file keeps the
// learner's eye on what just happened. Every flow works without it.
(function () {
  "use strict";
  function showProblem(root) {
    var problem = root.querySelector(".refusal, .field-error");
    if (!problem) { return; }
    var details = problem.closest("details");
    while (details) { details.open = true; details = details.parentElement.closest("details"); }
    var form = problem.closest("form") || problem;
    form.scrollIntoView({block: "nearest"});
    var input = form.querySelector("[aria-invalid='true']");
    (input || problem).focus({preventScroll: true});
  }
  // The order bar stays at the top of the window: reserve its measured height as the
  // page's scroll padding, and scroll a focused control out from under it.
  function measureBar() {
    var bar = document.getElementById("order-bar");
    if (bar) {
      document.documentElement.style.setProperty("--order-bar-h", bar.offsetHeight + "px");
    }
  }
  document.addEventListener("focusin", function (event) {
    var bar = document.getElementById("order-bar");
    var el = event.target;
    if (!bar || !el.getBoundingClientRect || bar.contains(el)) { return; }
    var b = bar.getBoundingClientRect();
    var r = el.getBoundingClientRect();
    if (r.top < b.bottom && r.bottom > b.top) { window.scrollBy(0, r.top - b.bottom - 8); }
  });
  // A link to a closed section ("Next: Add a line") opens it, so the form is in view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  });
  window.addEventListener("resize", measureBar);
  document.addEventListener("htmx:afterSettle", function (event) {
    measureBar();
    showProblem(document.getElementById("main") || document);
  });
  // Order details save as you leave each field; a new address waits for its Save.
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".address-fields")) {
      event.stopPropagation();
    }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    measureBar();
    var refusal = document.querySelector(".refusal");
    if (refusal) { refusal.setAttribute("tabindex", "-1"); showProblem(document); }
  });
})();
