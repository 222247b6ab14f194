"""Write the HTML and DOCX versions of the plain-text event summaries in ``summaries/``.

Run from the repository: ``.venv/bin/python tests/roots/import/make_fixtures.py``. The
outputs are committed; the tests only read them. For each ``NAME.txt`` (except those in
HAND_WRITTEN, whose HTML is written by hand):

- ``NAME.html``: ``h1`` title, ``h2`` section headings, nested ``ul``/``ol`` lists, links;
- ``NAME.docx``: made with python-docx in Word's own styles (Title, Heading 1, List Bullet,
  List Bullet 2, List Number), hyperlinks as ``w:hyperlink``;
- ``NAME.lo.docx``: LibreOffice's conversion of ``NAME.html`` without its ``nav`` and
  ``footer`` (direct list numbering on "Body Text" paragraphs, as LibreOffice saves Word files);
- ``seed.lo-txt.docx``: LibreOffice's conversion of the seed's text: no styles at all,
  bullets typed in the text.

The structure is read from the text with this file's own simple rules (the line lists
below), independent of the importer under test.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "summaries"
HEADINGS = {
    "Participants",
    "Insights and takeaway messages",
    "Insights",
    "Key takeaways",
    "Next steps",
    "Resources",
    "Policy Learning Platform resources",
    "Stories:",
    "Agenda",
}
TOPICS_AS_HEADINGS = {"peer-review-graz"}
"""Summaries whose topics are sub-headings (h3, Heading 2) in HTML and DOCX, not bullets."""
HAND_WRITTEN = {"seed"}
"""Summaries whose HTML is written by hand (not generated)."""
URL = re.compile(r"https?://\S+?(?=\)?$)")
BULLET = re.compile(r"^(?P<marker>[•\-\u2013*]|o|\d+\.) (?P<text>.*)$")


def lines_of(name: str) -> list[tuple[str, int, str]]:
    """(kind, level, text) per line: kind is title, heading, subheading, item, numbered or paragraph."""
    result = []
    text = (HERE / f"{name}.txt").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines()):
        if n == 0:
            result.append(("title", 1, line))
        elif line in HEADINGS:
            result.append(("heading", 2, line))
        elif match := BULLET.match(line):
            marker, rest = match.group("marker"), match.group("text")
            if marker == "o" and name in TOPICS_AS_HEADINGS:
                result.append(("subheading", 3, rest))
            elif marker == "o":
                result.append(("item", 2, rest))
            elif marker[0].isdigit():
                result.append(("numbered", 1, rest))
            else:
                result.append(("item", 1, rest))
        elif line.strip():
            result.append(("paragraph", 0, line))
    return result


def split_link(text: str) -> tuple[str, str | None]:
    """``Title (URL)``, ``Title: URL``, ``Title - URL`` -> (title, URL)."""
    match = URL.search(text)
    if not match:
        return text, None
    title = text[: match.start()].rstrip(" (:\u2013")
    return title, match.group(0)


# --- HTML ------------------------------------------------------------------------------


def write_html(name: str) -> None:
    out = ["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">']
    parts = lines_of(name)
    out += [f"<title>{html.escape(parts[0][2])}</title>", "</head>", "<body>"]
    open_lists: list[str] = []

    def close_lists(to: int = 0) -> None:
        while len(open_lists) > to:
            out.append(f"</li></{open_lists.pop()}>")

    for kind, level, text in parts:
        if kind in ("item", "numbered"):
            tag = "ol" if kind == "numbered" else "ul"
            if len(open_lists) >= level:
                close_lists(level)
                out.append("</li>")  # the previous item of this level
            while len(open_lists) < level:
                open_lists.append(tag)
                out.append(f"<{tag}>" if len(open_lists) == level else f"<{tag}><li>")
            out.append(f"<li>{inline(text)}")
            continue
        close_lists()
        if kind == "title":
            out.append(f"<h1>{inline(text)}</h1>")
        elif kind in ("heading", "subheading"):
            out.append(f"<h{level}>{inline(text)}</h{level}>")
        else:
            out.append(f"<p>{inline(text)}</p>")
    close_lists()
    out += ["</body>", "</html>"]
    (HERE / f"{name}.html").write_text("\n".join(out) + "\n", encoding="utf-8")


def inline(text: str) -> str:
    title, url = split_link(text)
    if url is None:
        return html.escape(text, quote=False)
    return f'<a href="{html.escape(url)}">{html.escape(title, quote=False)}</a>'


# --- DOCX ------------------------------------------------------------------------------


def write_docx(name: str) -> None:
    from docx import Document

    document = Document()
    for kind, level, text in lines_of(name):
        style = {
            "title": "Title",
            "heading": "Heading 1",
            "subheading": "Heading 2",
            "numbered": "List Number",
            "paragraph": None,
        }.get(kind, "List Bullet" if level == 1 else "List Bullet 2")
        paragraph = document.add_paragraph(style=style)
        title, url = split_link(text)
        if url is None:
            paragraph.add_run(text)
        else:
            add_hyperlink(paragraph, title, url)
    document.core_properties.title = lines_of(name)[0][2]
    document.save(HERE / f"{name}.docx")


def add_hyperlink(paragraph: object, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    part = paragraph.part  # type: ignore[attr-defined]
    rel_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)  # type: ignore[attr-defined]


def libreoffice(source: Path, target: Path, filter_name: str) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to write the .lo.docx fixtures")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                filter_name,
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.move(Path(folder) / f"{source.stem}.docx", target)


def main() -> None:
    for path in sorted(HERE.glob("*.txt")):
        name = path.stem
        if name not in HAND_WRITTEN:
            write_html(name)
        write_docx(name)
        with tempfile.TemporaryDirectory() as folder:
            # A page's navigation and footer are not the summary: LibreOffice gets the article.
            page = (HERE / f"{name}.html").read_text(encoding="utf-8")
            article = re.sub(r"<(nav|footer)\b.*?</\1>", "", page, flags=re.DOTALL)
            (Path(folder) / f"{name}.html").write_text(article, encoding="utf-8")
            libreoffice(Path(folder) / f"{name}.html", HERE / f"{name}.lo.docx", "docx:MS Word 2007 XML")
        print(f"wrote {name}.html, {name}.docx, {name}.lo.docx")
    libreoffice(HERE / "seed.txt", HERE / "seed.lo-txt.docx", "docx:MS Word 2007 XML")
    print("wrote seed.lo-txt.docx")


if __name__ == "__main__":
    main()
