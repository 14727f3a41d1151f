"""/explain/: the explainer's page, with the form the browser-side matcher fills in."""

from __future__ import annotations

from statuskb.common.site_info import SiteInfo
from statuskb.common.templating import render
from statuskb.common.text import front_matter, relative_link
from statuskb.common.urls import CONTEXTS_INDEX, OBSERVATIONS
from statuskb.diagnosis.explain import EXPLAIN_INDEX, Entry

EXPLAIN_PAGE = "explain.md"


def render_explain_page(index: tuple[Entry, ...], site: SiteInfo) -> str:
    """/explain/: the form, and how to use the same matching from the terminal."""
    meta = front_matter(
        title="Explain a log line",
        description="Paste an nginx, Apache, HAProxy, Varnish, Envoy or CDN error line and get the "
        "cause, the status code and the fix. Runs in your browser; nothing is sent anywhere.",
        scripts=["explain.js"],  # the matcher (theme_overrides/main.html loads it)
    )
    lab = sum(1 for entry in index if entry.observed_on)
    return meta + render("explain_page.md.j2", count=len(index) - lab, lab_count=lab,
                         observations_link=relative_link(OBSERVATIONS, EXPLAIN_PAGE),
                         index_url=site.relative(EXPLAIN_INDEX, EXPLAIN_PAGE),
                         contexts_url=site.relative(site.page_path(CONTEXTS_INDEX), EXPLAIN_PAGE))
