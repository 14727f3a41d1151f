"""`statuskb`: check the catalog, render the site's generated pages, write the schema.

Exit status: 0 success, 1 invalid input (every problem printed, one per line, as
PATH:LINE:COL: field: message), 2 usage errors (argparse's convention).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from statuskb import load_beside_catalog, load_catalog, load_catalog_with_lines
from statuskb.catalog.load import DEFAULT_CATALOG
from statuskb.catalog.model import Catalog
from statuskb.catalog.observations import DEFAULT_OBSERVATIONS, OBSERVATIONS_SCHEMA_NAME
from statuskb.catalog.schema import SCHEMA_FILE_NAME, catalog_schema_text
from statuskb.common.problems import ProblemsFound
from statuskb.common.shipped import shown
from statuskb.common.site_info import DEFAULT_SITE_URL
from statuskb.diagnosis.diagnose import DiagnoseError
from statuskb.gallery.languages import DEFAULT_LANGUAGES as DEFAULT_ERROR_PAGE_LANGUAGES
from statuskb.lab.runner import LabError

if TYPE_CHECKING:
    from statuskb.catalog.observations import Observations
    from statuskb.catalog.recognition import Recognition
    from statuskb.diagnosis.recognise import Engine
    from statuskb.lab.applications import AppScenario
    from statuskb.lab.scenarios import Scenario
    from statuskb.lab.servers import LabServer


#: The name pip installs the package under (pyproject.toml `name`).
DISTRIBUTION = "fivexx-field-guide"


class UsageError(Exception):
    """A command line that names something that does not exist: exit 2, like argparse."""


def _check(args: argparse.Namespace) -> int:
    from statuskb.gallery.languages import DEFAULT_LANGUAGES, load_languages

    catalog = load_catalog(args.path, str(args.path))
    languages: Path | None = args.languages
    shipped_catalog = args.path.resolve() == DEFAULT_CATALOG.resolve()
    if languages is None and shipped_catalog and DEFAULT_LANGUAGES.is_dir():  # its languages belong to it
        languages = shown(DEFAULT_LANGUAGES)
    if languages is not None:
        if not languages.is_dir():
            raise UsageError(f"--languages {languages}: no such folder")
        load_languages(languages, catalog, str(languages))
    _recognition(catalog, args.path)
    return 0


def _render(args: argparse.Namespace) -> int:
    from statuskb.common.site_info import SiteInfo
    from statuskb.site.plan import plan_site
    from statuskb.site.render_out import hand_written_uris, plain_build_config, write_docs_dir

    catalog, lines = load_catalog_with_lines(args.catalog, str(args.catalog))
    recognition, languages = load_beside_catalog(args.catalog, str(args.catalog), catalog)
    plan = plan_site(catalog, SiteInfo(url=args.site_url), _lab_data(args.observations, catalog, args.catalog),
                     recognition, languages, lines)
    written = write_docs_dir(plan, args.content, args.out)
    config = args.config or args.out.with_name(f"{args.out.name}.mkdocs.yml")
    config.write_text(plain_build_config(plan, args.out.as_posix(), hand_written_uris(args.content)), encoding="utf-8")
    print(f"wrote {written} pages to {args.out} and their navigation settings to {config}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from statuskb.diagnosis.recognise import describe_answers, paste_advice, recognise

    text = " ".join(args.text) if args.text else sys.stdin.read()
    if not text.strip():
        print("statuskb explain: give a log line or error text (as arguments or on standard input)",
              file=sys.stderr)
        return 2
    engine = _engine(args)
    answers, cut = recognise(engine, text)
    if not answers:
        print("Nothing in that text is something the guide recognises. Paste one of these instead:\n"
              + paste_advice(engine), file=sys.stderr)
        return 1
    print(describe_answers(engine, answers, cut))
    return 0


def _engine(args: argparse.Namespace) -> Engine:
    """The recognition engine over the catalog, the lab's lines (if present) and data/recognition.yaml."""
    from statuskb.common.site_info import SiteInfo
    from statuskb.diagnosis.recognise import build_engine

    catalog = load_catalog(args.catalog, str(args.catalog))
    return build_engine(catalog, SiteInfo(url=args.site_url), _lab_data(getattr(args, "observations", None), catalog,
                                                                          args.catalog),
                        _recognition(catalog, args.catalog))


def _recognition(catalog: Catalog, catalog_path: Path) -> Recognition:
    """recognition.yaml beside the catalog, checked against it (the catalog's traits only without the file)."""
    from statuskb.catalog.recognition import NO_TRAITS, RECOGNITION_SOURCE, load_recognition

    path = catalog_path.parent / Path(RECOGNITION_SOURCE).name
    if not path.is_file():
        return NO_TRAITS
    return load_recognition(path, catalog, str(shown(path)))


