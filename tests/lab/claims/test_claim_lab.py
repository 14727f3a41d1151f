"""Claim lab: a cause's `lab` reproduction that the server's observed answer contradicts, or that the
observations do not cover at all."""

from __future__ import annotations

from collections.abc import Callable

from statuskb import Catalog
from statuskb.catalog.observations import Observations
from statuskb.catalog.yamlfile import load_yaml
from statuskb.lab.claims import ClaimInput, lab
from support import ROOT, reproducing_cause_index

NGINX_NO_HEALTHY_BACKEND = '''        lab:
          - scenario: no-healthy-backend
            contexts: [nginx]
'''


def test_a_reproduction_with_another_status_names_both_places(
        contradictions_after: Callable[[str, str], list[str]], shipped_catalog: Catalog) -> None:
    # Claim that nginx answers 502 when the upstream times out (it answers 504).
    found = contradictions_after(NGINX_NO_HEALTHY_BACKEND,
                                 NGINX_NO_HEALTHY_BACKEND.replace("no-healthy-backend", "timeout"))
    catalog_text = (ROOT / "data" / "status_codes.yaml").read_text(encoding="utf-8")
    contexts_line = catalog_text[:catalog_text.index(NGINX_NO_HEALTHY_BACKEND)].count("\n") + 3
    observations_text = (ROOT / "data" / "observations.yaml").read_text(encoding="utf-8")
    observed = observations_text[:observations_text.index("- server: nginx\n  scenario: timeout\n")].count("\n") + 1
    message = next(item for item in found if ".lab[0].contexts[0]" in item)
    cause = reproducing_cause_index(shipped_catalog, 502, "no-healthy-backend")
    assert message.startswith(f"data/status_codes.yaml:{contexts_line}:24: "
                              f"codes[2].causes[{cause}].lab[0].contexts[0]: "
                              "nginx answers 502 by itself in the lab scenario 'timeout' ("), message
    assert message.endswith(f"observed at data/observations.yaml:{observed}: nginx 1.22.1, 'No answer': 504 "
                            "(by itself)"), message


def test_a_reproduction_the_lab_did_not_observe(shipped_catalog: Catalog, observations: Observations) -> None:
    unobserved = [o for o in observations.data.observations
                  if (o.server, o.scenario) != ("nginx", "no-healthy-backend")]
    fewer = Observations(observations.data.model_copy(update={"observations": unobserved}))
    document = load_yaml(ROOT / "data" / "status_codes.yaml", "data/status_codes.yaml")
    found = [str(c) for c in lab.CLAIM.check(ClaimInput(shipped_catalog, document, fewer))]
    assert len(found) == 1, found
    assert "nginx answers 502 by itself in the lab scenario 'no-healthy-backend'" in found[0]
    assert found[0].endswith("observed at data/observations.yaml: no observation of nginx × no-healthy-backend")


def test_a_reproduction_is_what_an_http1_client_gets(shipped_catalog: Catalog, observations: Observations) -> None:
    """HAProxy refuses an HTTP/2 client's stream when the backend closes (no response at all), and answers
    an HTTP/1.1 client 502: the cause's reproduction stands for the latter, and only the latter proves it."""
    over_h2 = observations.of("haproxy-h2", "closed")
    assert over_h2 is not None and over_h2[1].outcome == "no-response"
    document = load_yaml(ROOT / "data" / "status_codes.yaml", "data/status_codes.yaml")
    assert not [str(c) for c in lab.CLAIM.check(ClaimInput(shipped_catalog, document, observations))]
    without_http1 = [o for o in observations.data.observations if (o.server, o.scenario) != ("haproxy", "closed")]
    fewer = Observations(observations.data.model_copy(update={"observations": without_http1}))
    found = [str(c) for c in lab.CLAIM.check(ClaimInput(shipped_catalog, document, fewer))]
    assert len(found) == 1 and found[0].endswith("no observation of haproxy × closed"), found
