/* The search index on first use of search, not on every page load.
   Material's bundle requests search/search_index.json (the whole site's text, about 200 KiB
   gzip) as soon as any page loads, and most visits never search. This script, loaded just
   before the bundle, holds that one request back until the reader reaches for search:
   pointing at or focusing the search field, opening it (its toggle, or Material's keyboard
   shortcuts, which focus the field), or arriving with a search query in the address (?q=).
   The bundle makes the request with XMLHttpRequest; nothing else is delayed. */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = false;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.fgSearchIndex = INDEX.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.fgSearchIndex && !wanted) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (call) { send.apply(call[0], call[1]); });
  }

  function isSearch(target) {
    return target instanceof Element && target.closest(".md-search, label[for='__search'], #__search") !== null;
  }

  ["focusin", "pointerover", "pointerdown", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) { if (isSearch(event.target)) want(); }, true);
  });
  if (new URLSearchParams(location.search).has("q")) want();
})();
