"""Server artifacts as a whole: catalog text cannot escape its format, every shipped file has
its rule in the registry and keeps it, and a page over budget stops the build. Each target's
own rules are tested in tests/gallery/targets/test_target_<name>.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from statuskb import Catalog, Language, ProblemsFound, plan_site
from statuskb.gallery.index import Gallery, plan_gallery, plan_pages
from statuskb.gallery.targets import check_artifact, render_kit, rules_for
from statuskb.gallery.targets.base import Artifact, comment, js_string, reason_phrase, safe_path, xml_comment


@pytest.fixture(scope="module")
def gallery(shipped_catalog: Catalog, shipped_languages: dict[str, Language]) -> Gallery:
    return plan_gallery(shipped_catalog, shipped_languages)


def gallery_languages(gallery: Gallery) -> set[str]:
    return {path.split("/")[2] for path, _ in gallery.files
            if path.startswith("error-pages/plain/") and path.endswith("/502.json")}


# ----------------------------------------------------------------------------- escaping
def test_catalog_text_cannot_escape_its_format() -> None:
    evil = 'Bad"; } location / { return 200 "owned\n# done\r\n--> <!-- x'
    assert "\n" not in comment(evil) and "\r" not in comment(evil)
    assert "--" not in xml_comment(evil) and not xml_comment("a -").endswith("-")
    assert reason_phrase("Bad\r\nSet-Cookie: x=1 Gatewäy") == "Bad Set-Cookie: x=1 Gatewy"
    assert js_string('</script><script>alert("x")') == '"\\u003c/script\\u003e\\u003cscript\\u003ealert(\\"x\\")"'
    with pytest.raises(ValueError, match="unsafe path"):
        safe_path('/var/www/x"; root /etc;')
    with pytest.raises(ValueError, match="unsafe path"):
        safe_path("/var/www/../../etc")


# ----------------------------------------------------------------------------- the shipped kit
def test_every_shipped_artifact_keeps_its_rules(shipped_catalog: Catalog, shipped_languages: dict[str, Language],
                                                gallery: Gallery) -> None:
    # The build checks only what catalog text can break; the artifacts' own rules are checked here.
    codes = tuple(sorted(entry.code for entry in shipped_catalog.codes))
    artifacts = [artifact for kit in plan_pages(shipped_catalog, shipped_languages)[1] for artifact in render_kit(kit)]
    assert len(artifacts) > 30
    problems = [problem for artifact in artifacts for problem in check_artifact(artifact, codes)]
    assert problems == []
    names = {path.split("/", 2)[2] for path, _ in gallery.files if path.startswith("error-pages/signal/")}
    for name in ("nginx.conf", "apache.conf", "Caddyfile", "haproxy.cfg", "web.config", "traefik.yml",
                 "cloudfront.json", "kubernetes/default-backend.conf", "kubernetes/ingress-nginx-configmap.yaml",
                 "node/express.js", "node/koa.js", "node/fastify.js", "cloudflare/ar/5xx.html",
                 "haproxy/502.http", "haproxy/503.http", "en/502.html", "ar/502.html", "ja/502.json",
                 "nginx-http.conf", "502.var", "caddy-negotiate.html", "haproxy/de/502.html", "haproxy/de/502.json"):
        assert name in names, name


def test_every_shipped_artifact_has_exactly_one_rule(gallery: Gallery) -> None:
    pages = {f"error-pages/plain/{tag}/" for tag in gallery_languages(gallery)}
    artifacts = [path for path, _ in gallery.files
                 if path.startswith("error-pages/plain/") and path.rsplit("/", 1)[0] + "/" not in pages]
    assert artifacts
    for path in artifacts:
        assert len(rules_for(Artifact(path, "", "any"))) == 1, path


def test_a_file_no_rule_checks_is_a_problem() -> None:
    problems = check_artifact(Artifact("error-pages/plain/lighttpd.conf", "", "lighttpd"), (502,))
    assert [str(p) for p in problems] == [
        "error-pages/plain/lighttpd.conf:1:1: lighttpd.rules: no rules are defined for this file"]


# ----------------------------------------------------------------------------- the build stops
def test_a_page_over_budget_stops_the_plan_with_a_clear_problem(tmp_path: Path, fixture_text: str) -> None:
    # Longer than the validator's 1,500 characters for a one-line field, so the entry is changed
    # on the typed model (model_copy does not validate): the budget must hold on its own.
    long_view = "Not your fault. " + "The site is having a very long and detailed problem today. " * 120
    path = tmp_path / "catalog.yaml"
    path.write_text(fixture_text, encoding="utf-8")
    from statuskb import load_catalog

    catalog = load_catalog(path)
    first = catalog.codes[0].model_copy(update={"visitor_view": long_view})
    hostile = catalog.model_copy(update={"codes": [first, *catalog.codes[1:]]})
    with pytest.raises(ProblemsFound) as found:
        plan_site(hostile)
    report = found.value.report()
    assert "error-pages/plain/en/500.html:1:1: error-page.size:" in report
    assert "over the 8192-byte budget" in report
