"""Build hook: the repository's top-level ``layouts/`` -> the package's ``brief_builder/layouts/builtin/``.

Everything else about the package is declared in pyproject.toml. The layouts (templates,
stylesheets, fonts and their licence, the downloads page) stay at the top of the repository,
where people edit them; a wheel carries a copy, which ``brief_builder.layouts.BUILTIN_LAYOUTS``
finds. An editable install copies nothing: the package then reads the checkout's ``layouts/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LAYOUTS = Path(__file__).resolve().parent / "layouts"
PACKAGED = ("brief_builder", "layouts", "builtin")


class BuildWithLayouts(build_py):
    """``build_py`` that also copies ``layouts/`` (all of it, nothing left from an earlier build)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib, *PACKAGED)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(LAYOUTS, target, ignore=shutil.ignore_patterns("__pycache__", ".*"))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        target = Path(self.build_lib, *PACKAGED)
        copied = [str(target / path.relative_to(LAYOUTS)) for path in LAYOUTS.rglob("*") if path.is_file()]
        return [*super().get_outputs(include_bytecode), *copied]


setup(cmdclass={"build_py": BuildWithLayouts})
