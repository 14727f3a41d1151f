"""The one Jinja environment reads every area's templates folder, and no two templates share a name."""

from __future__ import annotations

from collections import Counter

from statuskb.common.templating import TEMPLATE_AREAS, environment
from support import ROOT

CORE = ROOT / "hooks" / "statuskb"


def test_every_templates_folder_is_read() -> None:
    folders = {path.parent.relative_to(CORE).as_posix() for path in CORE.glob("*/templates/*.j2")}
    assert folders == {f"{area}/templates" for area in TEMPLATE_AREAS}


def test_template_names_are_unique_across_areas() -> None:
    names = Counter(path.name for path in CORE.glob("*/templates/*.j2"))
    assert [name for name, count in names.items() if count > 1] == []
    assert set(environment().list_templates()) == set(names)
