"""`statuskb`: check the catalog, render the site's generated pages, write the schema.

Exit status: 0 success, 1 invalid input (every problem printed, one per line, as
PATH:LINE:COL: field: message), 2 usage errors (argparse's convention).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .catalog import DEFAULT_CATALOG, load_catalog
from .problems import ProblemsFound
from .schema import SCHEMA_FILE_NAME, catalog_schema_text


def _check(args: argparse.Namespace) -> int:
    load_catalog(args.path, str(args.path))
    return 0


def _render(args: argparse.Namespace) -> int:
    from .plan import plan_site
    from .render_out import write_docs_dir

    catalog = load_catalog(args.catalog, str(args.catalog))
    plan = plan_site(catalog)
    written = write_docs_dir(plan, args.content, args.out)
    print(f"wrote {written} pages to {args.out}")
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


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface (also used by the docs and tests)."""
    parser = argparse.ArgumentParser(prog="statuskb", description="5xx Field Guide catalog tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a catalog; print every problem")
    check.add_argument("path", nargs="?", type=Path, default=DEFAULT_CATALOG,
                       help=f"catalog file (default: {DEFAULT_CATALOG})")
    check.set_defaults(run=_check)

    render = commands.add_parser("render", help="write every page the site build would generate")
    render.add_argument("--out", type=Path, required=True, help="folder to write the docs tree into")
    render.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG,
                        help=f"catalog file (default: {DEFAULT_CATALOG})")
    render.add_argument("--content", type=Path, default=Path("content"),
                        help="hand-written pages to copy alongside (default: content)")
    render.set_defaults(run=_render)

    schema = commands.add_parser("schema", help="write the editors' JSON Schema generated from the model")
    schema.add_argument("--out", type=Path, default=DEFAULT_CATALOG.parent / SCHEMA_FILE_NAME,
                        help="where to write it (default: %(default)s)")
    schema.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `statuskb` console script."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except ProblemsFound as invalid:
        print(invalid.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
