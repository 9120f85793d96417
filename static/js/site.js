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

  // The body map ticks the same checkboxes as the list; the list stays the real form.
  function enableBodyMap(map) {
    var form = map.closest("form");
    if (!form) {
      return;
    }
    function box(area) {
      return form.querySelector('input[name="areas"][value="' + area + '"]');
    }
    function sync() {
      map.querySelectorAll("[data-area]").forEach(function (region) {
        var input = box(region.dataset.area);
        region.classList.toggle("is-selected", Boolean(input && input.checked));
      });
    }
    map.hidden = false;
    map.addEventListener("click", function (event) {
      var region = event.target.closest("[data-area]");
      var input = region && box(region.dataset.area);
      if (input) {
        input.checked = !input.checked;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    form.addEventListener("change", sync);
    sync();
  }

  function enhance(root) {
    root.querySelectorAll("[data-body-map]").forEach(enableBodyMap);
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
