"""`statuskb`: check the catalog, render the site's generated pages, write the schema.

Exit status: 0 success, 1 invalid input (every problem printed, one per line, as
PATH:LINE:COL: field: message), 2 usage errors (argparse's convention).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from statuskb import load_catalog
from statuskb.catalog.load import DEFAULT_CATALOG
from statuskb.catalog.model import Catalog
from statuskb.catalog.observations import DEFAULT_OBSERVATIONS, OBSERVATIONS_SCHEMA_NAME
from statuskb.catalog.schema import SCHEMA_FILE_NAME, catalog_schema_text
from statuskb.common.problems import ProblemsFound
from statuskb.common.site_info import DEFAULT_SITE_URL
from statuskb.diagnosis.diagnose import DiagnoseError
from statuskb.lab.runner import LabError

if TYPE_CHECKING:
    from statuskb.catalog.observations import Observations
    from statuskb.lab.applications import AppScenario
    from statuskb.lab.scenarios import Scenario
    from statuskb.lab.servers import LabServer


class UsageError(Exception):
    """A command line that names something that does not exist: exit 2, like argparse."""


def _check(args: argparse.Namespace) -> int:
    from statuskb.gallery.languages import DEFAULT_LANGUAGES, load_languages

    catalog = load_catalog(args.path, str(args.path))
    languages: Path | None = args.languages
    if languages is None and DEFAULT_LANGUAGES.is_dir():  # in a checkout: the shipped languages too
        languages = DEFAULT_LANGUAGES
    if languages is not None:
        if not languages.is_dir():
            raise UsageError(f"--languages {languages}: no such folder")
        load_languages(languages, catalog, str(languages))
    return 0


def _render(args: argparse.Namespace) -> int:
    from statuskb.common.site_info import SiteInfo
    from statuskb.site.plan import plan_site
    from statuskb.site.render_out import write_docs_dir

    catalog = load_catalog(args.catalog, str(args.catalog))
    plan = plan_site(catalog, SiteInfo(url=args.site_url), _lab_data(args.observations, catalog))
    written = write_docs_dir(plan, args.content, args.out)
    print(f"wrote {written} pages to {args.out}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from statuskb.common.site_info import SiteInfo
    from statuskb.diagnosis.explain import build_index, describe, explain

    text = " ".join(args.text) if args.text else sys.stdin.read()
    if not text.strip():
        print("statuskb explain: give a log line or error text (as arguments or on standard input)",
              file=sys.stderr)
        return 2
    site = SiteInfo(url=args.site_url)
    catalog = load_catalog(args.catalog, str(args.catalog))
    matches = explain(build_index(catalog, site, _lab_data(args.observations, catalog)), text)
    if not matches:
        print("No cause in the catalog matches that text. Paste the whole line; the log lines the guide "
              f"knows are listed per server at {site.absolute('contexts/')}", file=sys.stderr)
        return 1
    print(describe(matches, site))
    return 0


def _lab_data(path: Path | None, catalog: Catalog) -> Observations | None:
    """The lab's observations for the site and the explainer: the given file, or the default one if present."""
    from statuskb.catalog.observations import load_observations

    if path is None:
        if not DEFAULT_OBSERVATIONS.is_file():
            return None
        path = DEFAULT_OBSERVATIONS
    return load_observations(path, catalog, str(path))


def _observations(args: argparse.Namespace) -> tuple[Catalog, Observations]:
    from statuskb.catalog.observations import load_observations

    catalog = load_catalog(args.catalog, str(args.catalog))
    return catalog, load_observations(args.observations, catalog, str(args.observations))


