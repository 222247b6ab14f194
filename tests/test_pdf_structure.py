"""The PDF's structure tree read back with pikepdf and pypdfium2: what PDF/UA asks of it, the
post-pass that repairs WeasyPrint's tree, the words a page turn must not break, PDF/A + PDF/UA."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pikepdf
import pytest
from pdf_tags import Tagged, kids, rules_alone_at_page_tops

from brief_builder.layouts.loader import Layout
from brief_builder.outline import Fact, Item, ItemsBlock, Outline, Paragraph, Run, Section, TextBlock
from brief_builder.renderers import RenderOptions
from brief_builder.renderers import pdf as pdf_renderer
from brief_builder.renderers.pdf import internals
from brief_builder.renderers.pdf.engine import HTML
from brief_builder.renderers.pdf.structure import open_pdf, repair, saved
from tests.sample_outline import SRC, para, sample_outline

LONG_WORDS = " ".join(["internationalisation competitiveness"] * 150)


def written(tmp_path: Path, outline: Outline, layout: Layout, name: str = "brief", **options: object) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf_renderer.render(outline, layout, RenderOptions(draft=False, **options)).data)  # type: ignore[arg-type]
    return path


def with_sections(*sections: Section, **meta: object) -> Outline:
    base = sample_outline()
    return Outline(meta=base.meta.model_copy(update=meta), sections=[*base.sections, *sections])


def section(title: str, anchor: str, *blocks: TextBlock | ItemsBlock) -> Section:
    return Section(title=title, anchor=anchor, level=1, blocks=list(blocks), source=SRC)


def projects(count: int) -> ItemsBlock:
    items = [
        Item(
            kind="projects",
            id=f"p{n}",
            title=f"PROJECT{n}",
            facts=[
                Fact(label="Title", text=f"Project number {n} on the internationalisation of small firms"),
                Fact(label="Programme", text="Interreg Europe" if n % 2 else "URBACT"),
            ],
            source=SRC,
        )
        for n in range(count)
    ]
    return ItemsBlock(
        kind="projects", display="table", columns=["Acronym", "Title", "Programme"], items=items, source=SRC
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, layout: Layout) -> Tagged:
    """The sample outline (every block kind) with a paragraph long enough to cross a page turn."""
    long = section("Long", "long", TextBlock(content=[para(LONG_WORDS)], source=SRC))
    path = written(tmp_path_factory.mktemp("pdf"), with_sections(long), layout)
    return Tagged.read(path)


# -- the guard on WeasyPrint's internals -----------------------------------------------------


def test_weasyprint_internals_are_those_the_post_pass_knows() -> None:
    """Fails loudly when a WeasyPrint upgrade changes what internals.py wraps: run the tests in
    this file, and adapt internals.py, before raising the pin in pyproject.toml."""
    assert internals.supported() is None
    parameters = tuple(inspect.signature(internals.tags._build_box_tree).parameters)
    assert parameters == internals.BUILD_BOX_TREE_PARAMETERS
    page = HTML(string="<p>x</p>").render().pages[0]
    assert isinstance(page._page_box, internals.boxes.PageBox)


def test_element_keys_stamp_every_element_and_leave_weasyprint_as_it_was() -> None:
    original = internals.tags._build_box_tree
    document = HTML(
        string='<html lang="en"><p>one <a href="#x" aria-label="Named">two</a></p><p id="x">3</p>'
    ).render()
    with internals.element_keys() as elements:
        data = document.write_pdf(pdf_tags=True)
    assert internals.tags._build_box_tree is original
    assert {element.tag for element in elements.values()} >= {"p", "a"}
    pdf = open_pdf(data)
    structure = [e for e in pdf.objects if isinstance(e, pikepdf.Dictionary) and "/S" in e and "/K" in e]
    assert {"/P", "/Link"} <= {e.S for e in structure if "/BBKey" in e}
    (link,) = [e for e in structure if e.S == "/Link"]
    assert str(link.BBName) == "Named"
    repairs = repair(pdf)
    assert repairs.keyed and b"/BBKey" not in saved(pdf) and b"/BBName" not in saved(pdf)


def test_without_the_internals_the_pdf_is_still_written_and_tagged(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, layout: Layout, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(internals, "supported", lambda: "changed")
    tagged = Tagged.read(written(tmp_path, sample_outline(), layout))
    assert tagged.of("/H1") and "changed" in caplog.text


# -- the tree ---------------------------------------------------------------------------------


def test_the_tree_has_what_pdf_ua_asks(sample: Tagged) -> None:
    assert sample.problems() == []


def test_running_heads_and_page_numbers_are_pagination_artifacts(sample: Tagged) -> None:
    artifacts = [m.text for m in sample.marks if m.artifact and m.text.strip()]
    pages = len(sample.pdf.pages)
    assert pages >= 3
    assert sum("Internationalisation of SMEs" in text for text in artifacts) == pages - 1
    assert [t for t in artifacts if t.startswith("Page ")] == [
        f"Page {n} of {pages}" for n in range(2, pages + 1)
    ]
    assert b"/Artifact\n<</Type /Pagination>>\nBDC" in sample.pdf.pages[1].obj.Contents.read_bytes()


def test_one_paragraph_across_pages_is_one_element(sample: Tagged) -> None:
    (long,) = [p for p in sample.of("/P") if "competitiveness internationalisation" in sample.text(p)]
    assert len({page for page, _ in sample.content(long)}) >= 2
    assert len(sample.of("/Part")) == 1
    assert " ".join(sample.text(long).replace("\x02", "").split()).count("competitiveness") == 150


def test_headings_nest_as_the_outline_does(sample: Tagged) -> None:
    h2 = [sample.text(h) for h in sample.of("/H2")]
    assert h2 == [
        "CONTENTS",
        "Key messages",
        "Lessons from the projects",
        "Recommendations",
        "Projects",
        "Long",
    ]
    assert [sample.text(h) for h in sample.of("/H3")] == ["Good practices", "Insights"]
    assert all(sample.parent(h).S == "/Sect" for h in sample.of("/H3"))


def test_list_items_have_a_body_and_facts_are_one_item_each(sample: Tagged) -> None:
    facts = [sample.text(li) for li in sample.of("/LI") if "Location:" in sample.text(li)]
    assert [" ".join(f.split()) for f in facts] == [
        "· Location: Lombardy, Italy"
    ]  # the separator opens the item
    for item in sample.of("/LI"):
        assert [k.S for k in kids(item) if not isinstance(k, int)][-1] == "/LBody"


def test_table_header_cells_have_their_scope(sample: Tagged) -> None:
    scopes = {sample.text(cell).strip(): str(cell.A.Scope) for cell in sample.of("/TH")}
    assert scopes == {
        "Acronym": "/Column",
        "Title": "/Column",
        "Programme": "/Column",
        "Website": "/Column",
        "SCALE UP": "/Row",
    }


def test_the_logo_is_a_figure_named_by_the_layouts_label(sample: Tagged, layout: Layout) -> None:
    (figure,) = sample.of("/Figure")
    assert str(figure.Alt) == layout.labels_for("en")["logo_alt"] == "Policy Learning Platform"


def test_links_are_link_elements_described_by_what_they_lead_to(sample: Tagged) -> None:
    owners = sample.owner_of()
    descriptions = {}
    for annotation in sample.annotations():
        assert owners[annotation.objgen].S == "/Link"
        assert int(annotation.F) & 4
        descriptions.setdefault(
            str(annotation.get("/Dest", annotation.get("/A", {}).get("/URI", ""))), set()
        ).add(str(annotation.Contents))
    assert descriptions["note-1"] == {"Source 1: GO4EXPORT"}
    assert descriptions["lessons"] == {"Lessons from the projects"}
    assert descriptions["https://example.org"] == {"the platform"}


def test_a_table_across_pages_is_one_table_with_its_header_once(tmp_path: Path, layout: Layout) -> None:
    outline = with_sections(section("Many", "many", projects(60)))
    tagged = Tagged.read(written(tmp_path, outline, layout))
    (table,) = [t for t in tagged.of("/Table") if "PROJECT59" in tagged.text(t)]
    groups = [k.S for k in kids(table)]
    assert groups.count("/THead") == 1 and groups.count("/TBody") == 1
    assert len({page for page, _ in tagged.content(table)}) >= 2
    repeated = [m for m in tagged.marks if m.artifact and m.text.strip() == "Acronym"]
    assert len(repeated) == len({page for page, _ in tagged.content(table)}) - 1
    assert tagged.problems() == []


# -- typography: no word broken by a page turn -----------------------------------------------------


def test_no_word_breaks_across_a_page_turn(
    tmp_path: Path, layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = with_sections(section("Long", "long", TextBlock(content=[para(LONG_WORDS)], source=SRC)))
    monkeypatch.setattr(pdf_renderer, "MAX_LAYOUTS", 1)
    once = Tagged.read(written(tmp_path, outline, layout, "once"))
    assert once.page_end_problems(), "the test brief no longer hyphenates at a page end"
    monkeypatch.undo()
    tagged = Tagged.read(written(tmp_path, outline, layout, "again"))
    assert tagged.page_end_problems() == []


def test_a_rule_never_stands_alone_at_the_head_of_a_page(tmp_path: Path, layout: Layout) -> None:
    recommendations = [
        Item(
            kind="recommendations",
            id=f"r{n}",
            title=f"Recommendation {n}",
            body=[para(" ".join(["Regional authorities should act."] * 12))],
            source=SRC,
        )
        for n in range(14)
    ]
    block = ItemsBlock(kind="recommendations", display="numbered", items=recommendations, source=SRC)
    path = written(tmp_path, with_sections(section("Many recommendations", "many", block)), layout)
    assert rules_alone_at_page_tops(path, Tagged.read(path)) == []


# -- variants ---------------------------------------------------------------------------------------


def xmp(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        return pdf.Root.Metadata.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("variant", "pdfa", "pdfua"),
    [
        ("pdf/ua-1", False, True),
        ("pdf/a-3u", True, False),
        ("pdf/a-3u+ua-1", True, True),
        ("none", False, False),
    ],
)
def test_each_variant_claims_what_it_is_and_is_tagged(
    variant: str, pdfa: bool, pdfua: bool, tmp_path: Path, layout: Layout
) -> None:
    path = written(tmp_path, sample_outline(), layout, pdf_variant=variant)
    with pikepdf.open(path) as pdf:
        packet = pdf.Root.Metadata.read_bytes().decode() if "/Metadata" in pdf.Root else ""
        assert "/StructTreeRoot" in pdf.Root
        if pdfa:
            assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
    assert bool(re.search(r'pdfaid:part="3"', packet)) == pdfa
    assert bool(re.search(r'pdfuaid:part="1"|<pdfuaid:part>1<', packet)) == pdfua
    assert packet.count("<rdf:RDF") <= 1
    if pdfa and pdfua:
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in packet
    assert Tagged.read(path).problems() == []


def test_pdf_a_with_pdf_ua_is_byte_reproducible(layout: Layout) -> None:
    options = RenderOptions(draft=False, pdf_variant="pdf/a-3u+ua-1")
    assert (
        pdf_renderer.render(sample_outline(), layout, options).data
        == pdf_renderer.render(sample_outline(), layout, options).data
    )


def test_a_draft_is_one_tree_too(tmp_path: Path, layout: Layout) -> None:
    long = section("Long", "long", TextBlock(content=[Paragraph(runs=[Run(text=LONG_WORDS)])], source=SRC))
    path = tmp_path / "draft.pdf"
    path.write_bytes(pdf_renderer.render(with_sections(long), layout, RenderOptions(draft=True)).data)
    tagged = Tagged.read(path)
    assert tagged.problems() == []
    assert any(m.artifact and "DRAFT" in m.text.upper() for m in tagged.marks)
