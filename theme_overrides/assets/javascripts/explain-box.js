/* 5xx Field Guide: the explain box on the home page and the code pages (explain_box.md.j2).
   A paste opens /explain/ with the paste in the address's fragment, which never leaves the
   browser; the matcher itself (explain.js, with its index) loads only on /explain/. This script
   is small and on every page, so that any page can carry a box. */
(function () {
  "use strict";
  if (window.statuskbExplainBoxLoaded) return;
  window.statuskbExplainBoxLoaded = true;

  function initBox(box) {
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = box.querySelector("textarea").value;
      var target = new URL(box.getAttribute("action"), document.baseURI);
      target.hash = "q=" + encodeURIComponent(text.slice(0, Number(box.dataset.shareLimit)));
      window.location.assign(target.href);
    });
  }

  function init() {
    document.querySelectorAll("form.statuskb-explain-box").forEach(function (box) {
      if (!box.dataset.ready) { box.dataset.ready = "true"; initBox(box); }
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init); // Material's instant navigation swaps pages without a reload
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
