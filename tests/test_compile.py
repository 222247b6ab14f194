"""End to end: compile the example briefs to every format and read them back as readers do."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, compile_argv

from brief_builder.app.cli import main
from brief_builder.layouts.loader import load_layout
from brief_builder.outline import ItemsBlock, Outline, Paragraph, RichBlock, TextBlock, rich_texts
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import validate
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.view import View

BRIEFS = ("sme-internationalisation", "community-brainstorming-2021-05-20")
INSPECT = REPO.parent / "shared" / "tools" / "inspect-brief"
needs = {
    tool: pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} not installed")
    for tool in ("pdftotext", "pdfinfo", "soffice", "pandoc", "qpdf")
}


@pytest.fixture(scope="module")
def outlines() -> dict[str, Outline]:
    validation = validate(Project(sources=REPO / "sources"))
    assert validation.errors == []
    return {name: c.result.outline for name, c in validation.compiled.items()}


def outline_texts(outline: Outline) -> list[str]:
    """The texts the brief shows, in reading order: headings, paragraphs, item titles and facts, as
    the View decides them (without the columns a table says once in its caption, whose place in the
    reading order differs: first in the HTML source, under the table elsewhere)."""
    view = View.of(outline, load_layout(outline.meta.layout), RenderOptions())
    texts = [outline.meta.title]
    for section in view.outline.walk():
        if section.title:
            texts.append(section.title)
        for block in section.blocks:
            if isinstance(block, TextBlock):
                texts.extend(rich_texts(block.content))
            elif isinstance(block, ItemsBlock):
                columns = view.table(block).columns if block.display == "table" else None
                for item in block.items:
                    if item.title:
                        texts.append(item.title)
                    if block.display != "table":
                        texts.extend(rich_texts(item.body))
                    texts.extend(f.text for f in item.facts if columns is None or f.label in columns)
    return [t for t in texts if _norm(t)]


def _norm(text: str) -> str:
    """Letters and digits only, lowercased: what survives line breaks and hyphenation."""
    return re.sub(r"[^\w]|_", "", text.replace("\u00ad", "")).lower()


def assert_in_order(expected: list[str], document: str) -> None:
    haystack = _norm(document)
    position = 0
    for text in expected:
        found = haystack.find(_norm(text), position)
        assert found >= 0, f"not found in order after position {position}: {text!r}"
        position = found + len(_norm(text))


def test_compile_writes_six_files(compiled: Path) -> None:
    assert sorted(p.name for p in compiled.iterdir()) == sorted(
        f"{brief}.{ext}" for brief in BRIEFS for ext in ("pdf", "docx", "html")
    )


@pytest.mark.parametrize("brief", BRIEFS)
def test_docx_holds_every_block_in_order_with_named_styles(compiled: Path, outlines, brief: str) -> None:
    import docx

    document = docx.Document(str(compiled / f"{brief}.docx"))
    body = "\n".join(_docx_texts(document))
    assert_in_order(outline_texts(outlines[brief]), body)
    styles = {p.style.name: p.text for p in document.paragraphs if p.text.strip()}
    assert "Title" in styles
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    expected = [(f"Heading {min(level, 3)}", title) for level, title, _ in outlines[brief].headings()]
    assert headings == expected
    assert document.core_properties.title == outlines[brief].meta.title


def _docx_texts(document) -> Iterator[str]:
    """Paragraph texts of the body, table cells included, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    for block in document.iter_inner_content():
        if isinstance(block, DocxParagraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from _docx_texts(cell)


@needs["pdftotext"]
@pytest.mark.parametrize("brief", BRIEFS)
def test_pdf_text_holds_every_block_in_order(compiled: Path, outlines, brief: str) -> None:
    text = subprocess.run(
        ["pdftotext", str(compiled / f"{brief}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert_in_order(outline_texts(outlines[brief]), without_running_heads(text, outlines[brief].meta.title))


@needs["pdftotext"]
def test_a_table_and_the_lines_that_introduce_it_are_not_split_one_row_from_the_rest(
    compiled: Path, outlines
) -> None:
    """The projects table of the example once left its first row alone at the foot of page 7."""
    pages = subprocess.run(
        ["pdftotext", str(compiled / f"{BRIEFS[0]}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    table = next(
        block
        for section in outlines[BRIEFS[0]].sections
        for block in section.blocks
        if isinstance(block, ItemsBlock) and block.display == "table"
    )
    # each row reads as its acronym followed by its title cell
    rows = [re.sub(r"\s+", "", item.title + item.facts[0].text) for item in table.items]
    squeezed = [re.sub(r"\s+", "", page) for page in pages]
    holding = [n for n, page in enumerate(squeezed) if any(row in page for row in rows)]
    assert all(any(row in page for page in squeezed) for row in rows)
    assert len(holding) == 1, holding
    assert "Projects working on the topic" in pages[holding[0]]


def without_running_heads(text: str, title: str) -> str:
    """The text without the running headers and footers that interrupt paragraphs at page breaks."""
    text = re.sub(r"Page \d+ of \d+", " ", text)
    lines = [line.strip("\f ") for line in text.splitlines()]
    first = lines.index(title) if title in lines else -1
    return "\n".join(line for n, line in enumerate(lines) if line != title or n == first)


@needs["pdfinfo"]
@pytest.mark.parametrize(("brief", "pages"), [(BRIEFS[0], range(4, 9)), (BRIEFS[1], range(1, 3))])
def test_pdf_metadata_tags_and_length(compiled: Path, outlines, brief: str, pages: range) -> None:
    info = subprocess.run(
        ["pdfinfo", str(compiled / f"{brief}.pdf")], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == outlines[brief].meta.title
    assert fields["Tagged"].strip() == "yes"
    assert int(fields["Pages"]) in pages


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._in_heading = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        if re.fullmatch(r"h[2-6]", tag):
            self._in_heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        if re.fullmatch(r"h[2-6]", tag):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._in_heading:
            self.headings[-1] += data


@pytest.mark.parametrize("brief", BRIEFS)
def test_html_holds_every_block_in_order(compiled: Path, outlines, brief: str) -> None:
    parser = _HTMLText()
    parser.feed((compiled / f"{brief}.html").read_text(encoding="utf-8"))
    assert_in_order(outline_texts(outlines[brief]), " ".join(parser.parts))
    titles = [title for _, title, _ in outlines[brief].headings()]
    body_headings = [" ".join(h.split()) for h in parser.headings]
    assert [h for h in body_headings if h in titles][-len(titles) :] == titles


@pytest.mark.skipif(
    not INSPECT.exists()
    or any(
        shutil.which(t) is None for t in ("qpdf", "pdfinfo", "pdffonts", "pdftotext", "pandoc", "soffice")
    ),
    reason="inspect-brief or its tools are missing",
)
@pytest.mark.parametrize("brief", BRIEFS)
def test_inspect_brief_passes(compiled: Path, brief: str) -> None:
    result = subprocess.run(
        [str(INSPECT), str(compiled / f"{brief}.pdf"), str(compiled / f"{brief}.docx")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_failed_compile_leaves_earlier_outputs_untouched(minimal: Path, write, tmp_path: Path) -> None:
    output = tmp_path / "out"
    assert main(compile_argv(str(minimal), str(output), "event", formats="html")) == 0
    before = (output / "event.html").read_bytes()
    write(
        "briefs/event.yaml",
        "title: Changed\nlayout: event-summary\nsections:\n  - title: A\n"
        "    include: practices\n    min: 10\n",
    )
    assert main(compile_argv(str(minimal), str(output), "event", formats="html")) == 1
    assert (output / "event.html").read_bytes() == before
    assert sorted(p.name for p in output.iterdir()) == ["event.html"]


def _pdf_objects(path: Path) -> list[dict]:
    data = subprocess.run(
        ["qpdf", "--json", "--json-key=qpdf", str(path)], capture_output=True, text=True, check=True
    ).stdout
    objects = json.loads(data)["qpdf"][1].values()
    return [o["value"] for o in objects if isinstance(o, dict) and isinstance(o.get("value"), dict)]


def _outline_hrefs(outline: Outline) -> set[str]:
    hrefs: set[str] = set()

    def runs(blocks: list[RichBlock]) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                hrefs.update(run.href for run in block.runs if run.href)
            else:
                for item in block.items:
                    runs(item)

    for section in outline.walk():
        for block in section.blocks:
            if isinstance(block, TextBlock):
                runs(block.content)
            elif isinstance(block, ItemsBlock):
                for item in block.items:
                    runs(item.body)
                    hrefs.update(f.href for f in item.facts if f.href)
                    hrefs.update(c.href for c in item.citations if c.href)
                    if item.url:
                        hrefs.add(item.url)
    return hrefs


@needs["qpdf"]
@pytest.mark.parametrize("brief", BRIEFS)
def test_pdf_structure_language_and_links_follow_the_outline(compiled: Path, outlines, brief: str) -> None:
    objects = _pdf_objects(compiled / f"{brief}.pdf")
    (catalog,) = [o for o in objects if o.get("/Type") == "/Catalog"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "u:en"
    links = [o for o in objects if o.get("/Subtype") == "/Link"]
    uris = {
        o["/A"]["/URI"].removeprefix("u:")
        for o in links
        if isinstance(o.get("/A"), dict) and "/URI" in o["/A"]
    }
    assert uris == _outline_hrefs(outlines[brief])
    internal = [o for o in links if "/Dest" in o or (isinstance(o.get("/A"), dict) and "/D" in o["/A"])]
    if brief == BRIEFS[0]:  # the contents of the policy brief link to every heading
        assert len(internal) >= len(outlines[brief].headings())


@pytest.mark.parametrize("brief", BRIEFS)
def test_every_docx_paragraph_uses_a_named_style_of_the_layout(compiled: Path, brief: str) -> None:
    import docx

    from brief_builder.renderers.docx.styles import STYLE_NAMES

    document = docx.Document(str(compiled / f"{brief}.docx"))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    used = {p.style.name for p in paragraphs}
    assert used <= set(STYLE_NAMES), used - set(STYLE_NAMES)
