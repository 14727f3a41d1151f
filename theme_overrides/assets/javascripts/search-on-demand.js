/* Search loads on first use of search, not on every page load.
   Material's bundle starts its search worker (12 KiB gzip) and requests
   search/search_index.json (the whole site's text, about 200 KiB gzip) as soon as any page
   loads, and most visits never search. This script, loaded just before the bundle, holds both
   back until the reader reaches for search: pointing at or focusing the search field, opening
   it (its toggle, or Material's keyboard shortcuts, which focus the field), or arriving with a
   search query in the address (?q=). The bundle requests the index with XMLHttpRequest and
   talks to the worker with postMessage and "message" events; the stand-in worker below queues
   the messages and relays the events, so the bundle cannot tell. Nothing else is delayed. */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var SEARCH_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var RealWorker = window.Worker;
  var starting = [];
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

  /* Material's search worker, started on first use; until then its messages wait. */
  function SearchWorker(url, options) {
    var target = new EventTarget();
    var worker = null;
    var queue = [];
    target.postMessage = function (message) {
      if (worker) worker.postMessage(message);
      else queue.push(message);
    };
    target.terminate = function () {
      if (worker) worker.terminate();
      queue = [];
    };
    starting.push(function () {
      worker = new RealWorker(url, options);
      ["message", "messageerror", "error"].forEach(function (type) {
        worker.addEventListener(type, function (event) {
          target.dispatchEvent(type === "error" ? new Event("error") : new MessageEvent(type, { data: event.data }));
        });
      });
      queue.splice(0).forEach(function (message) { worker.postMessage(message); });
    });
    if (wanted) starting.splice(0).forEach(function (start) { start(); });
    return target;
  }
  window.Worker = function (url, options) {
    if (!SEARCH_WORKER.test(String(url).split(/[?#]/)[0])) return new RealWorker(url, options);
    return SearchWorker(url, options);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    starting.splice(0).forEach(function (start) { start(); });
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
