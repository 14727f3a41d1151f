"""Node.js: error handlers for Express, Koa and Fastify that answer with the error's own 5xx status,
in the visitor's language (or as problem details), negotiated by gallery.negotiation's rule."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.negotiation import HTML_RANGES, JSON_RANGES, MAX_ELEMENTS, language_primaries
from statuskb.gallery.pages import DETAIL_MARKERS
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target

#: framework -> the statement its handler must use to set the real status
STATUS_SETTERS = {"express": "res.status(status)", "koa": "ctx.status = status", "fastify": "reply.code(status)"}


def _handler_check(framework: str) -> Callable[[ArtifactInput], list[Problem]]:
    """The handler rules for one framework: they differ only in how the status is set."""
    setter = STATUS_SETTERS[framework]

    def check(given: ArtifactInput) -> list[Problem]:
        report = Report(given, framework)
        if setter not in given.text:
            report.add("status", f"must set the real status with `{setter}`")
        if re.search(r"(status|code)\(\s*200\s*\)|status\s*=\s*200\b", given.text):
            report.add("status", "must never answer an error with 200", "200")
        if "Cache-Control" not in given.text or "no-store" not in given.text:
            report.add("cache", "must send Cache-Control: no-store with the error page")
        if '"Vary", "Accept, Accept-Language"' not in given.text or "Content-Language" not in given.text:
            report.add("vary", "must send Vary: Accept, Accept-Language and the page's Content-Language")
        return report.problems

    return check


def _handler_rule(framework: str) -> ArtifactRule:
    return Rule(f"{framework}-handler", f"A {framework} error handler sets the error's own status (5xx), never "
                "answers 200, and sends no-store.", _handler_check(framework))


EXPRESS_HANDLER = _handler_rule("express")
KOA_HANDLER = _handler_rule("koa")
FASTIFY_HANDLER = _handler_rule("fastify")
HANDLER_RULES = {"express": EXPRESS_HANDLER, "koa": KOA_HANDLER, "fastify": FASTIFY_HANDLER}


def _js(value: object) -> str:
    """A JavaScript literal for a list or an object of strings (JSON, `<` and `>` escaped)."""
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")


def _render(kit: Kit) -> tuple[Artifact, ...]:
    negotiation = {"js_languages": _js(language_primaries(kit.languages)), "js_html_ranges": _js(HTML_RANGES),
                   "js_json_ranges": _js(JSON_RANGES), "js_markers": _js(DETAIL_MARKERS),
                   "max_elements": MAX_ELEMENTS}
    return tuple(kit.render_file(f"node/{framework}.js", f"artifact_{framework}.js.j2", framework, **negotiation)
                 for framework in HANDLER_RULES)


TARGET = Target(_render, {f"node/{framework}.js": rule for framework, rule in HANDLER_RULES.items()})
