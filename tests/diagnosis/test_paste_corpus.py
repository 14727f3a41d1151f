"""The corpus of real pastes: the first answer's code, hop and role, in Python; diagnose agrees."""

from __future__ import annotations

import pytest
from paste_corpus import corpus, shipped_engine

from statuskb import Catalog
from statuskb.diagnosis.diagnose import Fetched, explain_response
from statuskb.diagnosis.recognise import INPUT_LIMIT, recognise


def first(shipped_catalog: Catalog, text: str) -> tuple[int | None, str | None, str]:
    answers, _ = recognise(shipped_engine(shipped_catalog), text)
    return (answers[0].code, answers[0].hop, answers[0].role) if answers else (None, None, "nothing")


def test_the_corpus_is_large_and_sourced(shipped_catalog: Catalog) -> None:
    pastes = corpus(shipped_catalog)
    assert len(pastes) >= 60
    known = shipped_catalog.sources.keys() | shipped_engine(shipped_catalog).recognition.data.sources.keys()
    assert {paste.source for paste in pastes} <= known


def test_every_paste_gets_the_right_first_answer(shipped_catalog: Catalog) -> None:
    engine = shipped_engine(shipped_catalog)
    wrong = []
    for paste in corpus(shipped_catalog):
        answers, _ = recognise(engine, paste.text)
        got = (answers[0].code, answers[0].hop, answers[0].role) if answers else None
        if got != (paste.code, paste.hop, paste.role):
            wrong.append(f"{paste.label}: expected {(paste.code, paste.hop, paste.role)}, got {got}")
    assert wrong == []


def test_diagnose_and_explain_agree_on_every_captured_page(shipped_catalog: Catalog) -> None:
    """The lab's default pages: explain on the page alone names the hop diagnose names for the response."""
    from statuskb.catalog.observations import load_observations
    from support import ROOT

    engine = shipped_engine(shipped_catalog)
    observations = load_observations(ROOT / "data" / "observations.yaml", shipped_catalog)
    checked = 0
    for observation in observations.data.observations:
        if observation.generated_by != "server" or observation.status is None:
            continue
        name = shipped_catalog.contexts[observations.data.servers[observation.server].context].name
        fetched = Fetched("http://127.0.0.1/", observation.status, "Error", dict(observation.headers),
                          observation.body or "", 0.1)
        assert f"\nAnswered by: {name}, most likely: " in explain_response(engine, fetched)
        if observation.body:
            answers, _ = recognise(engine, observation.body)
            context = observations.data.servers[observation.server].context
            assert (answers[0].code, answers[0].hop) == (observation.status, context)
        checked += 1
    assert checked >= 40


def test_nothing_recognisable_gets_advice_not_an_answer(shipped_catalog: Catalog) -> None:
    engine = shipped_engine(shipped_catalog)
    assert recognise(engine, "the site is down, please help")[0] == ()
    assert engine.recognition.data.advice


def test_a_long_paste_is_cut_with_a_notice(shipped_catalog: Catalog) -> None:
    engine = shipped_engine(shipped_catalog)
    line = "203.0.113.7 - - [01/Dec/2026:09:12:44 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"\n"
    late = ("Dec  1 09:12:44 lb1 haproxy[1]: 198.51.100.23:5 [01/Dec/2026:09:12:44.101] www app/web1 "
            '0/0/-1/-1/0 503 1 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"')
    text = line * (INPUT_LIMIT // len(line) + 1) + late
    answers, cut = recognise(engine, text)
    assert cut and all(answer.code == 200 for answer in answers)  # the line after the limit is not read
    answers, cut = recognise(engine, late)
    assert not cut and answers[0].code == 503


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "((((((((((((((((((((((((((((a" * 1000])
def test_hostile_or_odd_input_is_just_text(shipped_catalog: Catalog, text: str) -> None:
    assert recognise(shipped_engine(shipped_catalog), text)[0] == ()


def test_caddy_2_11_is_seen_in_its_via_header(shipped_catalog: Catalog) -> None:
    """Caddy 2.11.7 passes an upstream's 500 on with `Via: 1.1 Caddy` and no Server header (the lab's capture);
    Caddy 2.6 wrote `Server: Caddy`. Either way the answer is: it went through Caddy, which did not make it."""
    from statuskb.catalog.observations import load_observations
    from support import ROOT

    observations = load_observations(ROOT / "data" / "observations.yaml", shipped_catalog)
    found = observations.of("caddy-pypi", "error-500")
    assert found is not None and found[1].headers.get("via") == "1.1 Caddy" and "server" not in found[1].headers
    paste = "HTTP/1.1 500 Internal Server Error\nVia: 1.1 Caddy\nContent-Type: text/plain\n\nthe application failed\n"
    assert first(shipped_catalog, paste) == (500, "caddy", "passed")
    assert first(shipped_catalog, paste.replace("Via: 1.1 Caddy", "Via: 1.1 varnish")) != (500, "caddy", "passed")
