"""IIS: `httpErrors` in web.config, in Custom mode, replacing every error body with our page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target

CONFIG = "web.config"


def _check_config(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "iis")
    try:
        root = ET.fromstring(given.text)
    except ET.ParseError as error:
        report.add("xml", f"not well-formed XML: {error}", error.position[0])
        return report.problems
    errors = root.find("system.webServer/httpErrors")
    if errors is None:
        report.add("http-errors", "needs <system.webServer><httpErrors>")
        return report.problems
    if errors.get("errorMode") != "Custom":
        report.add("error-mode", 'httpErrors needs errorMode="Custom" (the default shows detailed errors to '
                   "local requests and custom ones only to remote requests)")
    if errors.get("existingResponse") != "Replace":
        report.add("existing-response", 'httpErrors needs existingResponse="Replace", or an error body from '
                   "the application or a proxied backend is passed through")
    removed = {element.get("statusCode") for element in errors.findall("remove")}
    covered = set()
    for element in errors.findall("error"):
        code = element.get("statusCode", "")
        covered.add(code)
        where = f'statusCode="{code}" path'
        if code not in removed:
            report.add("remove", f'add <remove statusCode="{code}" /> before its <error>: IIS refuses a '
                       "duplicate of an inherited entry", where)
        if element.get("responseMode") != "ExecuteURL":
            report.add("response-mode", f'{code}: use responseMode="ExecuteURL" (Redirect sends a redirect '
                       "and loses the status)", where)
        if not element.get("path", "").startswith("/"):
            report.add("path", f"{code}: ExecuteURL needs a server-relative URL", where)
    for number in given.codes:
        if str(number) not in covered:
            report.add("coverage", f"no <error> for {number}")
    return report.problems


WEB_CONFIG: ArtifactRule = Rule(
    "iis-web-config",
    "httpErrors: Custom mode, Replace, a <remove> before each <error>, no Redirect, local paths.",
    _check_config,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (kit.render_file(CONFIG, "artifact_iis.config.j2", "iis"),)


TARGET = Target(_render, {CONFIG: WEB_CONFIG})
