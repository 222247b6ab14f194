"""Drafts: the DRAFT watermark and the version stamp in PDF, DOCX and HTML, and who decides."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import extending_layout, libreoffice_pdf, needs, run

from brief_builder.layouts.loader import Layout, load_layout
from brief_builder.outline import Outline
from brief_builder.renderers import RenderOptions, Stamp
from brief_builder.renderers import docx as docx_renderer
from brief_builder.renderers import html as html_renderer
from brief_builder.renderers import pdf as pdf_renderer
from brief_builder.renderers.view import stamp_text, watermark_text

STAMP = Stamp(date=dt.date(2026, 11, 28), version="abc1234+dirty")
STAMP_TEXT = "Draft \u00b7 28 November 2026 \u00b7 abc1234+dirty"
DRAFT = RenderOptions(draft=True, stamp=STAMP)
FINAL = RenderOptions(draft=False, stamp=STAMP)
WATERMARK_HEIGHT = 45.0
"""Points: taller words than this are the watermark's (the title is about 40 pt high)."""


@pytest.fixture(scope="module")
def draft_pdf(outline: Outline, layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "draft.pdf"
    path.write_bytes(pdf_renderer.render(outline, layout, DRAFT).data)
    return path


@pytest.fixture(scope="module")
def final_pdf(outline: Outline, layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("final") / "final.pdf"
    path.write_bytes(pdf_renderer.render(outline, layout, FINAL).data)
    return path


def pages_text(path: Path) -> list[str]:
    return run("pdftotext", path, "-").split("\f")[:-1]


def big_words(path: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, ``(x, y, text)`` of the words taller than WATERMARK_HEIGHT, in extraction order."""
    pages: list[list[tuple[float, float, str]]] = []
    for line in run("pdftotext", "-bbox", path, "-").splitlines():
        line = line.strip()
        if line.startswith("<page"):
            pages.append([])
        elif line.startswith("<word"):
            attributes = dict(part.split("=", 1) for part in line[6 : line.index(">")].split())
            box = {key: float(value.strip('"')) for key, value in attributes.items()}
            text = line[line.index(">") + 1 : line.rindex("</word>")]
            if box["yMax"] - box["yMin"] > WATERMARK_HEIGHT:
                pages[-1].append((box["xMin"], box["yMin"], text))
    return pages


# -- what decides ----------------------------------------------------------------------------


def test_the_brief_status_decides_unless_an_option_says_otherwise(outline: Outline) -> None:
    final = outline.model_copy(update={"meta": outline.meta.model_copy(update={"status": "final"})})
    assert outline.meta.status == "draft"
    assert RenderOptions().is_draft(outline.meta) is True
    assert RenderOptions().is_draft(final.meta) is False
    assert RenderOptions(draft=True).is_draft(final.meta) is True
    assert RenderOptions(draft=False).is_draft(outline.meta) is False


def test_stamp_and_watermark_texts_follow_the_labels() -> None:
    assert stamp_text(STAMP, "en", {}) == STAMP_TEXT
    assert stamp_text(Stamp(date=dt.date(2026, 11, 28)), "en", {}) == "Draft \u00b7 28 November 2026"
    french = load_layout("policy-brief").labels_for("fr")
    assert stamp_text(STAMP, "fr", french) == "Projet \u00b7 28 novembre 2026 \u00b7 abc1234+dirty"
    assert watermark_text({}) == "DRAFT"
    assert watermark_text(french) == "PROJET"
    assert watermark_text({"watermark": "BROUILLON"}) == "BROUILLON"


# -- PDF -------------------------------------------------------------------------------------


@needs("pdftotext")
def test_every_pdf_page_has_the_watermark_as_diagonal_text(draft_pdf: Path) -> None:
    """The word is real text; poppler splits diagonal text into pieces, which we join in order."""
    pages = big_words(draft_pdf)
    assert len(pages) >= 2
    for words in pages:
        assert "".join(text for _, _, text in words) == "DRAFT"
        xs = [x for x, _, _ in words]
        ys = [y for _, y, _ in words]
        assert len(words) > 1, "a single horizontal word would not be diagonal"
        assert xs == sorted(xs) and ys == sorted(ys, reverse=True), "rising from bottom left to top right"


@needs("pdftotext")
def test_every_pdf_page_has_the_version_stamp_in_its_footer(draft_pdf: Path) -> None:
    pages = pages_text(draft_pdf)
    assert len(pages) >= 2
    for page in pages:
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        assert any(line.endswith(STAMP_TEXT) for line in lines[-3:]), lines[-3:]


@needs("pdftotext")
def test_a_final_pdf_has_neither_watermark_nor_stamp(final_pdf: Path) -> None:
    assert all(words == [] for words in big_words(final_pdf))
    text = run("pdftotext", final_pdf, "-")
    assert "abc1234" not in text
    assert "Draft" not in text and "DRAFT" not in text


def qdf(data: bytes, folder: Path) -> str:
    """The PDF with its streams uncompressed, as text."""
    path = folder / "in.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode("latin-1")


@needs("qpdf")
def test_the_watermark_is_an_artifact_outside_the_tag_tree(
    outline: Outline, layout: Layout, tmp_path: Path
) -> None:
    """The watermark adds artifacts, and no tagged (MCID) content, to a draft's pages."""
    extending_layout(tmp_path / "layouts" / "plain", "{% block watermark %}{% endblock %}\n")
    plain = load_layout("plain", extra=[tmp_path / "layouts"])
    without = qdf(pdf_renderer.render(outline, plain, DRAFT).data, tmp_path)
    with_watermark = qdf(pdf_renderer.render(outline, layout, DRAFT).data, tmp_path)
    pages = with_watermark.count("/Type /Page\n")
    assert pages >= 2
    assert with_watermark.count("/MCID") == without.count("/MCID")
    assert with_watermark.count("/Artifact") >= without.count("/Artifact") + pages


def test_only_the_generated_watermark_is_served_from_memory(outline: Outline, layout: Layout) -> None:
    generated = html_renderer.generated_files(outline, layout, DRAFT)
    assert list(generated) == [html_renderer.WATERMARK_URL]
    fetcher = pdf_renderer.LocalFileFetcher([], generated)
    response = fetcher.fetch(html_renderer.WATERMARK_URL)
    assert response.content_type == "image/svg+xml"
    assert b">DRAFT</text>" in response.read()
    with pytest.raises(pdf_renderer.FetchRefusedError):
        fetcher.fetch("brief-builder:other.svg")
    assert html_renderer.generated_files(outline, layout, FINAL) == {}


def test_a_draft_pdf_is_reproducible(outline: Outline, layout: Layout) -> None:
    assert (
        pdf_renderer.render(outline, layout, DRAFT).data == pdf_renderer.render(outline, layout, DRAFT).data
    )


# -- HTML ------------------------------------------------------------------------------------


def test_the_web_page_of_a_draft_has_a_hidden_watermark_and_the_stamp(
    outline: Outline, layout: Layout
) -> None:
    page = html_renderer.render(outline, layout, DRAFT).data.decode("utf-8")
    assert (
        '<div class="watermark" aria-hidden="true" style="background-image: url('
        "'data:image/svg+xml;base64," in page
    )
    assert f'<p class="colophon-stamp">{STAMP_TEXT}</p>' in page
    final = html_renderer.render(outline, layout, FINAL).data.decode("utf-8")
    assert '<div class="watermark"' not in final and '<p class="colophon-stamp"' not in final
    assert 'class="badge"' not in final


def test_the_watermark_svg_holds_the_word_as_escaped_text() -> None:
    svg = html_renderer.watermark_svg("<DRAFT & co>")
    assert ">&lt;DRAFT &amp; co&gt;</text>" in svg
    assert 'transform="rotate(-45 50 50)"' in svg
    assert "font-family=\"'Source Sans 3', sans-serif\"" in svg, "a family name with a digit needs quotes"


# -- DOCX ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft_docx(outline: Outline, layout: Layout) -> bytes:
    return docx_renderer.render(outline, layout, DRAFT).data


def part_xml(data: bytes, prefix: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [
            package.read(n).decode("utf-8")
            for n in sorted(package.namelist())
            if n.startswith(f"word/{prefix}")
        ]


def test_every_docx_header_holds_the_watermark_as_text(draft_docx: bytes) -> None:
    headers = part_xml(draft_docx, "header")
    assert len(headers) == 2, "the first page and the others"
    for xml in headers:
        assert xml.count('string="DRAFT"') == 1
        assert "<v:textpath " in xml and "rotation:315" in xml
    ids = [xml.split('<v:shape id="', 1)[1].split('"', 1)[0] for xml in headers]
    assert len(set(ids)) == 2


def test_every_docx_footer_holds_the_version_stamp(draft_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(draft_docx))
    section = document.sections[0]
    for footer in (section.footer, section.first_page_footer):
        pairs = [(p.style.name, p.text) for p in footer.paragraphs]
        assert pairs[0][0] == "Footer" and pairs[0][1].startswith("Page ")
        assert pairs[1] == ("Version Stamp", STAMP_TEXT)
    assert document.core_properties.content_status == "draft"


def test_a_final_docx_has_no_watermark_stamp_or_draft_marks(outline: Outline, layout: Layout) -> None:
    data = docx_renderer.render(outline, layout, FINAL).data
    assert not any("v:textpath" in xml for xml in part_xml(data, "header"))
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert [p.text for p in section.footer.paragraphs] == ["Page 1 of 1"]
    assert section.header.paragraphs[0].text == outline.meta.title
    assert "Draft" not in "\n".join(p.text for p in document.paragraphs)
    assert document.core_properties.content_status == "final"


@needs("soffice")
@needs("pdftotext")
def test_libreoffice_shows_the_stamp_on_every_page(draft_docx: bytes, tmp_path: Path) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(draft_docx)
    pages = pages_text(libreoffice_pdf(source))
    assert pages
    assert all(STAMP_TEXT in " ".join(page.split()) for page in pages)
