/* Error-page gallery (/error-pages/): the code, language and theme pickers.
   Without JavaScript the pickers stay hidden and the table of every page does the job.
   The configuration is on each theme's own install page (/error-pages/install/<theme>/). */
(function () {
  "use strict";
  /* Instant navigation runs the script again whenever it swaps this page in: set up once. */
  if (window.fgGalleryLoaded) return;
  window.fgGalleryLoaded = true;

  function init() {
    var root = document.querySelector("[data-fg-gallery]");
    if (!root || root.getAttribute("data-fg-ready")) return;
    root.setAttribute("data-fg-ready", "1");
    var code = root.querySelector("#fg-code");
    var theme = root.querySelector("#fg-theme");
    var lang = root.querySelector("#fg-lang");
    var langs = Array.prototype.map.call(lang.options, function (option) { return option.value; });
    var themes = Array.prototype.map.call(theme.options, function (option) { return option.value; });
    var haproxy = (root.getAttribute("data-fg-haproxy-codes") || "").split(" ");

    function update() {
      var c = code.value, t = theme.value, l = lang.value;
      var reason = code.options[code.selectedIndex].text;
      Array.prototype.forEach.call(root.querySelectorAll(".fg-preview"), function (figure) {
        var name = figure.getAttribute("data-fg-theme");
        var frame = figure.querySelector("iframe");
        var src = name + "/" + l + "/" + c + ".html";
        if (frame.getAttribute("src") !== src) frame.setAttribute("src", src);
        frame.title = figure.querySelector("strong").textContent + " theme: " + reason;
        figure.querySelector("[data-fg-link=page]").setAttribute("href", src);
        figure.classList.toggle("fg-preview--chosen", name === t);
      });
      var links = {
        page: t + "/" + l + "/" + c + ".html",
        json: t + "/" + l + "/" + c + ".json",
        http: t + "/haproxy/" + (haproxy.indexOf(c) >= 0 ? c : haproxy[0]) + ".http",
        cloudflare: t + "/cloudflare/" + l + "/5xx.html"
      };
      Array.prototype.forEach.call(root.querySelectorAll(".fg-downloads [data-fg-link]"),
        function (link) { link.setAttribute("href", links[link.getAttribute("data-fg-link")]); });
      /* The install page's address is MkDocs' (a folder or a .html file): only its theme changes. */
      Array.prototype.forEach.call(document.querySelectorAll("[data-fg-theme-link]"), function (link) {
        link.setAttribute("href", link.getAttribute("href").replace(/install\/[a-z]+/, "install/" + t));
      });
      var brand = document.querySelector("[data-fg-brand] iframe");
      if (brand) brand.setAttribute("src", brand.getAttribute("src").replace(/\/[A-Za-z-]+\/(\d{3})\.html$/, "/" + l + "/$1.html"));
      if (window.history && history.replaceState) history.replaceState(null, "", "#code=" + c + "&lang=" + l + "&theme=" + t);
    }

    var wanted = /code=(\d{3})/.exec(location.hash), wantedTheme = /theme=([a-z]+)/.exec(location.hash);
    var wantedLang = /lang=([A-Za-z-]+)/.exec(location.hash);
    if (wantedLang && langs.indexOf(wantedLang[1]) >= 0) lang.value = wantedLang[1];
    if (wanted && code.querySelector("option[value='" + wanted[1] + "']")) code.value = wanted[1];
    if (wantedTheme && themes.indexOf(wantedTheme[1]) >= 0) theme.value = wantedTheme[1];
    code.addEventListener("change", update);
    theme.addEventListener("change", update);
    lang.addEventListener("change", update);
    root.querySelector(".fg-pickers").hidden = false;
    if (wanted || wantedTheme || wantedLang) update();
  }

  /* Material's instant navigation swaps pages without reloading scripts: document$ says when. */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
