"""Build step that pyproject.toml cannot express: the wheel carries the repository's data.

`statuskb` and the MkDocs plugin need the catalog, the lab's observations, the schemas, the
error pages' language files (data/) and the theme overrides (theme_overrides/), which editors
keep at the repository root. The wheel gets copies under statuskb/shipped/, where
`statuskb.common.shipped` looks first; an editable install keeps using the repository's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: The same folders as statuskb.common.shipped.SHIPPED_FOLDERS (a test checks the wheel holds them).
SHIPPED_FOLDERS = ("data", "theme_overrides")


class BuildPyWithShippedFiles(build_py):
    """build_py, plus the shipped folders copied into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the editable package reads the repository's files in place
            return
        target = Path(self.build_lib) / "statuskb" / "shipped"
        for folder in SHIPPED_FOLDERS:
            shutil.copytree(ROOT / folder, target / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildPyWithShippedFiles})
