// Progressive enhancement for the export page: poll the JSON status and show
// the download link when the PDF is ready. Without JS the page refreshes itself.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box || !window.fetch) { return; }
  var status = box.getAttribute("data-status");
  if (status === "done" || status === "failed") { return; }
  var meter = document.getElementById("export-meter");
  var message = document.getElementById("export-message");
  function poll() {
    fetch(box.getAttribute("data-status-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (meter) { meter.value = data.progress; meter.textContent = data.progress + "%"; }
        if (data.status === "done") {
          box.hidden = true;
          document.getElementById("export-ready").hidden = false;
          document.getElementById("export-status").textContent = "Ready";
          return;
        }
        if (data.status === "failed") { window.location.reload(); return; }
        if (message) { message.textContent = "Preparing the PDF: " + data.progress + "% done."; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
