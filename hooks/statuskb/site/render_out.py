"""Write a complete docs folder to disk: the plan's pages plus the hand-written ones.

The result is exactly what the MkDocs hook feeds the build, so a plain MkDocs (or another
engine) can build it with no hooks: generated pages as Markdown with front matter, and
hand-written pages with their catalog blocks expanded. What the pages cannot say themselves,
which of them stay out of the navigation, goes in a config fragment beside the folder
(`plain_build_config`): without it a plain build lists every code-in-context and comparison
page in every page's navigation, a different (and much slower) site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from statuskb.common.problems import Problem, ProblemsFound, raise_if_any
from statuskb.site.plan import SitePlan, collisions, hand_written_markdown, navigation


def hand_written_files(content_dir: Path) -> list[Path]:
    """Every file of the hand-written docs folder, in a stable order (none without the folder)."""
    return sorted(path for path in content_dir.rglob("*") if path.is_file()) if content_dir.is_dir() else []


def hand_written_uris(content_dir: Path) -> list[str]:
    """The hand-written files as MkDocs names them (src_uri: relative, with slashes)."""
    return [path.relative_to(content_dir).as_posix() for path in hand_written_files(content_dir)]


def write_docs_dir(plan: SitePlan, content_dir: Path, out_dir: Path) -> int:
    """Fill `out_dir` (created or emptied first); return the number of pages written."""
    hand_written = hand_written_files(content_dir)
    uris = hand_written_uris(content_dir)
    raise_if_any(collisions(plan, uris, str(content_dir)))
    problems: list[Problem] = []
    expanded = {}
    for path, uri in zip(hand_written, uris, strict=True):
        if path.suffix == ".md":
            try:
                expanded[uri] = hand_written_markdown(plan, path.read_text(encoding="utf-8"), uri, str(path))
            except ProblemsFound as found:
                problems.extend(found.problems)
    raise_if_any(problems)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for path in hand_written:
        target = out_dir / path.relative_to(content_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        uri = path.relative_to(content_dir).as_posix()
        if uri in expanded:
            target.write_text(expanded[uri], encoding="utf-8")
        else:
            shutil.copyfile(path, target)
    for page in plan.pages:
        target = out_dir / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for file in plan.files:
        target = out_dir / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(file.content, bytes):
            target.write_bytes(file.content)
        else:
            target.write_text(file.content, encoding="utf-8")
    return len(plan.pages) + len(expanded)


def plain_build_config(plan: SitePlan, docs_dir: str, hand_written: list[str]) -> str:
    """The MkDocs settings that make a plain build of the written folder the hook build's site.

    `nav` is the sidebar by reader task the hook sets (`navigation`); `not_in_nav`
    (gitignore-style, anchored at the docs folder) lists the pages the plan keeps out of the
    navigation; they are still built, linked, searchable and in the sitemap. A config without
    the hook takes it with `INHERIT:` and sets `docs_dir` to the written folder.
    """
    # A literal block, one path a line: src_uris are built from validated ids (no newlines).
    out_of_nav = "".join(f"  /{page.src_uri}\n" for page in plan.pages if not page.in_nav)
    settings = f"not_in_nav: |\n{out_of_nav}" if out_of_nav else ""
    nav = yaml.safe_dump({"nav": navigation(plan, hand_written)}, sort_keys=False, allow_unicode=True)
    return (f"# Written by `statuskb render` with {docs_dir}: add it to a config without the statuskb hook\n"
            f"# (INHERIT: this file, docs_dir: {docs_dir}) to build the same pages and navigation.\n{nav}{settings}")
