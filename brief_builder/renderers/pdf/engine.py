"""Turn ``import weasyprint`` into loading its native libraries by soname, without running a compiler.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying several names per
library: Windows and macOS names first, the Linux soname (``libpango-1.0.so.0``) later.
For every name without a dot cffi asks ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p``, then ``gcc`` and then ``ld`` to look for it: 54 processes and about 0.3 s
of every compile, spent on names that cannot exist on Linux.

On Linux ``find_library`` only ever answers with a soname, which cffi then hands to
``dlopen``, and WeasyPrint's list holds each library's soname as well: so while WeasyPrint
is imported, a ``find_library`` that finds nothing leads to the same libraries, loaded by
the same ``dlopen`` search, without the processes. Elsewhere nothing is changed.
"""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _sonames_only() -> Iterator[None]:
    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


with _sonames_only():
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure import boxes  # private: read by internals.py only
    from weasyprint.pdf import tags as pdf_tags  # private: read by internals.py only
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["CSS", "HTML", "FontConfiguration", "URLFetcher", "URLFetcherResponse", "boxes", "pdf_tags"]
