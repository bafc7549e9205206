// The panel cards act in place (htmx). A refusal (a conflict of interest, a stale
// version) is shown by web/app.js at the top of the page, which may be out of sight
// below a long list: bring it into view.
(function () {
  "use strict";

  document.addEventListener("htmx:responseError", function () {
    var box = document.getElementById("page-errors");
    if (box && box.scrollIntoView) box.scrollIntoView({ block: "center" });
  });
})();
