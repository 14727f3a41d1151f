"""Kubernetes (ingress-nginx): a default backend that answers with the code from X-Code, and the
ConfigMap's `custom-http-errors` that sends every code to it."""

from __future__ import annotations

from dataclasses import replace

import yaml

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target
from statuskb.gallery.targets.nginx import error_page_problems

BACKEND = "kubernetes/default-backend.conf"
CONFIGMAP = "kubernetes/ingress-nginx-configmap.yaml"


def _check_backend(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "kubernetes")
    for code in given.codes:
        if f'"{code}"' not in given.text or f"return {code};" not in given.text:
            report.add("x-code", f"X-Code {code} must be answered with `return {code};` (ingress-nginx does not "
                       "change the backend's status)")
    # The backend is an nginx server: its error_page/internal rules apply (not coverage: every
    # code is answered by `return`, and no upstream is intercepted).
    error_page_problems(replace(given, codes=()), report)
    return report.problems


def _check_configmap(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "kubernetes")
    try:
        listed = yaml.safe_load(given.text)["data"]["custom-http-errors"]
    except (yaml.YAMLError, KeyError, TypeError) as error:
        report.add("shape", f"needs data.custom-http-errors: {error!r}")
        return report.problems
    values = {int(value) for value in str(listed).split(",") if value.strip().isdigit()}
    for code in given.codes:
        if code not in values:
            report.add("coverage", f"{code} is missing from custom-http-errors", "custom-http-errors")
    return report.problems


DEFAULT_BACKEND: ArtifactRule = Rule(
    "kubernetes-default-backend",
    "The default backend answers with the code from X-Code (ingress-nginx passes it), never 200.",
    _check_backend,
)
INGRESS_CONFIGMAP: ArtifactRule = Rule(
    "kubernetes-configmap",
    "custom-http-errors lists every code, as ingress-nginx expects (comma-separated).",
    _check_configmap,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (kit.render_file(BACKEND, "artifact_k8s_backend.conf.j2", "kubernetes"),
            kit.render_file(CONFIGMAP, "artifact_k8s_configmap.yaml.j2", "kubernetes"))


TARGET = Target(_render, {BACKEND: DEFAULT_BACKEND, CONFIGMAP: INGRESS_CONFIGMAP})