def _error_pages(args: argparse.Namespace) -> int:
    from statuskb.gallery.brand import load_brand
    from statuskb.gallery.index import ARCHIVE, plan_gallery, write_kit
    from statuskb.gallery.languages import load_languages
    from statuskb.gallery.themes import THEMES

    if not args.languages.is_dir():
        raise UsageError(f"--languages {args.languages}: no such folder")
    catalog = load_catalog(args.catalog, str(args.catalog))
    languages = load_languages(args.languages, catalog, str(args.languages))
    brand = None
    if args.brand is not None:
        if not args.brand.is_file():
            raise UsageError(f"--brand {args.brand}: no such file")
        brand = load_brand(args.brand, THEMES, tuple(languages), tuple(entry.code for entry in catalog.codes),
                           str(args.brand))
    written = write_kit(plan_gallery(catalog, languages, brand, args.site_url), args.out)
    print(f"wrote {len(written)} files to {args.out} (the zip: {args.out / ARCHIVE})")
    return 0


def _lab_data(path: Path | None, catalog: Catalog, catalog_path: Path) -> Observations | None:
    """The lab's observations for the site and the explainer: the given file, or the one beside
    the catalog if present (data/observations.yaml beside data/status_codes.yaml, as the plugin
    reads them; a catalog of one's own is not checked against the shipped lab's servers)."""
    from statuskb.catalog.observations import load_observations

    if path is None:
        beside = catalog_path.parent / DEFAULT_OBSERVATIONS.name
        if not beside.is_file():
            return None
        path = shown(beside)
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
    from statuskb.diagnosis.diagnose import explain_response, fetch

    engine = _engine(args)
    print(explain_response(engine, fetch(args.url, args.timeout)))
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


def seconds(text: str) -> float:
    """A --timeout: a finite number of seconds above 0 (argparse's float takes nan, inf and -1)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds above 0")
    return value


def _catalog_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--catalog", type=Path, default=shown(DEFAULT_CATALOG),
                         help="catalog file (default: the shipped catalog, %(default)s)")


def _site_url_option(command: argparse.ArgumentParser, purpose: str) -> None:
    command.add_argument("--site-url", default=os.environ.get("SITE_URL") or DEFAULT_SITE_URL,
                         help=f"{purpose} (default: $SITE_URL or %(default)s, as in mkdocs.yml)")


def _lab_data_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--observations", type=Path, default=None,
                         help="the behaviour lab's observations "
                              "(default: observations.yaml beside the catalog, when it exists)")


def _version() -> str:
    """The installed distribution's version (pyproject.toml's), as pip reports it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface (also used by the docs and tests)."""
    parser = argparse.ArgumentParser(prog="statuskb", description="5xx Field Guide catalog tools.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a catalog; print every problem")
    check.add_argument("path", nargs="?", type=Path, default=shown(DEFAULT_CATALOG),
                       help="catalog file (default: the shipped catalog, %(default)s)")
    check.add_argument("--languages", type=Path, default=None,
                       help="folder of error-page language files to validate too "
                            "(default: the shipped ones, with the shipped catalog)")
    check.set_defaults(run=_check)

    render = commands.add_parser("render", help="write every page the site build would generate")
    render.add_argument("--out", type=Path, required=True, help="folder to write the docs tree into")
    _catalog_option(render)
    render.add_argument("--content", type=Path, default=Path("content"),
                        help="hand-written pages to copy alongside (default: content)")
    render.add_argument("--config", type=Path, default=None,
                        help="where to write the MkDocs settings a plain build needs (not_in_nav) "
                             "(default: OUT.mkdocs.yml beside the folder)")
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
        sub.add_argument("--observations", type=Path, default=shown(DEFAULT_OBSERVATIONS),
                         help="observations file (default: the shipped one, %(default)s)")
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
    lab_schema.add_argument("--out", type=Path, default=shown(DEFAULT_OBSERVATIONS.parent / OBSERVATIONS_SCHEMA_NAME),
                            help="where to write it (default: %(default)s)")
    lab_schema.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    lab_schema.set_defaults(run=_lab_schema)

    diagnose = commands.add_parser("diagnose", help="request a URL once and say which hop produced the error")
    diagnose.add_argument("url", help="the address that fails, such as https://example.org/page")
    diagnose.add_argument("--timeout", type=seconds, default=10.0,
                          help="seconds for the whole request, above 0 (default: %(default)s)")
    _catalog_option(diagnose)
    _site_url_option(diagnose, "site address for the links")
    diagnose.set_defaults(run=_diagnose)

    pages = commands.add_parser("error-pages", help="write the error pages, their configurations and the zip, "
                                "optionally in your brand")
    _catalog_option(pages)
    pages.add_argument("--brand", type=Path, default=None, help="brand file (YAML: name, logo, colours, links)")
    pages.add_argument("--languages", type=Path, default=DEFAULT_ERROR_PAGE_LANGUAGES,
                       help="folder of language files (default: %(default)s)")
    pages.add_argument("--out", type=Path, required=True, help="folder to write error-pages/ and the zip into")
    _site_url_option(pages, "site address for the problem details' `type` links")
    pages.set_defaults(run=_error_pages)

    schema = commands.add_parser("schema", help="write the editors' JSON Schema generated from the model")
    schema.add_argument("--out", type=Path, default=shown(DEFAULT_CATALOG.parent / SCHEMA_FILE_NAME),
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
