"""The explainer's corpus: real pastes, each with its source and the first answer expected.

Typed pastes (vendors' pages and logs in their documented form) are in paste_corpus.yaml;
the lab's are made here from data/observations.yaml, so the lab servers' default pages,
their `curl -i` and `curl -v` transcripts and their logged lines are exactly what the real
servers sent and wrote. The Python test and the Chromium test both read this.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import yaml

from statuskb import Catalog, load_observations, load_recognition
from statuskb.common.site_info import DEFAULT_SITE
from statuskb.diagnosis.recognise import Engine, build_engine, transcript
from support import ROOT

CORPUS = Path(__file__).with_name("paste_corpus.yaml")
#: What a response the lab's server only passed on must be answered with: the hop it went through, where
#: the server marks every response (Server, Via, X-Varnish), and no hop at all for HAProxy, which does not.
UNMARKED_CONTEXTS = {"haproxy"}


@dataclass(frozen=True)
class Paste:
    """One paste and the first answer it must get."""

    label: str
    text: str
    source: str
    code: int | None
    hop: str | None
    role: str


def shipped_engine(catalog: Catalog) -> Engine:
    observations = load_observations(ROOT / "data" / "observations.yaml", catalog)
    return build_engine(catalog, DEFAULT_SITE, observations, load_recognition(ROOT / "data" / "recognition.yaml",
                                                                              catalog))


def corpus(catalog: Catalog) -> list[Paste]:
    """Every paste: the typed ones, then the lab's (each distinct text once)."""
    typed = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["pastes"]
    pastes = [Paste(f"{item['source']}: {item['text'][:60]}", item["text"], item["source"],
                    item["expect"]["code"], item["expect"]["hop"], item["expect"]["role"]) for item in typed]
    observations = load_observations(ROOT / "data" / "observations.yaml", catalog)
    seen: set[str] = set()
    for observation in observations.data.all_observations():  # in front of the upstream and the app servers
        if observation.generated_by is None or observation.status is None or observation.status < 500:
            continue
        context = observations.data.servers[observation.server].context
        label = f"lab {observation.server} {observation.scenario}"
        if observation.generated_by == "upstream":  # the application's own 500, passed on
            response = transcript(observation.status, HTTPStatus(observation.status).phrase, observation.headers,
                                  observation.body or "")
            role = "unknown" if context in UNMARKED_CONTEXTS else "passed"
            pastes.append(Paste(f"{label} (curl -i)", response, "behaviour-lab", observation.status,
                                context if role == "passed" else None, role))
            if observation.log:
                pastes.append(Paste(f"{label} (log)", "\n".join(observation.log), "behaviour-lab",
                                    observation.status, context, "relayed"))
            continue
        response = transcript(observation.status, HTTPStatus(observation.status).phrase, observation.headers,
                              observation.body or "")
        head, body = response.split("\n\n", 1)
        verbose = "\n".join(f"< {line}" for line in head.split("\n")) + "\n<\n" + body
        texts = [("page", observation.body or ""), ("curl -i", response), ("curl -v", verbose),
                 ("log", "\n".join(observation.log or ()))]
        for kind, text in texts:
            if text.strip() and text not in seen:
                seen.add(text)
                pastes.append(Paste(f"{label} ({kind})", text, "behaviour-lab", observation.status, context,
                                    "generated"))
    return pastes
