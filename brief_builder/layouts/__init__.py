"""Layouts: a name -> the Layout it stands for (theme, labels, templates and files), with inheritance.

``loader`` finds and loads a layout, ``theme`` is the one table of theme values every format
reads, ``templates`` the Jinja environment over a layout's folders. This module only says
where the built-in layouts are, so that knowing it costs no import.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
PACKAGED_LAYOUTS = _HERE / "builtin"
"""Where an installed wheel holds the built-in layouts (the repository's ``layouts/``, copied)."""
CHECKOUT_LAYOUTS = _HERE.parent.parent / "layouts"
"""The repository's top-level ``layouts/``, used when running from a checkout."""
BUILTIN_LAYOUTS = PACKAGED_LAYOUTS if PACKAGED_LAYOUTS.is_dir() else CHECKOUT_LAYOUTS
"""The folder of the built-in layouts (``policy-brief``, ``event-summary``, ``site``)."""
