/* Material wraps each code block's copy button in an unnamed <nav class="md-code__nav">, added
   when the block first scrolls into view. Several unnamed navigation landmarks are
   indistinguishable to a screen reader (axe: landmark-unique): each gets a name of its own.

   Material also makes a block that overflows focusable (tabindex 0, where the device can hover),
   so that a keyboard can scroll it, but only when it mounts the block: with content.lazy
   (mkdocs.yml) that is when the block first comes into view. Until then an overflowing block gets
   its tabindex here (axe: scrollable-region-focusable), with Material's rule, measured once the
   page is laid out instead of a layout per block. Blocks in collapsed sections are left to
   Material, which mounts them when they open. */
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

  /* A ResizeObserver reports each block once the page is laid out, in the rendering step, so
     reading its widths forces no layout of its own (a timer here cost a long task). */
  var sizes = new ResizeObserver(function (entries) {
    var wide = entries.map(function (entry) { return entry.target; }).filter(function (code) {
      return code.scrollWidth > code.offsetWidth;
    });
    entries.forEach(function (entry) { sizes.unobserve(entry.target); });
    wide.forEach(function (code) { code.setAttribute("tabindex", "0"); });
  });

  function watchOverflow() {
    if (!matchMedia("(hover)").matches) return;
    document.querySelectorAll(".md-content pre:not(.mermaid) > code:not([tabindex])").forEach(function (code) {
      if (!code.closest("details:not([open])")) sizes.observe(code);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(watchOverflow); // Material's instant navigation swaps pages without a reload
  } else {
    document.addEventListener("DOMContentLoaded", watchOverflow);
  }
})();
