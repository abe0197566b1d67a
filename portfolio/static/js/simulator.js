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
  document.addEventListener("htmx:afterSettle", function (event) {
    showProblem(document.getElementById("main") || document);
  });
  // Order details save as you leave each field; a new address waits for its Save.
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".address-fields")) {
      event.stopPropagation();
    }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    var refusal = document.querySelector(".refusal");
    if (refusal) { refusal.setAttribute("tabindex", "-1"); showProblem(document); }
  });
})();
