"""Files the package ships beside its code, found wherever it is installed.

The catalog, the behaviour lab's observations, the schemas, the error pages' language files
(all in data/) and the Material theme overrides (theme_overrides/) are edited in the
repository. A wheel carries copies of both folders under `statuskb/shipped/` (setup.py's build
step puts them there), so `statuskb` and the MkDocs plugin work from any directory; in a
checkout or an editable install there is no such folder and the repository's own files are used.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
#: Where a wheel's copies live (absent in a checkout).
SHIPPED_DIR = _PACKAGE / "shipped"
#: The repository root, when the package runs from hooks/statuskb in a checkout.
_CHECKOUT = _PACKAGE.parent.parent
#: The repository folders a wheel carries (setup.py copies exactly these).
SHIPPED_FOLDERS = ("data", "theme_overrides")


def shipped(relative: str) -> Path:
    """The shipped file or folder at `relative` (a repository path such as 'data/status_codes.yaml')."""
    return (SHIPPED_DIR if SHIPPED_DIR.is_dir() else _CHECKOUT) / relative


def shown(path: Path) -> Path:
    """`path` as a user should see it in messages: relative to the working directory when inside it.

    In the repository root the catalog is `data/status_codes.yaml`, as editors know it; from
    elsewhere it is the installed copy's absolute path, so the message still names a real file.
    """
    try:
        return Path(os.path.relpath(path)) if path.resolve().is_relative_to(Path.cwd().resolve()) else path
    except ValueError:  # another drive (Windows)
        return path
