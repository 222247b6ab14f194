"""Turn a layout's folders into the sandboxed Jinja environment its templates run in: no way out.

A layout of one's own is untrusted input (briefs compile in CI on pull requests), so every
template, built-in or not, runs in a stricter ``ImmutableSandboxedEnvironment``:

- attributes are read only from the data brief-builder hands over (the fields and methods its
  own classes define), from strings, numbers, dates, lists and dicts (their non-mutating
  methods), and from Jinja's loop, namespace, cycler, joiner and imported templates; never from a function, a
  class, a module, a path or a library's object (``''.__class__``, ``f.__globals__``,
  ``meta.parse_file`` are refused);
- no class is callable but ``dict`` and Jinja's ``namespace``, ``cycler`` and ``joiner``;
- ``*`` and ``**`` refuse results beyond a size that could exhaust memory;
- the loader refuses a template file (included, extended, or the page itself) whose real
  path, symbolic links followed, is outside the layout folders.
"""

from __future__ import annotations

import datetime as dt
import inspect
import operator
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from jinja2 import FileSystemLoader, TemplateError
from jinja2.environment import Environment, TemplateModule
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace

OWN_MODULES = "brief_builder."
"""Classes of these modules are brief-builder's own: their fields and methods are the templates' data."""
PLAIN_TYPES: tuple[type, ...] = (
    *(str, int, float, list, tuple, dict, set, frozenset),
    *(dt.date, dt.time, dt.timedelta),
)
"""Values whose own (non-mutating) methods a template may use; subclasses only through these types."""
JINJA_TYPES: tuple[type, ...] = (LoopContext, Cycler)
CALLABLE_CLASSES = frozenset({dict, Namespace, Cycler, Joiner})
"""The only classes a template may call: ``dict(...)``, ``namespace()``, ``cycler(...)``, ``joiner()``."""
GLOBALS = ("range", "dict", "namespace", "cycler", "joiner")
"""Jinja's globals a template keeps (``lipsum`` is dropped)."""
MAX_SIZE = 1_000_000
"""Largest string or list ``*`` may make, and largest number of digits ``**`` may make."""


_MISSING = object()


class OutsideLayoutError(TemplateError):
    """A template file resolves outside the layout folders (a symbolic link out, say): refused."""


class LayoutSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox that also reads no attribute outside brief-builder's data and plain values."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals = {name: self.globals[name] for name in GLOBALS if name in self.globals}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``, refused before it is read (a property runs no code) unless it is readable."""
        if (
            isinstance(attribute, str)
            and not isinstance(obj, dict)
            and not readable(obj, attribute)
            and inspect.getattr_static(obj, attribute, _MISSING) is not _MISSING
        ):
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(value, ModuleType) or (isinstance(value, type) and value not in CALLABLE_CLASSES):
            return False
        return readable(obj, attr)

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, type):
            return obj in CALLABLE_CLASSES
        return super().is_safe_callable(obj)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            for sequence, count in ((left, right), (right, left)):
                repeated = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                size = len(sequence) * count if repeated else 0
                if size > MAX_SIZE:
                    raise SecurityError(f"'*' would make {size:,} items, above {MAX_SIZE:,}")
            return operator.mul(left, right)
        whole = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
        if whole and right * abs(left).bit_length() > MAX_SIZE * 3.33:  # 3.33 bits a digit
            raise SecurityError(f"'**' would make a number of more than {MAX_SIZE:,} digits")
        return operator.pow(left, right)


def readable(obj: Any, attr: str) -> bool:
    """Whether a template may read ``obj.attr``: brief-builder's own fields and methods, or a plain
    value's methods."""
    if isinstance(obj, Namespace):
        return True
    if isinstance(obj, TemplateModule):  # ``{% import "macros.html.jinja" as m %}``: m's macros
        return attr in vars(obj)
    if isinstance(obj, JINJA_TYPES):
        return hasattr(type(obj), attr)
    for klass in type(obj).__mro__:
        if klass.__module__.startswith(OWN_MODULES) and attr in vars(klass):
            return True
        if klass in PLAIN_TYPES and attr in vars(klass):
            return True
    if type(obj).__module__.startswith(OWN_MODULES):
        fields = getattr(type(obj), "model_fields", None)
        return attr in (fields if isinstance(fields, dict) else getattr(obj, "__dict__", {}))
    return False


class InsideLoader(FileSystemLoader):
    """A file system loader that refuses a template file whose real path is outside ``roots``."""

    def __init__(self, searchpath: Sequence[Path], roots: Sequence[Path]) -> None:
        super().__init__([str(path) for path in searchpath])
        self.roots = tuple(root.resolve() for root in roots)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            candidate = Path(folder, *pieces)
            if os.path.isfile(candidate):
                real = candidate.resolve()
                if not any(real.is_relative_to(root) for root in self.roots):
                    raise OutsideLayoutError(
                        f"refusing the template {template!r}: its file {candidate.name} is a link to a file "
                        "outside the layout folders"
                    )
                break
        return super().get_source(environment, template)
