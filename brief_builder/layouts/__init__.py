"""Layouts: a name -> the Layout it stands for (theme, labels, templates and files), with inheritance.

``loader`` finds and loads a layout, ``theme`` is the one table of theme values every format
reads, ``templates`` the Jinja environment over a layout's folders. This module only says
where the built-in layouts are and how messages name a layout's files, so that knowing it
costs no import.
"""

from __future__ import annotations

from pathlib import Path

from brief_builder.errors import relative

_HERE = Path(__file__).resolve().parent
PACKAGED_LAYOUTS = _HERE / "builtin"
"""Where an installed wheel holds the built-in layouts (the repository's ``layouts/``, copied by setup.py)."""
CHECKOUT_LAYOUTS = _HERE.parent.parent / "layouts"
"""The repository's top-level ``layouts/``, used when running from a checkout (or an editable install)."""
BUILTIN_LAYOUTS = PACKAGED_LAYOUTS if PACKAGED_LAYOUTS.is_dir() else CHECKOUT_LAYOUTS
"""The folder of the built-in layouts (``policy-brief``, ``event-summary``, ``site``)."""


def shown(path: Path, root: Path) -> str:
    """``path``, a file under the folder of layouts ``root``, as messages name it.

    ``layouts/policy-brief/layout.yaml`` for a folder of layouts of the project (or the
    checkout's), ``brief_builder/layouts/builtin/policy-brief/layout.yaml`` for the built-in
    layouts of an installed package: a path inside the package, not one of the project.
    """
    if root.resolve() == PACKAGED_LAYOUTS:
        return relative(path, _HERE.parent)
    return relative(path, root)
