/* Each code's embed page, /embed/502/ (hooks/statuskb/reuse/templates/embed_page.md.j2).
 *
 * Without JavaScript the section shows the preview and the code for every question. With it,
 * the options (which questions, how many, theme) rewrite the preview's address and the code
 * that the copy buttons copy, and FAQ iframes on the page take the height they report.
 * The iframe page reads the same options from its address (templates/embed_iframe_script.js.j2).
 */
(() => {
  "use strict";
  // Instant navigation runs the script again on every embed page it swaps in: set up once.
  if (window.fxgEmbedLoaded) return;
  window.fxgEmbedLoaded = true;
  const HEIGHT_MESSAGE = "fxg-faq:height";

  // The preview is sandboxed, so its messages come from origin "null": match the sender itself.
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== HEIGHT_MESSAGE || !Number.isFinite(data.height)) return;
    for (const frame of document.querySelectorAll("iframe[data-fxg-faq]")) {
      if (frame.contentWindow === event.source) {
        frame.style.height = `${Math.min(Math.max(data.height, 80), 4000)}px`;
      }
    }
  });

  function setUp(section) {
    const form = section.querySelector("form.fxg-embed__options");
    const preview = section.querySelector("iframe.fxg-embed__preview");
    const [iframeCode, fragmentCode] = section.querySelectorAll(".tabbed-block pre code");
    if (!form || !preview || !fragmentCode || section.dataset.fxgReady) return;
    section.dataset.fxgReady = "true";
    const original = {iframe: iframeCode.textContent, fragment: fragmentCode.textContent, src: preview.src};
    const boxes = [...form.querySelectorAll('input[name="q"]')];

    const chosen = () => {
      const selected = boxes.filter((box) => box.checked).map((box) => Number(box.value));
      const limit = Math.min(Math.max(Number(form.elements.n.value) || boxes.length, 1), boxes.length);
      return {questions: selected.slice(0, limit), theme: form.elements.theme.value};
    };

    const query = ({questions, theme}) => {
      const params = new URLSearchParams();
      if (questions.length < boxes.length) params.set("q", questions.join(","));
      if (theme === "light" || theme === "dark") params.set("theme", theme);
      const text = params.toString().replaceAll("%2C", ",");
      return text ? `?${text}` : "";
    };

    // The fragment is our own HTML from the code block; a <template> parses it inertly.
    const fragment = ({questions, theme}, everything) => {
      if (everything) return original.fragment;
      const template = document.createElement("template");
      template.innerHTML = original.fragment;
      const root = template.content.querySelector(".fxg-faq");
      for (const item of root.querySelectorAll("[data-q]")) {
        if (!questions.includes(Number(item.dataset.q))) item.remove();
      }
      if (theme === "light" || theme === "dark") root.classList.add(`fxg-faq--${theme}`);
      return template.innerHTML;
    };

    const update = (event) => {
      if (event && event.target.name === "q" && !boxes.some((box) => box.checked)) {
        event.target.checked = true; // at least one question
      }
      const options = chosen();
      const suffix = query(options);
      const src = original.src.split("?")[0] + suffix;
      if (preview.src !== src) preview.src = src;
      iframeCode.textContent = original.iframe.replace(/(<iframe src="[^"?]*)/, `$1${suffix.replaceAll("&", "&amp;")}`);
      fragmentCode.textContent = fragment(options, !suffix);
    };

    form.addEventListener("change", update);
    form.addEventListener("input", update);
    form.hidden = false;
  }

  const setUpAll = () => document.querySelectorAll(".fxg-embed").forEach(setUp);
  // Material's instant navigation swaps pages without reloading: document$ emits on each one.
  if (typeof window.document$ !== "undefined") window.document$.subscribe(setUpAll);
  else setUpAll();
})();
