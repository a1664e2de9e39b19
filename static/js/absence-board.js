/* The absence board (templates/absence/board.html) refreshes itself every 30 s. While the
   office is answering "record … as away without notice?" in a row, the refresh waits: it
   would take the question away under their finger. */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt;
    if (source && source.classList && source.classList.contains("absence-updated") &&
        document.querySelector("#board .absence-confirm")) {
      event.preventDefault();
    }
  });
})();