def _lab_selection(args: argparse.Namespace) -> tuple[list[LabServer], list[Scenario], list[AppScenario]]:
    from statuskb.lab.applications import APP_BY_ID, APP_SCENARIOS
    from statuskb.lab.scenarios import BY_ID, SCENARIOS
    from statuskb.lab.servers import LAB_SERVERS

    servers = [s for s in LAB_SERVERS if not args.server or s.id in args.server]
    scenarios = [s for s in SCENARIOS if not args.scenario or s.id in args.scenario]
    app_scenarios = [s for s in APP_SCENARIOS if not args.scenario or s.id in args.scenario]
    unknown = sorted(set(args.server or ()) - {s.id for s in LAB_SERVERS}) + \
        sorted(set(args.scenario or ()) - set(BY_ID) - set(APP_BY_ID))
    if unknown:
        raise UsageError(f"unknown server or scenario: {', '.join(unknown)}")
    return servers, scenarios, app_scenarios


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _lab_run(args: argparse.Namespace) -> int:
    import time

    from statuskb.catalog.observations import dump_observations
    from statuskb.lab.runner import run_lab

    servers, scenarios, app_scenarios = _lab_selection(args)
    started = time.monotonic()
    data = run_lab(servers, scenarios, None if args.quiet else _progress, app_scenarios)
    text = dump_observations(data)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}: {len(data.all_observations())} observations in {time.monotonic() - started:.1f} s",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _lab_check(args: argparse.Namespace) -> int:
    from statuskb.lab import scenarios as lab_scenarios
    from statuskb.lab import servers as lab_servers
    from statuskb.lab.applications import APP_BY_ID
    from statuskb.lab.drift import compare
    from statuskb.lab.runner import run_lab

    _, committed = _observations(args)
    servers = [lab_servers.BY_ID[s] for s in committed.data.servers if s in lab_servers.BY_ID]
    scenarios = [lab_scenarios.BY_ID[s] for s in committed.data.scenarios if s in lab_scenarios.BY_ID]
    app_scenarios = [APP_BY_ID[s] for s in committed.data.app_scenarios if s in APP_BY_ID]
    drift = compare(committed, run_lab(servers, scenarios, None if args.quiet else _progress, app_scenarios))
    for line in drift.noted:
        print(f"note: {line}", file=sys.stderr)
    for line in drift.changed:
        print(line, file=sys.stderr)
    if drift.changed:
        print(f"{len(drift.changed)} difference{'s' if len(drift.changed) != 1 else ''} from {args.observations}: "
              "the servers behave differently; check the catalog's claims and rerun `make lab` to record it",
              file=sys.stderr)
        return 1
    print(f"{args.observations}: the servers behave as recorded", file=sys.stderr)
    return 0


def _lab_validate(args: argparse.Namespace) -> int:
    from statuskb.catalog.yamlfile import load_yaml
    from statuskb.lab.claims import contradictions, unreproduced_signals

    catalog, observations = _observations(args)
    found = contradictions(catalog, load_yaml(args.catalog, str(args.catalog)), observations)
    for contradiction in found:
        print(contradiction, file=sys.stderr)
    if args.verbose:
        for line in unreproduced_signals(catalog, observations):
            print(f"not reproduced by the lab: {line}")
    if found:
        print(f"{len(found)} claim{'s' if len(found) != 1 else ''} contradicted by {args.observations}",
              file=sys.stderr)
        return 1
    return 0


def _lab_schema(args: argparse.Namespace) -> int:
    from statuskb.catalog.observations import observations_schema_text

    return _write_or_check(args.out, observations_schema_text(), args.check, "statuskb lab schema")


def _diagnose(args: argparse.Namespace) -> int:
    from statuskb.common.site_info import SiteInfo
    from statuskb.diagnosis.diagnose import explain_response, fetch

    catalog = load_catalog(args.catalog, str(args.catalog))
    print(explain_response(catalog, SiteInfo(url=args.site_url), fetch(args.url, args.timeout)))
    return 0


def _write_or_check(out: Path, text: str, check: bool, command: str) -> int:
    if check:
        current = out.read_text(encoding="utf-8") if out.is_file() else ""
        if current != text:
            print(f"{out}: out of date; run `{command}` to regenerate it", file=sys.stderr)
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    text = catalog_schema_text()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out}: out of date; run `statuskb schema` to regenerate it", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _catalog_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG,
                         help=f"catalog file (default: {DEFAULT_CATALOG})")


def _site_url_option(command: argparse.ArgumentParser, purpose: str) -> None:
    command.add_argument("--site-url", default=os.environ.get("SITE_URL") or DEFAULT_SITE_URL,
                         help=f"{purpose} (default: $SITE_URL or %(default)s, as in mkdocs.yml)")


