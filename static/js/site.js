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
      // Its own status line (data-copy-status), else the page's first.
      var status = document.getElementById(button.dataset.copyStatus || "") ||
        document.querySelector(".copy-status");
      // A fixed text (data-copy), or what a box holds now, edits included (data-copy-from).
      var source = document.getElementById(button.dataset.copyFrom || "");
      var text = source ? source.value : button.dataset.copy;
      // The words are the page's, in its language (data-copied, data-failed on the status).
      navigator.clipboard.writeText(text).then(function () {
        if (status) { status.textContent = status.dataset.copied || "Link copied."; }
      }, function () {
        if (status) {
          status.textContent = status.dataset.failed || "Could not copy: select the link and copy it.";
        }
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

  // "None of these" (data-exclusive) unticks the question's other answers, and they it; on the
  // document, so that forms htmx swaps in work too. Without JavaScript the server explains.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.checked || input.type !== "checkbox" || !input.form) {
      return;
    }
    var exclusive = input.hasAttribute("data-exclusive");
    Array.prototype.forEach.call(input.form.elements, function (other) {
      if (other !== input && other.type === "checkbox" && other.name === input.name &&
          other.checked && (exclusive || other.hasAttribute("data-exclusive"))) {
        other.checked = false;
        other.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });

  function enhance(root) {
    root.querySelectorAll("[data-body-map]").forEach(enableBodyMap);
    root.querySelectorAll("[data-copy], [data-copy-from]").forEach(enableCopy);
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // A browser whose first language is another one the site has is offered it, in one line
  // (never redirected), until the reader says no.
  var SUGGESTION_DISMISSED = "pain-guide-language-suggestion-dismissed";
  function suggestLanguage() {
    var wanted = ((navigator.languages && navigator.languages[0]) || navigator.language || "")
      .slice(0, 2).toLowerCase();
    var suggestion = document.querySelector('[data-language-suggestion="' + wanted + '"]');
    if (!suggestion) {
      return;
    }
    try {
      if (window.localStorage.getItem(SUGGESTION_DISMISSED)) {
        return;
      }
    } catch (error) {
      // Storage refused (a private window): offer it on each page.
    }
    suggestion.hidden = false;
    suggestion.querySelector("[data-language-suggestion-close]").addEventListener("click", function () {
      suggestion.hidden = true;
      try {
        window.localStorage.setItem(SUGGESTION_DISMISSED, "1");
      } catch (error) {
        // Not kept: it comes back on the next page.
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    suggestLanguage();
    enhance(document);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });

  // "Change country" comes back to the page shown now, after a swap too; and the language
  // switch goes to this page in the other language (the header is not swapped: only <main>).
  // Addresses differ only by their language prefix (/es/...): docs/adr/0014.
  document.addEventListener("htmx:pushedIntoHistory", function () {
    document.querySelectorAll("[data-region-change]").forEach(function (link) {
      link.search = "?next=" + encodeURIComponent(location.pathname + location.search);
    });
    var own = document.documentElement.dataset.languagePrefix || "";
    var bare = location.pathname;
    if (own && bare.indexOf(own + "/") === 0) {
      bare = bare.slice(own.length);
    }
    document.querySelectorAll("[data-language-prefix]").forEach(function (link) {
      link.href = link.dataset.languagePrefix + bare + location.search;
    });
  });

  // Closed <details> print open (print.css does it where ::details-content is supported).
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(
      document.querySelectorAll("details:not([open])"), function (details) {
        details.open = true;
        return true;
      });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
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
