/* The /explain/ page and the explain box: the recognition engine, in the browser.
   This is hooks/statuskb/diagnosis/recognise.py (and explain.py's fragment matcher), step by
   step, over the same data (/explain/index.json, written by `engine_json`); a test runs both
   over a corpus of real pastes and requires the same answers. Results are built with
   createElement and textContent only: nothing from the paste or the index is ever parsed as
   HTML, and catalog Markdown arrives as element data, already sanitised by the one converter. */
(function () {
  "use strict";
  /* Instant navigation runs the script again whenever it swaps this page in: set up once. */
  if (window.statuskbExplainLoaded) return;
  window.statuskbExplainLoaded = true;

  var LINE_BREAK = /\r\n|\n|\r/;
  var LOOKS_HTML = /<[A-Za-z!\/]/;
  var BLOCK_TAG = /<\/?(?:p|div|h[1-6]|li|ul|ol|tr|td|th|br|hr|title|head|body|html|header|footer|section|pre|center|address|table|fieldset|legend)(?:[ \/][^>]*)?>/gi;
  var ANY_TAG = /<[^>]*>/g;
  var ENTITIES = [["&nbsp;", " "], ["&bull;", "\u2022"], ["&lt;", "<"], ["&gt;", ">"], ["&quot;", '"'],
    ["&#39;", "'"], ["&amp;", "&"]];
  var HEADER = /^(?:< )?([A-Za-z][A-Za-z0-9-]*): ?(.*)$/;
  var STATUS_LINE = /^(?:< )?HTTP\/[0-9.]+ [1-5][0-9][0-9]/;
  var CURL_LINE = /^[*<>{}](?: |$)/;
  var ELEMENTS = { p: 1, a: 1, code: 1, em: 1, strong: 1, br: 1, ul: 1, ol: 1, li: 1, pre: 1, blockquote: 1, span: 1 };

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function normalise(text) {
    return text
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase();
  }

  /* The first `limit` code points (Python's slicing), so both sides cut at the same character. */
  function cutAt(text, limit) {
    if (text.length <= limit) return text;
    var points = Array.from(text);
    return points.length <= limit ? text : points.slice(0, limit).join("");
  }

  function codePoints(text) { return text.length <= 0 ? 0 : Array.from(text).length; }  // Python's len()

  // ------------------------------------------------------------------ explain.py: fragments in order
  function score(entry, text) {
    var position = 0, covered = 0;
    for (var i = 0; i < entry.fragments.length; i++) {
      var part = entry.fragments[i];
      var found = text.indexOf(part, position);
      if (found < 0) return 0;
      position = found + part.length;
      covered += part.length;
    }
    return covered;
  }

  function explainLines(index, text) {
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

  // ------------------------------------------------------------------ recognise.py
  function visibleLines(html) {
    var text = html.replace(BLOCK_TAG, "\n").replace(ANY_TAG, "");
    ENTITIES.forEach(function (pair) { text = text.split(pair[0]).join(pair[1]); });
    return text.split(LINE_BREAK).map(function (part) { return part.replace(/\s+/g, " ").trim(); })
      .filter(function (line) { return line; });
  }

  function readPaste(index, text) {
    var cut = codePoints(text) > index.input_limit;
    text = cutAt(text, index.input_limit);
    var raw = text.split(LINE_BREAK);
    var lines = raw.map(function (line) { return cutAt(line, index.line_limit); });
    if (LOOKS_HTML.test(text)) lines = lines.concat(visibleLines(text));
    var headers = {}, transcript = false, inHead = false, bodyEmpty = true;
    raw.forEach(function (line) {
      if (STATUS_LINE.test(line)) { transcript = inHead = true; return; }
      if (inHead && (line.trim() === "" || line.trim() === "<")) { inHead = false; return; }
      // After a status line, headers are only those before its blank line: a body may look like one.
      var header = inHead || !transcript ? HEADER.exec(line) : null;
      if (header) {
        var name = header[1].toLowerCase();
        headers[name] = has(headers, name) ? headers[name] + ", " + header[2] : header[2];
      } else if (line.trim() && !CURL_LINE.test(line)) {
        bodyEmpty = false;
      }
    });
    var stripped = raw.filter(function (line) { return line.trim(); });
    return { text: text, lines: lines, headers: headers, flat: normalise(text), singleLine: stripped.length === 1,
      bodyEmpty: transcript && bodyEmpty, cut: cut };
  }

  function traitHit(trait, found) {
    if (!found) return null;
    var code = trait.status !== null && trait.status < 10 ? parseInt(found[trait.status], 10) : trait.status;
    var means = trait.means, failed = "";
    if (trait.upstream_status !== null) {
      var upstream = found[trait.upstream_status];
      var answered = /^[0-9]+$/.test(upstream);
      var relayed = answered && parseInt(upstream, 10) === code && trait.self_reported.indexOf(code) < 0;
      means = relayed ? "upstream" : "generated";
      failed = relayed ? "" : answered ? "the server behind it answered " + upstream
        : "the server behind it: it sent no response";
    }
    if (trait.flags !== null) {
      var flags = found[trait.flags], meanings = trait.flag_meanings;
      var meaning = has(meanings, flags) ? meanings[flags]
        : has(meanings, flags.slice(0, 2)) ? meanings[flags.slice(0, 2)]
        : has(meanings, flags.slice(0, 1)) ? meanings[flags.slice(0, 1)] : null;
      if (meaning) { means = meaning.means; failed = meaning.failed; }
    }
    return { code: code, context: trait.context, means: means, weight: trait.weight,
      why: trait.name + ': "' + found[0].trim() + '"', failed: failed, entry: null };
  }

  function fingerprintEvidence(fingerprint, paste) {
    if (fingerprint.empty_body && !paste.bodyEmpty) return null;
    var needle = normalise(fingerprint.contains || "");
    var evidence;
    if (fingerprint.header) {
      var name = fingerprint.header.toLowerCase();
      if (!has(paste.headers, name) || normalise(paste.headers[name]).indexOf(needle) < 0) return null;
      evidence = fingerprint.header + ": " + paste.headers[name];
    } else {
      if (!needle || paste.flat.indexOf(needle) < 0) return null;
      evidence = 'the text contains "' + fingerprint.contains + '"';
    }
    return evidence + (fingerprint.empty_body ? " and the response has no body" : "");
  }

  function hitsOf(index, paste) {
    var hits = explainLines(index, paste.text).map(function (m) {
      var why = 'the log line matches "' + m.entry.signature + '"';
      return { code: m.entry.code, context: m.entry.context, means: m.entry.relayed ? "upstream" : "log",
        weight: m.score, why: why, failed: "", entry: m.entry };
    });
    index.compiled.forEach(function (pair) {
      var trait = pair[0], pattern = pair[1];
      if (trait.only_line && !paste.singleLine) return;
      for (var i = 0; i < paste.lines.length; i++) {
        var hit = traitHit(trait, pattern.exec(paste.lines[i]));
        if (hit) { hits.push(hit); break; }
      }
    });
    Object.keys(index.contexts).sort().forEach(function (contextId) {
      index.contexts[contextId].fingerprints.forEach(function (fingerprint) {
        var evidence = fingerprintEvidence(fingerprint, paste);
        if (evidence) {
          hits.push({ code: null, context: contextId, means: fingerprint.means,
            weight: index.fingerprint_weight[fingerprint.means], why: evidence, failed: "", entry: null });
        }
      });
    });
    return hits;
  }

  function unique(values) {
    var seen = {}, out = [];
    values.forEach(function (value) { if (!has(seen, value)) { seen[value] = true; out.push(value); } });
    return out;
  }

  function recognise(index, text) {
    var paste = readPaste(index, text);
    var hits = hitsOf(index, paste);
    var codes = unique(hits.filter(function (h) { return h.code !== null; }).map(function (h) { return h.code; }));
    if (!codes.length) codes = [null];
    var hops = unique(hits.filter(function (h) { return h.context !== null; }).map(function (h) { return h.context; }));
    hops.push(null);
    var answers = [];
    codes.forEach(function (code) {
      hops.forEach(function (hop) {
        var support = hits.filter(function (h) {
          return (h.code === null || h.code === code) && (h.context === null || h.context === hop) &&
            (h.code !== null || h.context !== null);
        });
        if (hop !== null && !support.some(function (h) { return h.context === hop; })) return;
        if (code !== null && !support.some(function (h) { return h.code === code; })) return;
        var total = support.reduce(function (sum, h) { return sum + h.weight; }, 0);
        if (total < index.min_fragment) return;
        var own = support.filter(function (h) { return h.context === hop; });
        var generated = own.filter(function (h) { return h.means === "generated" || h.means === "log"; })
          .map(function (h) { return h.why; });
        var role = hop === null ? "unknown"
          : generated.length || index.vendor_codes.indexOf(code + "|" + hop) >= 0 ? "generated"
          : own.some(function (h) { return h.means === "upstream"; }) ? "relayed" : "passed";
        var causes = own.filter(function (h) { return h.entry !== null && h.code === code; });
        var failed = own.filter(function (h) { return h.failed; }).map(function (h) { return h.failed; })[0] || "";
        answers.push({ order: answers.length, code: code, hop: hop, role: role, score: total,
          why: support.map(function (h) { return h.why; }), own: generated, failed: failed,
          cause: causes.length ? causes[0].entry : null });
      });
    });
    answers.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return { answers: answers.slice(0, index.max_answers), cut: paste.cut };
  }

  function prepare(index) {
    index.compiled = index.traits.map(function (trait) { return [trait, new RegExp(trait.pattern)]; });
    return index;
  }

  // ------------------------------------------------------------------ what answers say
  function reasonOf(index, code) {
    if (code === null) return "";
    return has(index.codes, String(code)) ? index.codes[String(code)].reason : "";
  }

  function hopName(index, answer) {
    if (answer.hop === null) return "a hop the paste does not name (whichever server wrote it)";
    var name = index.contexts[answer.hop].name;
    if (answer.role === "relayed") return "the server behind " + name + " (" + name + " relayed its response)";
    if (answer.role === "passed") return "not " + name + " itself: the response passed through it, from a hop further in";
    return name;
  }

  function failedText(index, answer) {
    if (answer.failed) return answer.failed;
    if (answer.hop !== null && answer.role === "generated" && index.contexts[answer.hop].failed) {
      return "the " + index.contexts[answer.hop].failed + " behind " + index.contexts[answer.hop].name + ", most likely";
    }
    return "";
  }

  function answerPage(index, answer) {
    if (answer.cause) return answer.cause.page;
    var pair = answer.code + "|" + answer.hop;
    if (answer.code !== null && answer.hop !== null && has(index.code_in_context, pair)) return index.code_in_context[pair];
    if (answer.code !== null && has(index.codes, String(answer.code))) return index.codes[String(answer.code)].page;
    if (answer.hop !== null) return index.context_pages[answer.hop];
    return "";
  }

  // ------------------------------------------------------------------ building the results
  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function safeHref(href) {
    return /^(?:https?:|mailto:)/i.test(href) || !/^[^\/?#]*:/.test(href);
  }

  /* Markdown as element data: a string is text; [tag, href, ...children] an element. */
  function build(node, root) {
    if (typeof node === "string") return document.createTextNode(node);
    var tag = has(ELEMENTS, node[0]) ? node[0] : "span";
    var made = document.createElement(tag);
    if (tag === "a" && node[1] && safeHref(node[1])) {
      made.href = /^[a-z]+:/i.test(node[1]) || node[1].charAt(0) === "#" ? node[1] : root + node[1];
    }
    for (var i = 2; i < node.length; i++) made.append(build(node[i], root));
    return made;
  }

  function rendered(tree, root, tag) {
    var holder = element(tag || "div");
    tree.forEach(function (node) { holder.append(build(node, root)); });
    return holder;
  }

  function inline(tree, root) {
    // One paragraph's content, without its <p>, for a title in a list item or a link.
    var span = element("span");
    tree.forEach(function (node) {
      if (typeof node !== "string" && node[0] === "p") {
        for (var i = 2; i < node.length; i++) span.append(build(node[i], root));
      } else if (typeof node === "string" ? node.trim() : true) {
        span.append(build(node, root));
      }
    });
    return span;
  }

  function card(index, answer, number, root) {
    var section = element("section", undefined, "statuskb-explain__match");
    var code = answer.code === null ? "No status" : (answer.code + " " + reasonOf(index, answer.code)).trim();
    section.append(element("p", number === 1 ? "Most likely" : "Also possible", "statuskb-explain__rank"));
    section.append(element("h2", code + " \u2014 answered by " + hopName(index, answer)));
    var failed = failedText(index, answer);
    if (failed) section.append(element("p", "What failed: " + failed));
    if (answer.cause) {
      var cause = answer.cause;
      section.append(element("h3", "Cause: " + cause.cause));
      section.append(rendered(cause.meaning, root));
      var line = element("p", "Log line: ");
      line.append(element("code", cause.signature));
      section.append(line);
      if (cause.observed_on) section.append(element("p", "Logged by " + cause.observed_on + " in the behaviour lab."));
      if (cause.fixes.length) {
        section.append(element("h3", "What to do"));
        var list = element("ol", undefined, "statuskb-explain__fixes");
        cause.fixes.forEach(function (fix) {
          var item = element("li");
          var link = element("a");
          link.append(inline(fix.title, root));
          // Fixes are written out, with their commands, on the code's own page.
          link.href = root + index.codes[String(cause.code)].page + (fix.anchor ? "#" + fix.anchor : "");
          item.append(link);
          if (fix.steps.length) {
            var details = element("details");
            details.open = number === 1;
            details.append(element("summary", "Steps"));
            var steps = element("ol");
            fix.steps.forEach(function (step) { var li = element("li"); li.append(inline(step, root)); steps.append(li); });
            details.append(steps);
            item.append(details);
          }
          list.append(item);
        });
        section.append(list);
      }
    } else if (answer.hop !== null && answer.role === "generated" && answer.code !== null &&
               has(index.contexts[answer.hop].emits, String(answer.code))) {
      var when = element("p", index.contexts[answer.hop].name + " sends " + answer.code + " by itself when: ");
      when.append(inline(index.contexts[answer.hop].emits[String(answer.code)], root));
      section.append(when);
    }
    var why = element("details", undefined, "statuskb-explain__why");
    why.append(element("summary", "Why this answer"));
    var reasons = element("ul");
    answer.why.forEach(function (text) { reasons.append(element("li", text)); });
    why.append(reasons);
    section.append(why);
    var page = answerPage(index, answer);
    if (page) {
      var more = element("a", answer.code === null ? "Read more about " + hopName(index, answer)
        : "Read more about " + answer.code + (answer.hop !== null ? " in " + index.contexts[answer.hop].name : ""));
      more.href = root + page;
      section.append(more);
    }
    return section;
  }

  function render(index, result, results, root) {
    results.replaceChildren();
    if (result.cut) {
      results.append(element("p", "Only the first " + index.input_limit.toLocaleString("en-US") +
        " characters were read.", "statuskb-explain__notice"));
    }
    if (!result.answers.length) {
      results.append(element("p", "Nothing in this text is something the guide recognises. Paste one of these instead:"));
      var list = element("ul", undefined, "statuskb-explain__advice");
      index.advice.forEach(function (tree) { var li = element("li"); li.append(inline(tree, root)); list.append(li); });
      results.append(list);
      return;
    }
    results.append(element("p", result.answers.length === 1 ? "One answer fits:" :
      result.answers.length + " answers fit, best first:"));
    result.answers.forEach(function (answer, i) { results.append(card(index, answer, i + 1, root)); });
  }

  // ------------------------------------------------------------------ the page and the box
  function fromAddress() {
    var hash = window.location.hash;
    if (hash.indexOf("#q=") === 0) {
      try { return decodeURIComponent(hash.slice(3)); } catch (error) { return ""; }
    }
    return "";
  }

  function initPage(form) {
    var results = document.getElementById("statuskb-explain-results");
    var input = document.getElementById("statuskb-explain-input");
    var picker = document.getElementById("statuskb-explain-examples");
    var indexUrl = new URL(form.dataset.index, document.baseURI);
    var shareLimit = Number(form.dataset.shareLimit); // characters of a paste the address keeps
    var root = new URL("../", indexUrl).href;
    var loaded = fetch(indexUrl).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(prepare);
    var timer = null;
    function run(share) {
      return loaded.then(function (index) {
        var text = input.value;
        if (!text.trim()) { results.replaceChildren(); return; }
        render(index, recognise(index, text), results, root);
        if (share) {
          var address = text.length <= shareLimit ? "#q=" + encodeURIComponent(text) : window.location.pathname;
          history.replaceState(null, "", address);
        }
      }).catch(function (error) {
        results.replaceChildren(element("p", "The explainer's data could not be loaded (" + error.message + ")."));
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 150);
    });
    loaded.then(function (index) {
      index.examples.forEach(function (example, i) {
        var option = element("option", example.label);
        option.value = String(i);
        picker.append(option);
      });
      picker.addEventListener("change", function () {
        if (picker.value === "") return;
        input.value = index.examples[parseInt(picker.value, 10)].text;
        run(true);
      });
    });
    var shared = fromAddress();
    if (shared) { input.value = shared; run(false); }
    window.statuskbRecognise = function (text) {
      return loaded.then(function (index) {
        var result = recognise(index, text);
        return { cut: result.cut, answers: result.answers.map(function (a) {
          return { code: a.code, hop: a.hop, role: a.role, score: a.score, why: a.why,
            cause: a.cause ? a.cause.cause : null };
        }) };
      });
    };
  }

  function init() {
    var form = document.getElementById("statuskb-explain");
    if (form && !form.dataset.ready) { form.dataset.ready = "true"; initPage(form); }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init); // Material's instant navigation swaps pages without a reload
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