def _lab_data_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--observations", type=Path, default=None,
                         help=f"the behaviour lab's observations (default: {DEFAULT_OBSERVATIONS}, when it exists)")


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface (also used by the docs and tests)."""
    parser = argparse.ArgumentParser(prog="statuskb", description="5xx Field Guide catalog tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a catalog; print every problem")
    check.add_argument("path", nargs="?", type=Path, default=DEFAULT_CATALOG,
                       help=f"catalog file (default: {DEFAULT_CATALOG})")
    check.add_argument("--languages", type=Path, default=None,
                       help="folder of error-page language files to validate too "
                            "(default: data/error_pages when it exists)")
    check.set_defaults(run=_check)

    render = commands.add_parser("render", help="write every page the site build would generate")
    render.add_argument("--out", type=Path, required=True, help="folder to write the docs tree into")
    _catalog_option(render)
    render.add_argument("--content", type=Path, default=Path("content"),
                        help="hand-written pages to copy alongside (default: content)")
    _site_url_option(render, "public address of the site, for structured data, embeds and the JSON API")
    _lab_data_option(render)
    render.set_defaults(run=_render)

    explain = commands.add_parser("explain", help="explain a log line or error text: cause, code, fixes")
    explain.add_argument("text", nargs="*", help="the line (quote it); read from standard input when left out")
    _catalog_option(explain)
    _site_url_option(explain, "site address for the links")
    _lab_data_option(explain)
    explain.set_defaults(run=_explain)

    lab = commands.add_parser("lab", help="the behaviour lab: real servers in front of a failing upstream")
    lab_commands = lab.add_subparsers(dest="lab_command", required=True, metavar="LAB_COMMAND")

    def lab_files(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--observations", type=Path, default=DEFAULT_OBSERVATIONS,
                         help=f"observations file (default: {DEFAULT_OBSERVATIONS})")
        _catalog_option(sub)

    def comma_list(text: str) -> list[str]:
        return [item for item in text.split(",") if item]

    run = lab_commands.add_parser("run", help="run every scenario against every server; print or write the YAML")
    run.add_argument("--out", type=Path, help="write the observations here (default: print them)")
    run.add_argument("--server", type=comma_list, help="only these servers (comma-separated ids)")
    run.add_argument("--scenario", type=comma_list, help="only these scenarios (comma-separated ids)")
    run.add_argument("--quiet", action="store_true", help="no progress display on standard error")
    run.set_defaults(run=_lab_run)

    check_lab = lab_commands.add_parser("check", help="run the lab again and report drift from the committed file")
    lab_files(check_lab)
    check_lab.add_argument("--quiet", action="store_true", help="no progress display on standard error")
    check_lab.set_defaults(run=_lab_check)

    validate = lab_commands.add_parser("validate", help="validate the observations and check the catalog's claims "
                                       "against them (no servers needed)")
    lab_files(validate)
    validate.add_argument("--verbose", action="store_true",
                          help="also list quoted log lines the lab does not reproduce")
    validate.set_defaults(run=_lab_validate)

    lab_schema = lab_commands.add_parser("schema", help="write the observations' JSON Schema")
    lab_schema.add_argument("--out", type=Path, default=DEFAULT_OBSERVATIONS.parent / OBSERVATIONS_SCHEMA_NAME,
                            help="where to write it (default: %(default)s)")
    lab_schema.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    lab_schema.set_defaults(run=_lab_schema)

    diagnose = commands.add_parser("diagnose", help="request a URL once and say which hop produced the error")
    diagnose.add_argument("url", help="the address that fails, such as https://example.org/page")
    diagnose.add_argument("--timeout", type=float, default=10.0, help="seconds to wait (default: %(default)s)")
    _catalog_option(diagnose)
    _site_url_option(diagnose, "site address for the links")
    diagnose.set_defaults(run=_diagnose)

    schema = commands.add_parser("schema", help="write the editors' JSON Schema generated from the model")
    schema.add_argument("--out", type=Path, default=DEFAULT_CATALOG.parent / SCHEMA_FILE_NAME,
                        help="where to write it (default: %(default)s)")
    schema.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `statuskb` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except ProblemsFound as invalid:
        print(invalid.report(), file=sys.stderr)
        return 1
    except UsageError as error:
        parser.error(str(error))
    except (LabError, DiagnoseError) as error:
        print(f"statuskb {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
