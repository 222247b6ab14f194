"""Tests of the PDF renderer: text, tags, fonts, bookmarks, reproducibility, the URL fetcher."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import extending_layout, needs, run

from brief_builder.errors import UsageError
from brief_builder.layouts.loader import Layout, load_layout
from brief_builder.outline import Outline, Run
from brief_builder.renderers import RenderOptions, pdf
from brief_builder.renderers.pdf import FetchRefusedError, LocalFileFetcher, render
from brief_builder.renderers.pdf import styles as pdf_styles
from brief_builder.renderers.pdf.engine import CSS, HTML, FontConfiguration
from brief_builder.renderers.pdf.styles import take_stylesheets
from tests.sample_outline import sample_outline, with_paragraph


def pdf_info(path: Path) -> dict[str, str]:
    lines = run("pdfinfo", path).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def bookmarks(path: Path) -> list[tuple[int, str]]:
    """``(depth, title)`` of every bookmark in order, depth 1 for the top level."""

    def walk(items: list[dict[str, Any]], depth: int) -> list[tuple[int, str]]:
        found = []
        for item in items:
            found.append((depth, item["title"]))
            found.extend(walk(item.get("kids", []), depth + 1))
        return found

    return walk(json.loads(run("qpdf", "--json", "--json-key=outlines", path))["outlines"], 1)


def link_targets(path: Path) -> list[str]:
    """The ``/URI`` of every link annotation in the PDF."""
    objects = json.loads(run("qpdf", "--json", "--json-key=qpdf", path))["qpdf"][1]
    return [
        o["value"]["/A"]["/URI"].removeprefix("u:")
        for o in objects.values()
        if isinstance(o.get("value"), dict) and "/URI" in o["value"].get("/A", {})
    ]


@pytest.fixture(scope="module")
def pdf_bytes(outline: Outline, layout: Layout) -> bytes:
    """The sample rendered as final: a draft's diagonal watermark (see test_drafts.py) would put
    its letters between the lines pdftotext extracts."""
    return render(outline, layout, RenderOptions(draft=False)).data


@pytest.fixture(scope="module")
def pdf_path(pdf_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(pdf_bytes)
    return path


def test_render_returns_pdf_bytes(pdf_bytes: bytes) -> None:
    assert pdf_bytes.startswith(b"%PDF-")
    assert pdf_bytes.rstrip().endswith(b"%%EOF")


def test_two_renders_are_byte_identical(outline: Outline, layout: Layout, pdf_bytes: bytes) -> None:
    assert render(outline, layout, RenderOptions(draft=False)).data == pdf_bytes


@needs("pdftotext")
def test_text_holds_title_and_every_heading_in_order(pdf_path: Path, outline: Outline) -> None:
    text = " ".join(run("pdftotext", "-layout", pdf_path, "-").split())
    position = text.index(outline.meta.title)
    for _, title, _ in outline.headings():
        position = text.index(title, position + 1)
    assert "Page 2 of 2" in text


@needs("pdfinfo")
def test_pdf_is_tagged_with_metadata(pdf_path: Path, outline: Outline) -> None:
    info = pdf_info(pdf_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == outline.meta.title
    assert info["Author"] == "Luc Schmerber"
    assert info["Subject"] == "A policy brief"
    assert info["Keywords"] == "SME, internationalisation"
    assert info["Page size"].endswith("(A4)")
    assert info["CreationDate"].startswith("Wed Jun 30 00:00:00 2021")


@needs("qpdf")
def test_document_language_is_set(pdf_path: Path) -> None:
    objects = json.loads(run("qpdf", "--json", "--json-key=qpdf", pdf_path))["qpdf"][1]
    catalog = next(
        o["value"]
        for o in objects.values()
        if isinstance(o.get("value"), dict) and o["value"].get("/Type") == "/Catalog"
    )
    assert catalog["/Lang"] == "u:en"


@needs("pdffonts")
def test_every_font_is_embedded_and_bundled(pdf_path: Path) -> None:
    rows = [line.split() for line in run("pdffonts", pdf_path).splitlines()[2:]]
    assert rows
    assert all(row[-5] == "yes" for row in rows), rows
    assert all("Source-Sans-3" in row[0] for row in rows), rows


def test_every_weight_the_layout_uses_has_its_own_static_face() -> None:
    """No weight falls back to a synthesised or neighbouring face, and no face is a variable font."""
    folder = load_layout("policy-brief", []).folders[0]
    css = "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.css")))
    faces = {
        (block["style"], int(block["weight"])): folder / block["src"]
        for block in (
            dict(re.findall(r'(style|weight|src): (?:url\(")?([^";)]+)', body))
            for body in re.findall(r"@font-face\s*\{([^}]*)\}", css)
        )
    }
    used = {int(weight) for weight in re.findall(r"font-weight:\s*(\d+)", css)}
    assert used <= {400, 600, 700}
    for style in ("normal", "italic"):
        for weight in used:
            path = faces[style, weight]
            assert path.is_file(), path
            assert b"fvar" not in path.read_bytes()[:1024], f"{path.name} is a variable font"


@needs("qpdf")
def test_qpdf_finds_no_errors(pdf_path: Path) -> None:
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", pdf_path)


@needs("qpdf")
def test_bookmarks_mirror_the_outline(pdf_path: Path, outline: Outline) -> None:
    assert bookmarks(pdf_path) == [(level, title) for level, title, _ in outline.headings()]


@needs("pdfinfo")
def test_timestamp_option_sets_the_creation_date(outline: Outline, layout: Layout, tmp_path: Path) -> None:
    path = tmp_path / "dated.pdf"
    path.write_bytes(render(outline, layout, RenderOptions(timestamp=1_700_000_000)).data)
    assert pdf_info(path)["CreationDate"].startswith("Tue Nov 14 22:13:20 2023")


def test_unknown_pdf_variant_is_a_usage_error(outline: Outline, layout: Layout) -> None:
    with pytest.raises(UsageError, match="expected one of pdf/ua-1, pdf/a-3u, pdf/a-3u\\+ua-1, none"):
        render(outline, layout, RenderOptions(pdf_variant="pdf/x"))


@pytest.mark.parametrize(("name", "draft"), [("policy-brief", False), ("event-summary", True)])
def test_stylesheets_handed_over_parsed_give_the_same_pdf_as_linked_ones(
    name: str, draft: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the page's sheets to the user origin, in order, changes no byte of the PDF."""
    outline, layout = sample_outline(name), load_layout(name)
    taken: list[list[Any] | None] = []
    monkeypatch.setattr(
        pdf, "take_stylesheets", lambda *args: taken.append(take_stylesheets(*args)) or taken[-1]
    )
    handed_over = render(outline, layout, RenderOptions(draft=draft)).data
    assert taken[0] and len(taken[0]) >= 4  # theme variables, brief.css, print.css, page rules
    monkeypatch.setattr(pdf, "take_stylesheets", lambda *args: None)
    assert render(outline, layout, RenderOptions(draft=draft)).data == handed_over


