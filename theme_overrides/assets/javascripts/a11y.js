/* Material wraps each code block's copy button in an unnamed <nav class="md-code__nav">, added
   when the block first scrolls into view. Several unnamed navigation landmarks are
   indistinguishable to a screen reader (axe: landmark-unique): each gets a name of its own. */
(function () {
  "use strict";
  var seen = 0;

  function name(nav) {
    seen += 1;
    nav.setAttribute("aria-label", "Code block " + seen + " actions");
  }

  function scan(root) {
    if (root.matches && root.matches("nav.md-code__nav:not([aria-label])")) name(root);
    if (root.querySelectorAll) root.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach(name);
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) { change.addedNodes.forEach(scan); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan(document);
})();
