"""Tests of the HTML renderer: structure, headings, links, tables, escaping, themes, layouts."""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import extending_layout

from brief_builder.errors import ProblemsError
from brief_builder.layouts.loader import Layout, load_layout
from brief_builder.outline import Outline, Run
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.html import css_string, link_groups, render, render_html
from tests.sample_outline import sample_outline, with_paragraph

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %} & "quoted"'


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parents: tuple[str, ...] = ()


@dataclass
class Page(HTMLParser):
    """The elements of an HTML page in document order, each with its text content."""

    elements: list[Element] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)

    VOID = frozenset({"meta", "link", "img", "br", "hr", "input"})

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parents = tuple(e.tag for e in self._open)
        element = Element(tag, {k: v or "" for k, v in attrs}, parents=parents)
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        """Elements ``tag`` with these attributes; ``class_`` matches one class among several."""
        return [
            e
            for e in self.elements
            if e.tag == tag and all(_has(e, name, value) for name, value in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]


def _has(element: Element, name: str, value: str) -> bool:
    if name == "class_":
        return value in element.attrs.get("class", "").split()
    return element.attrs.get(name) == value


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def text_of(element: Element) -> str:
    return " ".join(element.text.split())


@pytest.fixture(scope="module")
def html(outline: Outline, layout: Layout) -> str:
    return render(outline, layout, RenderOptions()).data.decode("utf-8")


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return parse(html)


def with_meta(outline: Outline, **changes: object) -> Outline:
    return outline.model_copy(update={"meta": outline.meta.model_copy(update=changes)})


def test_render_returns_utf8_html_page(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert html.rstrip().endswith("</html>")


def test_page_has_language_title_and_metadata(page: Page, outline: Outline) -> None:
    assert page.find("html").attrs["lang"] == "en"
    assert text_of(page.find("title")) == outline.meta.title
    assert page.find("meta", name="author").attrs["content"] == "Luc Schmerber"
    assert page.find("meta", name="description").attrs["content"] == "A policy brief"
    assert page.find("meta", name="keywords").attrs["content"] == "SME, internationalisation"
    assert page.find("meta", name="dcterms.created").attrs["content"] == "2021-06-30T00:00:00Z"


def test_page_has_landmarks_and_a_skip_link(page: Page) -> None:
    assert page.find("header")
    assert page.find("nav").attrs["aria-label"] == "Contents"
    assert page.find("main").attrs["id"] == "content"
    assert page.find("footer")
    skip = page.elements[[e.tag for e in page.elements].index("body") + 1]
    assert (skip.tag, skip.attrs["href"], text_of(skip)) == ("a", "#content", "Skip to content")


def test_title_is_the_only_h1(page: Page, outline: Outline) -> None:
    assert [text_of(h) for h in page.find_all("h1")] == [outline.meta.title]


def test_section_headings_follow_the_outline(page: Page, outline: Outline) -> None:
    headings = [
        (int(e.tag[1]) - 1, text_of(e), e.attrs["id"].removesuffix("-title"))
        for e in page.elements
        if e.tag in {"h2", "h3", "h4", "h5", "h6"} and e.attrs.get("class") == "section-title"
    ]
    assert headings == outline.headings()


def test_heading_levels_never_skip(page: Page) -> None:
    levels = [int(e.tag[1]) for e in page.elements if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_sections_carry_anchor_and_role(page: Page) -> None:
    key = page.find("section", id="key-messages")
    assert "role-key-messages" in key.attrs["class"].split()
    ids = {e.attrs["id"] for e in page.find_all("section")}
    assert ids >= {"lessons", "recommendations", "projects"}


def test_contents_link_to_every_section_down_to_level_three(page: Page, outline: Outline) -> None:
    nav_links = [e.attrs["href"] for e in page.elements if e.tag == "a" and "nav" in e.parents]
    assert nav_links == [f"#{anchor}" for level, _, anchor in outline.headings() if level <= 3]


def test_link_run_becomes_an_anchor(page: Page) -> None:
    link = page.find("a", href="https://example.org")
    assert text_of(link) == "the platform"


def test_consecutive_runs_with_one_target_share_one_link(outline: Outline, layout: Layout) -> None:
    target = "https://example.org/shared"
    brief = with_paragraph(
        outline, Run(text="one ", href=target), Run(text="two", strong=True, href=target), Run(text=" three")
    )
    page = parse(render_html(brief, layout, RenderOptions()))
    links = page.find_all("a", href=target)
    assert len(links) == 1
    assert text_of(links[0]) == "one two"
    assert "strong" in [e.tag for e in page.elements if "a" in e.parents and e.text == "two"]


def test_link_groups_split_on_target_change() -> None:
    runs = [
        Run(text="a", href="https://x"),
        Run(text="b", href="https://x"),
        Run(text="c"),
        Run(text="d", href="https://y"),
    ]
    assert [(g.href, len(g.runs)) for g in link_groups(runs)] == [
        ("https://x", 2),
        (None, 1),
        ("https://y", 1),
    ]


def test_unsafe_link_targets_are_shown_as_text(outline: Outline, layout: Layout) -> None:
    brief = with_paragraph(
        outline,
        Run(text="passwords", href="file:///etc/passwd"),
        Run(text=" and "),
        Run(text="script", href="javascript:alert(1)"),
    )
    html = render_html(brief, layout, RenderOptions())
    assert "passwords and script" in html
    assert "file:///etc/passwd" not in html
    assert "javascript:" not in html


def test_table_header_is_the_block_columns(page: Page) -> None:
    table = page.find("table")
    assert "table" in table.attrs["class"].split()
    header = [text_of(e) for e in page.elements if e.tag == "th" and "thead" in e.parents]
    assert header == ["Acronym", "Title", "Programme", "Website"]


def test_table_row_is_title_then_the_fact_of_each_column(page: Page) -> None:
    cells = [text_of(e) for e in page.elements if e.tag in {"th", "td"} and "tbody" in e.parents]
    assert cells == ["SCALE UP", "Scaling up SMEs", "Interreg Europe", "scale-up"]
    assert text_of(page.find("a", href="https://example.org/scale-up")) == "scale-up"


def test_practice_box_shows_title_body_facts_and_link(page: Page) -> None:
    box = page.find("article", id="practices-go4export")
    assert "box" in box.attrs["class"].split()
    assert "GO4EXPORT" in box.text
    assert "Export vouchers for first-time exporters." in text_of(box)
    assert "Project: SCALE UP · Location: Lombardy, Italy · Website: example.org" in text_of(box)
    assert text_of(page.find("a", href="https://example.org/go4export")) == "example.org"


def test_recommendation_is_numbered_and_cites_a_note(page: Page) -> None:
    item = page.find("li", class_="numbered-item")
    assert "ol" in item.parents
    assert "Tailor support to the firm's export maturity" in item.text
    assert "Audience" in item.text
    ref = page.find("a", href="#note-1")
    assert text_of(ref) == "1" and "sup" in ref.parents
    note = page.find("li", id="note-1")
    assert text_of(note) == "GO4EXPORT"
    assert page.find("a", href="#practices-go4export")


def test_list_item_without_title_shows_its_body(page: Page) -> None:
    insights = page.find("section", id="insights")
    assert "The pandemic hit many businesses hard." in text_of(insights)


def test_source_text_is_escaped_and_never_evaluated(outline: Outline, layout: Layout) -> None:
    brief = with_paragraph(with_meta(outline, title=HOSTILE), Run(text=HOSTILE))
    html = render_html(brief, layout, RenderOptions())
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "{% if true %}x{% endif %}" in html
    assert "49" not in re.sub(r"data:[^\"')]+", "", html)  # (the inlined fonts' base64 may hold "49")
    page = parse(html)
    assert text_of(page.find("h1")) == HOSTILE
    assert text_of(page.find("section", id="extra")) == f"Extra {HOSTILE}"


def test_theme_overrides_reach_the_css(outline: Outline, layout: Layout) -> None:
    html = render_html(with_meta(outline, theme={"primary": "#123456"}), layout, RenderOptions())
    assert "--primary: #123456;" in html
    assert "--accent: #e2a400;" in html
    assert '--font-body: "Source Sans 3";' in html


def test_theme_value_that_could_escape_the_css_is_refused(outline: Outline, layout: Layout) -> None:
    brief = with_meta(outline, theme={"primary": "red; } body { display: none", "margin": "1cm"})
    with pytest.raises(ProblemsError) as caught:
        render_html(brief, layout, RenderOptions())
    [problem] = caught.value.problems
    assert str(problem).startswith(
        "sources/briefs/sample.yaml:1: theme.primary: expected a colour such as #1f3a68"
    )


def test_labels_of_the_brief_override_the_layout(outline: Outline, layout: Layout) -> None:
    brief = with_meta(outline, labels={"contents": "In this brief"})
    page = parse(render_html(brief, layout, RenderOptions()))
    assert page.find("nav").attrs["aria-label"] == "In this brief"


def test_french_brief_uses_french_labels_and_date(layout: Layout) -> None:
    page = parse(render_html(sample_outline(language="fr").model_copy(), layout, RenderOptions()))
    assert page.find("html").attrs["lang"] == "fr"
    assert text_of(page.find("time")) == "30 juin 2021"
    assert text_of(page.find("p", class_="notes-title")) == "Sources"


def test_standalone_page_inlines_its_styles_and_logo(page: Page, html: str) -> None:
    assert not page.find_all("link", rel="stylesheet")
    assert "file:" not in html
    assert page.find("img").attrs["src"].startswith("data:image/svg+xml;base64,")
    assert "@media (min-width:" in html


def test_print_page_links_the_layout_stylesheets(outline: Outline, layout: Layout) -> None:
    page = parse(render_html(outline, layout, RenderOptions(), media="print"))
    hrefs = [e.attrs["href"] for e in page.find_all("link", rel="stylesheet")]
    assert [Path(h).name for h in hrefs] == ["brief.css", "print.css"]
    assert all(h.startswith("file:///") for h in hrefs)


def test_event_summary_has_compact_title_and_no_contents() -> None:
    layout = load_layout("event-summary")
    outline = sample_outline("event-summary")
    html = render_html(outline, layout, RenderOptions(), media="print")
    page = parse(html)
    assert not page.find_all("nav")
    assert page.find("div", class_="compact-title")
    assert text_of(page.find("h1")) == outline.meta.title
    assert page.find("main").attrs["id"] == "content"
    assert "--primary: #00594f;" in html
    assert [Path(e.attrs["href"]).name for e in page.find_all("link", rel="stylesheet")] == [
        "brief.css",
        "print.css",
        "event-summary.css",
    ]
    assert text_of(page.find("p", class_="kicker")).startswith("Event summary")


def test_layout_extending_another_overrides_one_block(tmp_path: Path, outline: Outline) -> None:
    extending_layout(
        tmp_path / "my-brief",
        '{% block cover %}<h1 class="mine">{{ meta.title }}</h1>{% endblock %}\n',
        settings="theme:\n  accent: '#ff0000'\n",
    )
    layout = load_layout("my-brief", extra=[tmp_path])
    page = parse(render_html(outline, layout, RenderOptions()))
    assert text_of(page.find("h1", class_="mine")) == outline.meta.title
    assert page.find("nav")
    assert page.find("section", id="recommendations")


def test_css_string_cannot_close_its_rule_or_style() -> None:
    quoted = css_string('Page "1" </style> \\ }')
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner
    assert inner == "Page \\22 1\\22  \\3c /style\\3e  \\5c  }"


def test_print_page_puts_contents_before_the_sections(outline: Outline, layout: Layout) -> None:
    page = parse(render_html(outline, layout, RenderOptions(), media="print"))
    tags = [(e.tag, e.attrs.get("id")) for e in page.elements if e.tag in {"nav", "section"}]
    assert tags[:2] == [("nav", None), ("section", "key-messages")]


def test_theme_flag_turns_the_contents_off(outline: Outline, layout: Layout) -> None:
    page = parse(render_html(with_meta(outline, theme={"toc": "false"}), layout, RenderOptions()))
    assert not page.find_all("nav")


@pytest.mark.parametrize("logo", ["../../../../etc/passwd", "/etc/passwd", ".hidden"])
def test_logo_must_be_a_file_of_the_layout(outline: Outline, layout: Layout, logo: str) -> None:
    with pytest.raises(ProblemsError) as caught:
        render_html(with_meta(outline, theme={"logo": logo}), layout, RenderOptions())
    [problem] = caught.value.problems
    assert str(problem).endswith(
        f"theme.logo: expected a file name in the layout folder such as logo.svg, or nothing, got {logo!r}"
    )


def test_logo_symlinked_out_of_the_layout_is_refused(outline: Outline, tmp_path: Path) -> None:
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / "layout.yaml").write_text("extends: policy-brief\ntheme:\n  logo: mark.svg\n")
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg/>")
    (folder / "mark.svg").symlink_to(secret)
    with pytest.raises(ProblemsError) as caught:
        render_html(outline, load_layout("linked", extra=[tmp_path]), RenderOptions())
    [problem] = caught.value.problems
    assert str(problem).endswith(
        "/linked/layout.yaml: templates: expected a file 'mark.svg' in linked, policy-brief"
    )


def test_brief_without_logo_has_no_image(outline: Outline, layout: Layout) -> None:
    page = parse(render_html(with_meta(outline, theme={"logo": ""}), layout, RenderOptions()))
    assert not page.find_all("img")


def test_facts_are_a_list_of_labelled_values(html: str) -> None:
    (facts,) = re.findall(r'<ul class="facts" role="list">(.*?)</ul>', html, re.S)[:1]
    items = re.findall(r'<li class="fact">(.*?)</li>', facts)
    assert items[0] == '<span class="fact-label">Project:</span> SCALE UP'
    assert items[1].startswith('<span class="fact-separator" aria-hidden="true">&#160;&#160;·&#160; </span>')
    assert "><li" in facts and "\n" not in facts  # no whitespace between the items (a stray PDF list child)


def test_the_web_page_carries_the_brand_font_and_print_leaves_it_to_print_css(
    html: str, outline: Outline, layout: Layout
) -> None:
    faces = re.findall(
        r'@font-face \{ font-family: "Source Sans 3"; font-style: (\w+); font-weight: (\d+);'
        r' font-display: swap; src: url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\)',
        html,
    )
    assert [(style, weight) for style, weight, _ in faces] == [
        ("normal", "400"),
        ("normal", "600"),
        ("normal", "700"),
        ("italic", "400"),
    ]
    assert all(base64.b64decode(data)[:4] == b"wOF2" for _, _, data in faces)
    assert (
        "@font-face" not in render_html(outline, layout, RenderOptions(), media="print").split("</head>")[0]
    )


def test_a_contents_entry_is_a_paragraph_holding_only_its_link(page: Page, html: str) -> None:
    assert (
        '<p class="entry" data-target="#lessons"><a href="#lessons">Lessons from the projects</a> </p>'
        in html
    )
    assert not page.find_all("span", class_="entry-title")


def test_an_empty_theme_value_is_no_custom_property(outline: Outline) -> None:
    html = render_html(outline, load_layout("event-summary"), RenderOptions())
    assert "--logo-docx" not in html and "--toc: false;" in html