def test_a_layout_file_is_parsed_once_per_process_and_again_when_it_changes(
    outline: Outline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = extending_layout(
        tmp_path / "layouts" / "tinted",
        '{% block styles %}{{ super() }}{{ stylesheet("tint.css") }}{% endblock %}\n',
    )
    tint = folder / "tint.css"
    tint.write_text("html { background: #aa0000 }\n")
    parsed: list[str] = []

    def counting_css(**kwargs: Any) -> Any:
        parsed.append(kwargs["base_url"].rsplit("/", 1)[-1])
        return CSS(**kwargs)

    monkeypatch.setattr(pdf_styles, "CSS", counting_css)
    layout = load_layout("tinted", extra=[tmp_path / "layouts"])
    options = RenderOptions(pdf_variant="none")
    first = render(outline, layout, options).data
    assert parsed.count("tint.css") == 1
    assert render(outline, layout, options).data == first
    assert parsed.count("tint.css") == 1
    tint.write_text("html { background: #00aa00 }\n")
    assert render(outline, layout, options).data != first
    assert parsed.count("tint.css") == 2


def test_only_style_sources_leave_the_page(tmp_path: Path) -> None:
    """An attachment link is no stylesheet: WeasyPrint still finds it where it was."""
    page = "<style>p { color: red }</style><link rel='attachment' href='notes.txt'><p>x</p>"
    fetcher = LocalFileFetcher([tmp_path])
    source = HTML(string=page, base_url=tmp_path.as_uri() + "/", url_fetcher=fetcher)
    sheets = take_stylesheets(source, fetcher, FontConfiguration())
    assert sheets is not None and len(sheets) == 1
    assert [element.get("rel") for element in source.etree_element.iter("link")] == ["attachment"]
    assert not list(source.etree_element.iter("style"))


@pytest.mark.parametrize(
    "page",
    [
        "<style>@layer base { p { color: red } }</style><p>x</p>",
        "<style>p { color: red }</style><p style='color: blue !important'>x</p>",
        "<style media='screen'>p { color: red }</style><p>x</p>",
        "<link rel='stylesheet' href='https://example.org/x.css'><p>x</p>",
        "<style>p { color: red }</style><svg><style>circle { fill: red }</style><circle r='1'/></svg>",
        "<link rel='stylesheet' href='style.txt'><p>x</p>",
    ],
)
def test_a_page_whose_cascade_could_change_is_left_to_weasyprint(page: str, tmp_path: Path) -> None:
    (tmp_path / "style.txt").write_text("p { color: red }")
    fetcher = LocalFileFetcher([tmp_path])
    source = HTML(string=page, base_url=tmp_path.as_uri() + "/", url_fetcher=fetcher)
    assert take_stylesheets(source, fetcher, FontConfiguration()) is None
    assert [element.tag for element in source.etree_element.iter() if element.tag in ("style", "link")]


@needs("pdftotext")
def test_event_summary_renders_without_contents(tmp_path: Path) -> None:
    outline = sample_outline("event-summary")
    path = tmp_path / "event.pdf"
    options = RenderOptions(pdf_variant="none")
    path.write_bytes(render(outline, load_layout("event-summary"), options).data)
    text = run("pdftotext", path, "-")
    assert "EVENT SUMMARY" in text  # the kicker is set in capitals
    assert "Contents" not in text
    assert outline.meta.title in text


@needs("pdftotext")
@needs("qpdf")
def test_link_to_a_local_file_is_neither_read_nor_linked(
    outline: Outline, layout: Layout, tmp_path: Path
) -> None:
    brief = with_paragraph(
        outline, Run(text="secrets", href="file:///etc/passwd"), Run(text=' <img src="file:///etc/passwd">')
    )
    path = tmp_path / "links.pdf"
    data = render(brief, layout, RenderOptions(pdf_variant="none")).data
    path.write_bytes(data)
    text = run("pdftotext", path, "-")
    assert 'secrets <img src="file:///etc/passwd">' in text
    assert "root:" not in text
    assert "https://example.org" in link_targets(path)
    assert not [uri for uri in link_targets(path) if uri.startswith("file:")]


def test_layout_cannot_make_weasyprint_read_outside_files(
    outline: Outline, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    layouts = tmp_path / "layouts"
    extending_layout(
        layouts / "nosy",
        "{% block cover %}<h1>{{ meta.title }}</h1>"
        f'<img src="{secret.as_uri()}" alt="a"><img src="https://example.org/x.png" alt="b">'
        '<img src="data:image/svg+xml,%3Csvg%2F%3E" alt="c">{% endblock %}\n',
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render(outline, load_layout("nosy", extra=[layouts]), RenderOptions(pdf_variant="none"))
    refused = [r.getMessage() for r in caplog.records if "refused to fetch" in r.getMessage()]
    assert any(str(secret) in message for message in refused)
    assert any("https://example.org/x.png" in message for message in refused)
    assert any("data:image/svg+xml" in message for message in refused)


@pytest.fixture()
def roots(tmp_path: Path) -> tuple[Path, Path]:
    """An allowed folder with a file in it, and a forbidden folder beside it."""
    allowed, forbidden = tmp_path / "allowed", tmp_path / "forbidden"
    allowed.mkdir()
    forbidden.mkdir()
    (allowed / "logo.svg").write_text("<svg/>")
    (forbidden / "secret.txt").write_text("secret")
    return allowed, forbidden


def test_fetcher_reads_a_file_inside_an_allowed_root(roots: tuple[Path, Path]) -> None:
    allowed, _ = roots
    response = LocalFileFetcher([allowed]).fetch((allowed / "logo.svg").as_uri())
    assert response.read() == b"<svg/>"
    assert response.content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        "data:text/plain,hello",
        "file://otherhost/etc/passwd",
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_all_but_local_allowed_files(roots: tuple[Path, Path], url: str) -> None:
    allowed, _ = roots
    with pytest.raises(FetchRefusedError):
        LocalFileFetcher([allowed]).fetch(url)


def test_fetcher_refuses_a_file_outside_the_roots(roots: tuple[Path, Path]) -> None:
    allowed, forbidden = roots
    fetcher = LocalFileFetcher([allowed])
    with pytest.raises(FetchRefusedError, match="outside the allowed folders"):
        fetcher.fetch((forbidden / "secret.txt").as_uri())
    with pytest.raises(FetchRefusedError, match="outside the allowed folders"):
        fetcher.fetch(allowed.as_uri() + "/../forbidden/secret.txt")


def test_fetcher_resolves_symlinks_before_checking(roots: tuple[Path, Path]) -> None:
    allowed, forbidden = roots
    (allowed / "link.txt").symlink_to(forbidden / "secret.txt")
    (allowed / "dir").symlink_to(forbidden)
    fetcher = LocalFileFetcher([allowed])
    for name in ("link.txt", "dir/secret.txt"):
        with pytest.raises(FetchRefusedError, match="outside the allowed folders"):
            fetcher.fetch((allowed / name).as_uri())


def test_fetcher_refuses_a_folder(roots: tuple[Path, Path]) -> None:
    allowed, _ = roots
    with pytest.raises(FetchRefusedError, match="not a file"):
        LocalFileFetcher([allowed]).fetch(allowed.as_uri())


@needs("pdftotext")
def test_page_one_reads_title_contents_then_key_messages(pdf_path: Path) -> None:
    text = run("pdftotext", "-layout", pdf_path, "-")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    order = [
        lines.index(text)
        for text in ("Internationalisation of SMEs", "CONTENTS", "Key messages", "• SMEs are 99% of firms.")
    ]
    assert order == sorted(order)
    assert re.fullmatch(r"Key messages \d", lines[order[1] + 2])
    assert ". ." not in text.split("\f")[0]  # the leaders are drawn, not dots of text read out
    assert "Page" not in text.split("\f")[0]
