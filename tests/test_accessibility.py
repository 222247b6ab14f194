"""The compiled examples and a brief with every kind of block, as checkers and readers' software see
them: the PDF's tag tree, outloud and pdfua, axe-core on the web page, LibreOffice on the DOCX, and
the typography a designer would sign off. Each checker's test is skipped only when it is absent
(``make check-tools`` installs them; outloud and pdfua come with the test extras)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, libreoffice_pdf, pdf_text
from pdf_tags import Tagged, kids, rules_alone_at_page_tops

EXAMPLES = ("sme-internationalisation", "community-brainstorming-2021-05-20")
ALL = (*EXAMPLES, "every-block")
TOOLS = REPO / ".tools" / "node_modules" / ".bin"
AXE = TOOLS / "axe"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
VENV_BIN = Path(__file__).resolve().parents[1] / ".venv" / "bin"


def tool(name: str) -> str | None:
    """A checker installed with the test extras (in the venv) or on the PATH."""
    local = VENV_BIN / name
    return str(local) if local.exists() else shutil.which(name)


def needs(*names: str) -> pytest.MarkDecorator:
    missing = [name for name in names if tool(name) is None]
    return pytest.mark.skipif(bool(missing), reason=f"{', '.join(missing)} not installed")


@pytest.fixture(scope="module")
def outputs(compiled: Path, every_block: Path) -> dict[str, Path]:
    """Brief id -> the folder its PDF, DOCX and HTML are in."""
    return {**dict.fromkeys(EXAMPLES, compiled), "every-block": every_block}


@pytest.fixture(scope="module")
def tagged(outputs: dict[str, Path]) -> dict[str, Tagged]:
    return {brief: Tagged.read(folder / f"{brief}.pdf") for brief, folder in outputs.items()}


# -- the PDF's tag tree --------------------------------------------------------------------------


@pytest.mark.parametrize("brief", ALL)
def test_the_tag_tree_has_what_pdf_ua_asks(tagged: dict[str, Tagged], brief: str) -> None:
    assert tagged[brief].problems() == []


@pytest.mark.parametrize("brief", ALL)
def test_every_link_is_named_by_what_it_leads_to(tagged: dict[str, Tagged], brief: str) -> None:
    for annotation in tagged[brief].annotations():
        name = str(annotation.Contents)
        assert not re.fullmatch(r"\d+|More information|[a-z]+(-[a-z0-9]+)+", name), name


@needs("outloud")
@pytest.mark.parametrize("brief", ALL)
def test_outloud_finds_no_errors(outputs: dict[str, Path], brief: str, tmp_path: Path) -> None:
    report = tmp_path / "outloud.json"
    pdf = outputs[brief] / f"{brief}.pdf"
    subprocess.run([tool("outloud"), "--json", str(report), str(pdf)], capture_output=True, timeout=300)
    (result,) = json.loads(report.read_text(encoding="utf-8"))["results"]
    errors = [
        f"{f['rule']} p.{f.get('page')}: {f['message']}"
        for f in result["findings"]
        if f["severity"] == "error"
    ]
    assert result["error"] is None and errors == []
    warnings = {f["rule"] for f in result["findings"] if f["severity"] == "warning"}
    assert warnings <= {"HDG-010", "ORD-001"}, warnings  # see README: what the checkers still warn about


@needs("pdfua")
@pytest.mark.parametrize("brief", ALL)
def test_pdfua_finds_no_errors(outputs: dict[str, Path], brief: str) -> None:
    pdf = outputs[brief] / f"{brief}.pdf"
    run = subprocess.run(
        [tool("pdfua"), "check", "--format", "json", str(pdf)], capture_output=True, timeout=300
    )
    report = json.loads(run.stdout)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] == 0, report["findings"]
    # pdfua 0.1.3 skips UA-14-001 on every tagged PDF (its own pikepdf 10 bug); nothing else is skipped
    assert {skip["rule_id"] for skip in report["skipped"]} <= {"UA-14-001"}


# -- the web page in axe-core ---------------------------------------------------------------------


@pytest.mark.skipif(
    not AXE.exists() or shutil.which("chromium") is None or not Path(CHROMEDRIVER).exists(),
    reason="axe-core's CLI, chromium or chromedriver not installed (make check-tools)",
)
def test_axe_finds_no_violations(outputs: dict[str, Path], tmp_path: Path) -> None:
    pages = [f"file://{outputs[brief] / brief}.html" for brief in ALL]
    subprocess.run(
        [
            str(AXE),
            *pages,
            "--chromedriver-path",
            CHROMEDRIVER,
            "--chrome-options=no-sandbox,headless",
            "--save",
            "axe.json",
            "--dir",
            str(tmp_path),
        ],
        capture_output=True,
        timeout=300,
    )
    results = json.loads((tmp_path / "axe.json").read_text(encoding="utf-8"))
    assert [r["url"] for r in results] == pages
    for result in results:
        violations = {v["id"]: [n["target"] for n in v["nodes"]] for v in result["violations"]}
        assert violations == {}, result["url"]
        assert len(result["passes"]) > 20


# -- the DOCX in LibreOffice ------------------------------------------------------------------------


@pytest.mark.skipif(
    any(shutil.which(t) is None for t in ("soffice", "pdffonts", "pdfinfo")),
    reason="needs LibreOffice, poppler",
)
@pytest.mark.parametrize("brief", ALL)
def test_libreoffice_sets_the_docx_in_its_embedded_font(
    outputs: dict[str, Path], brief: str, tmp_path: Path
) -> None:
    """fontconfig shown only DejaVu: Source Sans 3 can only come from the document."""
    document = tmp_path / f"{brief}.docx"
    shutil.copy(outputs[brief] / f"{brief}.docx", document)  # LibreOffice writes its PDF beside it
    pdf = libreoffice_pdf(document, hide_system_fonts=True)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert {"SourceSans3-Regular", "SourceSans3-Bold", "SourceSans3-It"} <= names, names
    pages = re.search(
        r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    )
    if brief in EXAMPLES:  # the DOCX runs to as many pages as the PDF
        assert int(pages.group(1)) == len(Tagged.read(outputs[brief] / f"{brief}.pdf").pdf.pages)


@pytest.mark.skipif(
    not (REPO.parent / "shared" / "tools" / "inspect-brief").exists()
    or any(
        shutil.which(t) is None for t in ("qpdf", "pdfinfo", "pdffonts", "pdftotext", "pandoc", "soffice")
    ),
    reason="inspect-brief or its tools are missing",
)
def test_inspect_brief_passes_on_the_brief_with_every_block(every_block: Path) -> None:
    inspect = REPO.parent / "shared" / "tools" / "inspect-brief"
    result = subprocess.run(
        [str(inspect), str(every_block / "every-block.pdf"), str(every_block / "every-block.docx")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- typography, read back from the PDF ---------------------------------------------------------------


@pytest.mark.parametrize("brief", ALL)
def test_no_word_is_broken_across_a_page_turn(tagged: dict[str, Tagged], brief: str) -> None:
    assert tagged[brief].page_end_problems() == []


@pytest.mark.parametrize("brief", ALL)
def test_a_heading_and_its_intro_stay_with_the_first_box(tagged: dict[str, Tagged], brief: str) -> None:
    tree = tagged[brief]
    checked = 0
    for section in tree.of("/Sect"):
        children = [k for k in kids(section) if not isinstance(k, int) and "/S" in k]
        boxes = [k for k in children if k.S == "/Div" and any(g.get("/S") == "/Art" for g in kids(k))]
        if not boxes or not str(children[0].S).startswith("/H"):
            continue
        first_box = next(g for g in kids(boxes[0]) if g.get("/S") == "/Art")
        heading_pages = {page for page, _ in tree.content(children[0])}
        box_pages = sorted(page for page, _ in tree.content(first_box))
        assert heading_pages == {box_pages[0]}, tree.text(children[0])
        checked += 1
    assert checked or brief == "community-brainstorming-2021-05-20"


@pytest.mark.parametrize("brief", ALL)
def test_no_rule_stands_alone_at_the_head_of_a_page(
    outputs: dict[str, Path], tagged: dict[str, Tagged], brief: str
) -> None:
    assert rules_alone_at_page_tops(outputs[brief] / f"{brief}.pdf", tagged[brief]) == []


@pytest.mark.parametrize("brief", ("sme-internationalisation", "every-block"))
def test_an_items_citations_come_in_order_apart_from_a_trailing_digit(
    outputs: dict[str, Path], tagged: dict[str, Tagged], brief: str
) -> None:
    tree = tagged[brief]
    owners = tree.owner_of()
    names: dict[tuple[int, int], list[str]] = {}
    for annotation in tree.annotations():
        owner = owners.get(annotation.objgen)
        paragraph = (
            next((a for a in tree.ancestors(owner) if a.S == "/P"), None) if owner is not None else None
        )
        if paragraph is not None:
            names.setdefault(paragraph.objgen, []).append(str(annotation.Contents))
    cited = [
        [int(n.split()[1].rstrip(":")) for n in found if n.startswith("Source ")] for found in names.values()
    ]
    cited = [numbers for numbers in cited if numbers]
    assert len(cited) >= 5 and all(numbers == sorted(numbers) for numbers in cited), cited
    text = pdf_text(outputs[brief] / f"{brief}.pdf")
    assert re.search(r"COVID-19\s+\d", text) and not re.search(r"COVID-19\d", text)  # a narrow space apart


def test_a_column_with_one_value_in_every_row_is_the_tables_caption(tagged: dict[str, Tagged]) -> None:
    tree = tagged["sme-internationalisation"]
    (table,) = tree.of("/Table")
    headers = [tree.text(th).strip() for th in tree.of("/TH") if tree.parent(tree.parent(th)).S == "/THead"]
    assert headers == ["Acronym", "Title", "Website"]
    (caption,) = [k for k in kids(table) if k.get("/S") == "/Caption"]
    assert " ".join(tree.text(caption).split()) == "Programme: Interreg Europe"


@pytest.mark.parametrize("brief", ALL)
def test_no_item_links_one_page_twice(outputs: dict[str, Path], brief: str) -> None:
    parser = _ItemLinks()
    parser.feed((outputs[brief] / f"{brief}.html").read_text(encoding="utf-8"))
    assert parser.items > 5
    assert parser.repeated == []


def test_the_event_summary_gives_its_date_once(outputs: dict[str, Path]) -> None:
    brief = "community-brainstorming-2021-05-20"
    assert pdf_text(outputs[brief] / f"{brief}.pdf").count("20 May 2021") == 1
    parser = _VisibleText()
    parser.feed((outputs[brief] / f"{brief}.html").read_text(encoding="utf-8"))
    assert " ".join(parser.parts).count("20 May 2021") == 1


class _ItemLinks(HTMLParser):
    """The links of every item (an element whose id is an item's anchor) that lead to a page twice."""

    ITEM = re.compile(
        r"(practices|recommendations|projects|findings|resources|details|objectives|takeaways)-"
    )

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, list[str] | None]] = []
        self.items = 0
        self.repeated: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("br", "img", "meta", "link", "input"):
            return
        links = [] if self.ITEM.match(values.get("id") or "") else None
        self.items += links is not None
        self.stack.append((tag, links))
        if tag == "a" and values.get("href", "").startswith("http"):
            for _, found in self.stack:
                if found is not None:
                    if values["href"] in found:
                        self.repeated.append(values["href"])
                    found.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script", "title")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)
