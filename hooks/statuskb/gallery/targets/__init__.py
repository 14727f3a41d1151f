"""Server-ready artifacts for the error pages, one module per server target, checked at build time.

For every theme there is one folder, error-pages/<theme>/, that holds the pages and
everything needed to serve them with the real status code: configuration for nginx, Apache
httpd, Caddy, HAProxy (with full raw `.http` responses), IIS, Traefik, a Kubernetes ingress
default backend, CloudFront, Cloudflare, and error handlers for Express, Koa and Fastify.

Each target module renders its files and exposes its checks as `Rule`s (see
`statuskb.common.rules`); `TARGETS` is the registry, and each target says which rule checks
which of its files. A violation is a Problem named `<target>.<rule>` that says what to change,
and it stops the build. The shared pieces (Kit, Artifact, the quoting helpers) are in `base`.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from statuskb.common.problems import Problem
from statuskb.common.rules import run_rules
from statuskb.gallery.targets import (
    apache,
    caddy,
    cloudflare,
    cloudfront,
    haproxy,
    iis,
    kubernetes,
    nginx,
    node,
    traefik,
)
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Target

TARGETS: tuple[Target, ...] = (
    nginx.TARGET,
    apache.TARGET,
    caddy.TARGET,
    haproxy.TARGET,
    cloudflare.TARGET,
    iis.TARGET,
    traefik.TARGET,
    kubernetes.TARGET,
    cloudfront.TARGET,
    node.TARGET,
)


def render_kit(kit: Kit) -> tuple[Artifact, ...]:
    """Every artifact of one theme (the pages themselves are planned by the gallery)."""
    return tuple(artifact for target in TARGETS for artifact in target.render(kit))


def rules_for(artifact: Artifact) -> list[ArtifactRule]:
    """The rules that check this artifact, found by its file name in the theme's folder."""
    name = artifact.path.split("/", 2)[2]
    return [rule for target in TARGETS for pattern, rule in target.rules.items() if fnmatchcase(name, pattern)]


def check_artifact(artifact: Artifact, codes: tuple[int, ...]) -> list[Problem]:
    """Every problem the artifact's rules find; a file that no rule checks is a problem too."""
    rules = rules_for(artifact)
    if not rules:
        return [Problem(artifact.path, 1, 1, f"{artifact.target}.rules", "no rules are defined for this file")]
    return run_rules(rules, ArtifactInput(artifact.path, artifact.content, codes))
