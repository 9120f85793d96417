// Only what htmx cannot do: move focus after a swap, show the print button.
(function () {
  "use strict";

  function focusMain(root) {
    // After an error, the error summary; otherwise the page's heading.
    var target = root.querySelector("[data-error-summary]") || root.querySelector("h1");
    if (target) {
      target.focus();
    }
  }

  function enableCopy(button) {
    if (!navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = document.querySelector(".copy-status");
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        if (status) { status.textContent = "Link copied."; }
      }, function () {
        if (status) { status.textContent = "Could not copy: select the link and copy it."; }
      });
    });
  }

  function enhance(root) {
    root.querySelectorAll("[data-copy]").forEach(enableCopy);
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var main = document.getElementById("main");
    if (event.detail.target === main) {
      enhance(main);
      window.scrollTo(0, 0);
      focusMain(main);
    }
  });
})();
