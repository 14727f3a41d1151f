"""/explain/: the explainer's page, with the form the browser-side engine fills in, and its box.

The page's example picker offers the lab's captured default pages and logged lines (real
servers' output, data/observations.yaml) and the examples of data/recognition.yaml; the
same list goes into index.json, which the script reads.
"""

from __future__ import annotations

from statuskb.common.site_info import DEFAULT_SITE, SiteInfo
from statuskb.common.templating import render
from statuskb.common.text import front_matter, relative_link
from statuskb.common.urls import CONTEXTS_INDEX, OBSERVATIONS
from statuskb.diagnosis.explain import EXPLAIN_INDEX
from statuskb.diagnosis.recognise import INPUT_LIMIT, Engine

EXPLAIN_PAGE = "explain.md"
#: Characters of a paste the address keeps: a shared link stays usable (explain.js and
#: explain-box.js read it from their form).
SHARE_LIMIT = 16_384


def render_explain_page(engine: Engine, site: SiteInfo) -> str:
    """/explain/: the form, the example picker, and how to use the same engine from the terminal."""
    meta = front_matter(
        title="Explain an error",
        description="Paste an error page, a curl -i transcript, an access-log or error-log line from nginx, "
        "Apache, HAProxy, Varnish, Caddy, Envoy, a load balancer or a CDN, and get the code, the hop that "
        "answered, the cause and the fix. Runs in your browser; nothing is sent anywhere.",
        scripts=["explain.js"],  # the matcher (theme_overrides/main.html loads it)
    )
    lab = sum(1 for entry in engine.entries if entry.observed_on)
    return meta + render("explain_page.md.j2", count=len(engine.entries) - lab, lab_count=lab,
                         trait_count=len(engine.recognition.data.traits),
                         fingerprint_count=sum(len(c.fingerprints) for c in engine.catalog.contexts.values()),
                         input_limit=f"{INPUT_LIMIT:,}", share_limit=SHARE_LIMIT,
                         observations_link=relative_link(OBSERVATIONS, EXPLAIN_PAGE),
                         index_url=site.relative(EXPLAIN_INDEX, EXPLAIN_PAGE),
                         contexts_url=site.relative(site.page_path(CONTEXTS_INDEX), EXPLAIN_PAGE))


def explain_box_action(page: str, site: SiteInfo = DEFAULT_SITE) -> str:
    """Where the explain box (explain_box.md.j2, on the home page and each code page) sends a paste."""
    target = site.page_path(EXPLAIN_PAGE)
    relative = site.relative(target, page)
    return relative + "/" if target.endswith("/") else relative  # relpath drops the slash a folder URL needs


def render_explain_box(page: str, site: SiteInfo = DEFAULT_SITE) -> str:
    """The explain box for `page`: the home page's `<!-- statuskb: explain -->` block."""
    return render("explain_box.md.j2", action=explain_box_action(page, site), share_limit=SHARE_LIMIT)
