/* The /explain/ page: match a pasted log line against the guide's signatures, in the browser.
   The algorithm mirrors hooks/statuskb/explain.py exactly (a test runs both over every
   signature): normalise, then every fixed fragment must occur in order; the best matches
   cover the most characters. Results are built with textContent only: nothing from the
   input or the index is ever parsed as HTML. */
(function () {
  "use strict";
  /* Instant navigation runs the script again whenever it swaps this page in: set up once. */
  if (window.statuskbExplainLoaded) return;
  window.statuskbExplainLoaded = true;

  function normalise(text) {
    return text
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase();
  }

  function score(entry, text) {
    var position = 0;
    var covered = 0;
    for (var i = 0; i < entry.fragments.length; i++) {
      var part = entry.fragments[i];
      var found = text.indexOf(part, position);
      if (found < 0) return 0;
      position = found + part.length;
      covered += part.length;
    }
    return covered;
  }

  function explain(index, text) {
    var normalised = normalise(text);
    var best = 0;
    var scored = index.entries.map(function (entry) {
      var value = score(entry, normalised);
      if (value > best) best = value;
      return { entry: entry, score: value };
    });
    if (best < index.min_fragment) return [];
    var seen = {};
    return scored.filter(function (match) {
      var key = match.entry.code + "|" + match.entry.context + "|" + match.entry.cause;
      if (match.score !== best || seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function render(results, matches, root) {
    results.replaceChildren();
    if (matches.length === 0) {
      results.append(element("p", "No cause in this guide matches that text. Paste the whole line, " +
        "or look through the log lines on the page of the server that wrote it."));
      return;
    }
    results.append(element("p", matches.length === 1 ? "One cause matches:" :
      matches.length + " causes write this line:"));
    matches.forEach(function (match) {
      var entry = match.entry;
      var card = element("section", undefined, "statuskb-explain__match");
      // A line the lab's servers logged can come with no status at all (bytes passed on as they were).
      card.append(element("h2", entry.code === null ? entry.context_name + ", no status" :
        entry.code + " " + entry.reason + " in " + entry.context_name));
      card.append(element("p", entry.cause + ": " + entry.meaning));
      var signature = element("p", "Matches: ");
      signature.append(element("code", entry.signature));
      card.append(signature);
      if (entry.observed_on) {
        card.append(element("p", "Logged by " + entry.observed_on + " in the behaviour lab."));
      }
      if (entry.fixes.length) {
        card.append(element("p", "What to do:"));
        var list = element("ul");
        entry.fixes.forEach(function (fix) { list.append(element("li", fix)); });
        card.append(list);
      }
      var link = element("a", entry.code === null ? "Read more about " + entry.context_name + " in the lab" :
        "Read more about " + entry.code + " in " + entry.context_name);
      link.href = root + entry.page;
      card.append(link);
      results.append(card);
    });
  }

  function init() {
    var form = document.getElementById("statuskb-explain");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    var results = document.getElementById("statuskb-explain-results");
    var input = document.getElementById("statuskb-explain-input");
    var indexUrl = new URL(form.dataset.index, document.baseURI);
    var root = new URL("../", indexUrl).href;
    var loaded = fetch(indexUrl).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      loaded.then(function (index) {
        render(results, explain(index, input.value), root);
      }).catch(function (error) {
        results.replaceChildren(element("p", "The signatures could not be loaded (" + error.message + ")."));
      });
    });
    window.statuskbExplain = function (text) {
      return loaded.then(function (index) { return explain(index, text); });
    };
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init); // Material's instant navigation swaps pages without a reload
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
