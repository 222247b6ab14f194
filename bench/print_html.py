"""Turn one brief of a sources folder into the print HTML that brief-builder hands to WeasyPrint.

python bench/print_html.py SOURCES BRIEF OUT.html
"""

from __future__ import annotations

import sys
from pathlib import Path

from brief_builder.pipeline.project import Project
from brief_builder.pipeline.render import with_allowed_roots
from brief_builder.pipeline.validate import validate
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.html import render_html


def main() -> None:
    sources, brief, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    project = Project(sources=sources)
    validation = validate(project, [brief])
    compiled = validation.compiled[brief]
    options = with_allowed_roots(project, validation.compiled, RenderOptions())
    html = render_html(compiled.result.outline, compiled.layout, options, media="print")
    out.write_text(html, encoding="utf-8")


if __name__ == "__main__":
    main()
