"""Tests of ``brief review``: a compiled DOCX edited as reviewers do (python-docx, raw XML, a LibreOffice
re-save) reads back as edits at source fields, and ``--apply`` writes exactly those fields."""

from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import pytest
from conftest import REPO, compile_argv, needs, pdf_text
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from ruamel.yaml import YAML

from brief_builder.app.cli import main
from brief_builder.review.docx import read_docx

BRIEF = "sme-internationalisation"
BRIEF_FILE = f"sources/briefs/{BRIEF}.yaml"
WHY = 'sections[2] "Why internationalisation matters".text'
KEY_MESSAGES = 'sections[1] "Key messages".text'
PRACTICE = "sources/practices/go4export.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example sources with the example brief compiled to DOCX in ``output/``."""
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    assert main(compile_argv(tmp_path / "sources", tmp_path / "output", BRIEF, formats="docx")) == 0
    return tmp_path


def review(project: Path, capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["review", *(str(a) for a in args), "--sources", str(project / "sources")])
    out, err = capsys.readouterr()
    return code, out, err


def edited(project: Path, change: Callable[[docx.document.Document], None], name: str = "reviewed") -> Path:
    """The compiled DOCX changed by ``change`` and saved as ``name.docx`` beside it."""
    document = docx.Document(str(project / "output" / f"{BRIEF}.docx"))
    change(document)
    path = project / "output" / f"{name}.docx"
    document.save(str(path))
    return path


def paragraph(document: docx.document.Document, start: str) -> Paragraph:
    """The first paragraph starting with ``start``, in the body or in a table cell."""
    found = (Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p")))
    return next(p for p in found if p.text.startswith(start))


def replace_word(document: docx.document.Document, start: str, old: str, new: str) -> None:
    """Change ``old`` to ``new`` in the first run holding it of a paragraph starting with ``start``
    (the contents' entries, whose runs are links, are passed over)."""
    found = (Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p")))
    runs = (r for p in found if p.text.startswith(start) for r in p.runs if old in r.text)
    run = next(runs)
    run.text = run.text.replace(old, new)


def tracked(kind: str, text: str, author: str = "Ben Tracker") -> OxmlElement:
    """A ``w:ins`` or ``w:del`` holding one run of ``text``."""
    change = OxmlElement(f"w:{kind}")
    change.set(qn("w:id"), "9001" if kind == "ins" else "9002")
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), "2026-01-02T10:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t" if kind == "ins" else "w:delText")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    change.append(run)
    return change


def reviewer_edits(document: docx.document.Document) -> None:
    """A plain edit, a tracked insertion and deletion, a comment and a new paragraph."""
    replace_word(document, "Yet SMEs remain", "underrepresented", "under-represented")
    covers = paragraph(document, "Internationalisation covers")
    covers.runs[-1]._r.addnext(tracked("ins", " Tracked addition."))
    run = next(r for r in covers.runs if "exporting and importing" in r.text)
    before, _, after = run.text.partition("exporting and importing, ")
    run.text = before
    run._r.addnext(tracked("del", "exporting and importing, "))
    tail = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text, _ = after, t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    tail.append(t)
    run._r.getnext().addnext(tail)
    document.add_comment(
        paragraph(document, "Yet SMEs remain").runs[0], text="Source?", author="Ana Reviewer"
    )
    new = OxmlElement("w:p")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "A paragraph the reviewer typed."
    r.append(t)
    new.append(r)
    paragraph(document, "Yet SMEs remain")._p.addnext(new)


def test_every_text_field_carries_a_hidden_origin(project: Path) -> None:
    path = project / "output" / f"{BRIEF}.docx"
    reading = read_docx(path)
    origins = reading.mapping.origins.values()
    fields = {(o.path, o.field) for o in origins}
    assert (BRIEF_FILE, "title") in fields
    assert (BRIEF_FILE, KEY_MESSAGES) in fields
    assert (PRACTICE, "summary") in fields
    assert all(o.paragraphs and o.fingerprint for o in origins)
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode()
    assert 'w:name="_bb' in body  # hidden bookmarks (Word hides names starting with "_")
    assert "<w:sdt" not in body
    assert reading.edits() == []


def test_an_unchanged_docx_has_no_changes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "output" / f"{BRIEF}.docx"
    code, out, _ = review(project, capsys, path)
    assert (code, out) == (0, f"{path}: no changes\n")


def test_review_reports_each_edit_at_its_field(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = review(project, capsys, edited(project, reviewer_edits))
    where = f"{BRIEF_FILE}:51: {WHY}"
    assert code == 0
    lines = out.splitlines()
    assert f"{where}: changed" in lines
    assert (
        "    Yet SMEs remain [-underrepresented-]{+under-represented+} in international trade. They make up…"
        in lines
    )
    assert f"{where}: tracked insertion by Ben Tracker (2026-01-02T10:00:00Z):  Tracked addition." in lines
    assert (
        f"{where}: tracked deletion by Ben Tracker (2026-01-02T10:00:00Z): exporting and importing, " in lines
    )
    assert any(
        line.startswith(f"{where}: comment by Ana Reviewer (") and line.endswith("): Source?")
        for line in lines
    )
    assert (
        f"{where}: text typed after this field, in no source field: A paragraph the reviewer typed." in lines
    )


def test_review_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = review(project, capsys, edited(project, reviewer_edits), "--json")
    edits = json.loads(out)["edits"]
    kinds = sorted(e["kind"] for e in edits)
    assert code == 0
    assert kinds == ["changed", "comment", "deletion", "insertion", "new-text"]
    changed = next(e for e in edits if e["kind"] == "changed")
    assert (changed["path"], changed["line"], changed["field"]) == (BRIEF_FILE, 51, WHY)
    assert "{+under-represented+}" in changed["diff"]


def test_a_docx_brief_builder_did_not_write_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Dear reviewer")
    document.save(str(other))
    code, _, err = review(project, capsys, other)
    assert code == 1
    assert err == (
        f"brief: error: {other}: holds no brief-builder origins: brief compile did not write it (or a"
        " version before brief review did); brief review reads the DOCX files brief compile writes\n"
    )


def scalar_lines(path: Path, field: tuple[str | int, ...]) -> tuple[int, int]:
    """First and last (0-based, exclusive) line of the scalar at ``field`` in ``path``."""
    node = YAML().compose(path.read_text(encoding="utf-8"))
    for part in field:
        node = dict((k.value, v) for k, v in node.value)[part] if isinstance(part, str) else node.value[part]
    text = path.read_text(encoding="utf-8")
    end = node.start_mark.index + len(text[node.start_mark.index : node.end_mark.index].rstrip())
    return node.start_mark.line, text[:end].count("\n") + 1


def assert_only_scalar_changed(before: str, after: Path, field: tuple[str | int, ...]) -> None:
    """Every line of ``after`` outside the scalar at ``field`` is byte for byte a line of ``before``."""
    old, new = before.splitlines(keepends=True), after.read_text(encoding="utf-8").splitlines(keepends=True)
    start, end = scalar_lines(after, field)
    old_end = len(old) - (len(new) - end)
    assert new[:start] == old[:start]
    assert new[end:] == old[old_end:]
    assert new[start:end] != old[start:old_end]


def test_apply_writes_exactly_the_changed_scalars(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief_file, practice = project / BRIEF_FILE, project / PRACTICE
    before, practice_before = brief_file.read_text(encoding="utf-8"), practice.read_bytes()
    others = {p: p.read_bytes() for p in (project / "sources").rglob("*.yaml") if p not in (brief_file,)}
    code, out, _ = review(project, capsys, edited(project, reviewer_edits), "--apply")
    assert code == 0
    assert out.splitlines()[-1] == f"wrote {brief_file}"
    assert_only_scalar_changed(before, brief_file, ("sections", 1, "text"))
    text = brief_file.read_text(encoding="utf-8")
    assert "Yet SMEs remain under-represented in international trade." in text
    assert "large firms. Tracked addition." in text
    assert "exporting and importing, investing" not in " ".join(text.split())
    assert "A paragraph the reviewer typed." not in text  # reported, typed outside any field
    assert practice.read_bytes() == practice_before
    assert all(p.read_bytes() == data for p, data in others.items())
    assert main(["--quiet", "validate", "--sources", str(project / "sources")]) == 0


def test_reject_tracked_keeps_the_original_of_tracked_changes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief_file = project / BRIEF_FILE
    code, _, _ = review(project, capsys, edited(project, reviewer_edits), "--apply", "--reject-tracked")
    text = " ".join(brief_file.read_text(encoding="utf-8").split())
    assert code == 0
    assert "under-represented" in text
    assert "Tracked addition." not in text
    assert "exporting and importing, investing" in text


def bold_and_link(document: docx.document.Document) -> None:
    """The practice's summary: a word made bold; the key messages: a phrase made a link."""
    summary = paragraph(document, "An interactive development programme")
    run = summary.runs[0]
    first, rest = run.text.split(" ", 1)
    run.text = f"{first} "
    bold = summary.add_run("interactive")
    bold.bold = True
    run._r.addnext(bold._r)
    remainder = summary.add_run(rest.removeprefix("interactive"))
    bold._r.addnext(remainder._r)
    message = paragraph(document, "Collective approaches")
    r_id = document.part.relate_to("https://example.org/consortia", RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = message.runs[0]
    head, _, tail = run.text.partition("export consortia")
    run.text = head
    inside = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "export consortia"
    inside.append(t)
    link.append(inside)
    run._r.addnext(link)
    after = message.add_run(tail)
    link.addnext(after._r)


def test_bold_and_links_come_back_as_markdown(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = review(project, capsys, edited(project, bold_and_link), "--apply")
    assert code == 0, out
    practice = (project / PRACTICE).read_text(encoding="utf-8")
    brief = (project / BRIEF_FILE).read_text(encoding="utf-8")
    assert "An **interactive** development programme" in practice
    assert "such as [export consortia](https://example.org/consortia) let" in " ".join(brief.split())
    assert main(["--quiet", "validate", "--sources", str(project / "sources")]) == 0


def test_a_field_changed_since_compile_is_a_conflict(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewed = edited(project, lambda d: (reviewer_edits(d), bold_and_link(d)))
    brief_file, practice = project / BRIEF_FILE, project / PRACTICE
    changed = brief_file.read_text(encoding="utf-8").replace("Yet SMEs remain", "Still, SMEs remain")
    brief_file.write_text(changed, encoding="utf-8")
    practice_before = practice.read_bytes()
    code, _, err = review(project, capsys, reviewed, "--apply")
    assert code == 1
    assert (
        f"{BRIEF_FILE}:51: {WHY}: conflict: changed in the sources since the DOCX was compiled; not written"
        in err
    )
    assert "nothing written: 1 field(s) refused; --partial writes the other 2 fields" in err
    assert brief_file.read_text(encoding="utf-8") == changed
    assert practice.read_bytes() == practice_before
    code, out, _ = review(project, capsys, reviewed, "--apply", "--partial")
    assert code == 1
    assert f"wrote {practice}" in out.splitlines()
    assert "**interactive**" in practice.read_text(encoding="utf-8")
    assert "Still, SMEs remain" in brief_file.read_text(encoding="utf-8")


def test_a_looked_up_name_is_not_written_back(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fact showing a project's acronym (the field holds its id) is refused, not overwritten."""

    def rename_project(document: docx.document.Document) -> None:
        facts = paragraph(document, "Project: UpGradeSME")
        for r in facts.runs:
            if r.text == "UpGradeSME":
                r.text = "UpGrade SME"
                return
        raise AssertionError("no UpGradeSME run")

    code, _, err = review(project, capsys, edited(project, rename_project), "--apply")
    assert code == 1
    assert "not its text; edit it by hand" in err


@needs("soffice")
def test_origins_survive_a_libreoffice_resave(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reviewed = edited(project, reviewer_edits)
    shutil.copy(project / "output" / f"{BRIEF}.docx", project / "output" / "untouched.docx")
    saved = project / "saved"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(project / 'lo-profile').as_uri()}",
            "--convert-to",
            "docx",
            "--outdir",
            str(saved),
            str(reviewed),
            str(project / "output" / "untouched.docx"),
        ],
        capture_output=True,
        check=True,
        timeout=240,
    )
    code, out, _ = review(project, capsys, saved / "untouched.docx")
    assert (code, out) == (0, f"{saved / 'untouched.docx'}: no changes\n")
    code, out, _ = review(project, capsys, saved / "reviewed.docx")
    lines = out.splitlines()
    where = f"{BRIEF_FILE}:51: {WHY}"
    assert f"{where}: changed" in lines
    assert any(line.startswith(f"{where}: tracked insertion by Ben Tracker") for line in lines)
    assert any(line.startswith(f"{where}: comment by Ana Reviewer") for line in lines)
    assert (
        f"{where}: text typed after this field, in no source field: A paragraph the reviewer typed." in lines
    )
    code, _, _ = review(project, capsys, saved / "reviewed.docx", "--apply")
    assert code == 0
    assert "under-represented" in (project / BRIEF_FILE).read_text(encoding="utf-8")


@needs("pdftotext")
def test_a_recompile_shows_the_applied_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert review(project, capsys, edited(project, reviewer_edits), "--apply")[0] == 0
    assert main(compile_argv(project / "sources", project / "output", BRIEF, formats="pdf")) == 0
    text = " ".join(pdf_text(project / "output" / f"{BRIEF}.pdf").split())
    assert "under-represented in international trade" in text


def test_an_edited_output_is_never_overwritten_silently(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx_file = project / "output" / f"{BRIEF}.docx"
    argv = compile_argv(project / "sources", project / "output", BRIEF, formats="docx", quiet=False)
    capsys.readouterr()
    assert main(argv) == 0
    assert "(1 up to date)" in capsys.readouterr().out
    reviewed = edited(project, reviewer_edits)
    shutil.copy(reviewed, docx_file)  # the reviewer's copy put back in output/
    edited_bytes = docx_file.read_bytes()
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert err.splitlines()[-1] == (
        f"brief: error: {docx_file}: changed since brief-builder wrote it; not replaced (read the edits"
        f" with `brief review {docx_file}`, then run again with --overwrite to replace it)"
    )
    assert "Traceback" not in err
    assert "up to date" not in out
    assert docx_file.read_bytes() == edited_bytes
    source = project / PRACTICE  # a change in the sources does not make it replaceable
    source.write_text(
        source.read_text(encoding="utf-8").replace("GO4EXPORT", "GO 4 EXPORT"), encoding="utf-8"
    )
    assert main(argv) == 1
    assert docx_file.read_bytes() == edited_bytes
    capsys.readouterr()
    assert main([*argv, "--overwrite"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {docx_file}" in out
    assert docx_file.read_bytes() != edited_bytes
    assert read_docx(docx_file).edits() == []
    assert main(argv) == 0
    assert "(1 up to date)" in capsys.readouterr().out


def test_a_deleted_output_is_written_again_not_up_to_date(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx_file = project / "output" / f"{BRIEF}.docx"
    argv = compile_argv(project / "sources", project / "output", BRIEF, formats="docx", quiet=False)
    docx_file.unlink()
    capsys.readouterr()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "up to date" not in out
    assert f"wrote {docx_file}" in out
    assert docx_file.is_file()


def word_box(pdf_path: Path, word: str) -> tuple[int, tuple[float, float, float, float]]:
    """The page (0-based) and box (left, bottom, right, top) of the first ``word`` in the PDF."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for number in range(len(document)):
            text_page = document[number].get_textpage()
            hit = text_page.search(word).get_next()
            if hit:
                first, count = hit
                boxes = [text_page.get_charbox(index) for index in range(first, first + count)]
                return number, (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
    finally:
        document.close()
    raise AssertionError(f"{word!r} is not in {pdf_path}")


def test_pdf_annotations_are_placed_at_their_fields(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pikepdf

    assert main(compile_argv(project / "sources", project / "output", BRIEF, formats="pdf")) == 0
    compiled_pdf = project / "output" / f"{BRIEF}.pdf"
    page_number, (left, bottom, right, top) = word_box(compiled_pdf, "underrepresented")
    practice_page, practice_box = word_box(compiled_pdf, "interactive development programme")
    quad = [left, top, right, top, left, bottom, right, bottom]
    with pikepdf.open(compiled_pdf) as pdf:

        def annotation(subtype: str, rect: Sequence[float], **entries: object) -> pikepdf.Object:
            return pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(subtype), Rect=list(rect), **entries
                )
            )

        highlight = annotation(
            "/Highlight",
            [left, bottom, right, top],
            QuadPoints=quad,
            T="Ana",
            Contents="Hyphenate?",
            M="D:20260102100000Z",
        )
        note = annotation("/Text", [20, bottom, 34, top], T="Ben", Contents="Add a source for this")
        struck = annotation("/StrikeOut", [left, bottom, right, top], QuadPoints=quad, T="Cy")
        caret = annotation(
            "/Caret", [right, bottom, right + 5, top], T="Cy", Contents="under-represented", IRT=struck
        )
        on_practice = annotation("/Highlight", practice_box, QuadPoints=quad_of(practice_box), T="Dee")
        pages: dict[int, list[pikepdf.Object]] = {}
        pages.setdefault(page_number, []).extend([highlight, note, struck, caret])
        pages.setdefault(practice_page, []).append(on_practice)
        for number, annotations in pages.items():
            pdf.pages[number].obj.Annots = pdf.make_indirect(pikepdf.Array(annotations))
        annotated = project / "annotated" / f"{BRIEF}.pdf"
        annotated.parent.mkdir()
        pdf.save(annotated)
    code, out, _ = review(project, capsys, annotated)
    where = f"{BRIEF_FILE}:51: {WHY}"
    lines = out.splitlines()
    assert code == 0
    assert f"{where}: highlight by Ana (20260102100000Z) on 'underrepresented': Hyphenate?" in lines
    assert f"{where}: note by Ben: Add a source for this" in lines
    assert f"{where}: replacement by Cy on 'underrepresented' -> 'under-represented'" in lines
    assert f"{PRACTICE}:16: summary: highlight by Dee on 'interactive development programme'" in lines
    assert len(lines) == 4
    code, _, err = review(project, capsys, annotated, "--apply")
    assert code == 2
    assert "--apply reads DOCX files" in err


def quad_of(box: Sequence[float]) -> list[float]:
    left, bottom, right, top = box
    return [left, top, right, top, left, bottom, right, bottom]


def test_a_pdf_brief_builder_did_not_write_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pikepdf

    other = tmp_path / f"{BRIEF}.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(other)
    code, _, err = review(project, capsys, other)
    assert code == 1
    assert f"{other}: was not written by brief compile" in err


def test_a_heading_comes_back_to_its_section_title(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief_file = project / BRIEF_FILE
    before = brief_file.read_text(encoding="utf-8")
    reviewed = edited(project, lambda d: replace_word(d, "Closing thoughts", "thoughts", "remarks"))
    code, out, _ = review(project, capsys, reviewed, "--apply")
    assert code == 0
    line = before.splitlines().index("  - title: Closing thoughts") + 1
    assert f'{BRIEF_FILE}:{line}: sections[7] "Closing thoughts".title: changed' in out.splitlines()
    after = brief_file.read_text(encoding="utf-8")
    assert after == before.replace("  - title: Closing thoughts\n", "  - title: Closing remarks\n")


def test_text_typed_at_the_end_of_a_paragraph_belongs_to_its_field(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Word and LibreOffice put what is typed at the end of a paragraph after its bookmark's end."""

    def append(document: docx.document.Document) -> None:
        target = paragraph(document, "Supporting the internationalisation")
        assert target._p[-1].tag == qn("w:bookmarkEnd")
        target.add_run(" An appended sentence.")

    code, out, _ = review(project, capsys, edited(project, append), "--apply")
    assert code == 0
    lines = out.splitlines()
    assert f"{BRIEF_FILE}:51: {WHY}: changed" in lines
    assert "    … the projects on 20 May 2021.{+ An appended sentence.+}" in lines
    assert not any("no source field" in line for line in lines)
    text = " ".join((project / BRIEF_FILE).read_text(encoding="utf-8").split())
    assert "on 20 May 2021. An appended sentence." in text


def test_apply_json_says_what_was_written_and_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    reviewed = edited(project, lambda d: (reviewer_edits(d), bold_and_link(d)))
    brief_file = project / BRIEF_FILE
    brief_file.write_text(
        brief_file.read_text(encoding="utf-8").replace("Yet SMEs remain", "Still, SMEs remain"),
        encoding="utf-8",
    )
    code, out, _ = review(project, capsys, reviewed, "--apply", "--partial", "--json")
    data = json.loads(out)
    assert code == 1
    assert sorted(data["written"]) == [str(brief_file), str(project / PRACTICE)]  # the key messages' link
    assert data["refused"] == [
        {
            "path": BRIEF_FILE,
            "line": 51,
            "field": WHY,
            "reason": "conflict: changed in the sources since the DOCX was compiled; not written",
        }
    ]


def test_a_file_that_is_no_docx_is_a_clear_error(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "notes.docx"
    fake.write_text("just text", encoding="utf-8")
    code, _, err = review(project, capsys, fake)
    assert code == 1
    assert err.startswith(f"brief: error: {fake}: not a DOCX file that can be read")
    assert "Traceback" not in err


def test_a_paragraph_split_in_two_comes_back_as_two(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Enter inside a field's text: its bookmark now ends in the new paragraph."""

    def split(document: docx.document.Document) -> None:
        first = paragraph(document, "Yet SMEs remain")
        run = first.runs[0]
        head, _, tail = run.text.partition(" Most of those")
        run.text = head
        second = OxmlElement("w:p")
        second.append(copy.deepcopy(first._p.pPr))
        moved = copy.deepcopy(run._r)
        moved.find(qn("w:t")).text = f"Most of those{tail}"
        second.append(moved)
        end = first._p.find(qn("w:bookmarkEnd"))
        first._p.remove(end)
        second.append(end)
        first._p.addnext(second)

    code, out, _ = review(project, capsys, edited(project, split), "--apply")
    assert code == 0
    assert (
        "    … half of all exports and imports.[- -]{+¶+}Most of those that do export …" in out.splitlines()
    )
    data = YAML(typ="safe").load((project / BRIEF_FILE).read_text(encoding="utf-8"))
    paragraphs = data["sections"][1]["text"].split("\n\n")
    assert paragraphs[1].endswith("half of all exports and imports.")
    assert paragraphs[2].startswith("Most of those that do export")


@pytest.mark.parametrize(
    "text",
    [
        "file_name and _x_ *star* [a] `c` back\\slash",
        "12. not a list",
        "- not a list either",
        "# not a heading",
        "> not a quote",
        "plain text",
    ],
)
def test_docx_text_comes_back_as_markdown_that_reads_as_that_text(text: str) -> None:
    from brief_builder.renderers.docx.origins import BodyParagraph, Piece
    from brief_builder.richtext import Paragraph as RichParagraph
    from brief_builder.richtext import to_rich

    blocks = to_rich(BodyParagraph(None, "", [Piece(text)]).text(rich=True))
    assert len(blocks) == 1
    assert isinstance(blocks[0], RichParagraph)
    assert blocks[0].text == text


def test_formatting_comes_back_as_markdown() -> None:
    from brief_builder.renderers.docx.origins import Piece, markdown

    pieces = [
        Piece("An "),
        Piece("interactive ", bold=True),
        Piece("and "),
        Piece("new", italic=True),
        Piece(" "),
        Piece("scheme", href="https://example.org/s"),
        Piece(" with "),
        Piece("code", code=True),
    ]
    assert markdown(pieces) == "An **interactive** and *new* [scheme](https://example.org/s) with `code`"


def test_an_editions_docx_is_reported_but_not_applied_to_the_sources(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief_file = project / BRIEF_FILE
    text = brief_file.read_text(encoding="utf-8")
    text = text.replace("\nlanguage: en\n", "\nlanguage: en\nlanguages: [fr]\n")
    brief_file.write_text(text, encoding="utf-8")
    sources, output = project / "sources", project / "output"
    argv = compile_argv(sources, output, BRIEF, formats="docx", extra=("--language", "fr", "--force"))
    assert main(argv) == 0
    before = {p: p.read_bytes() for p in (project / "sources").rglob("*.yaml")}
    document = docx.Document(str(project / "output" / f"{BRIEF}.fr.docx"))
    replace_word(document, "Yet SMEs remain", "underrepresented", "sous-représentées")
    path = project / "output" / "reviewed.fr.docx"
    document.save(str(path))
    code, out, _ = review(project, capsys, path)
    assert code == 0 and f"{BRIEF_FILE}:" in out and "{+sous-représentées+}" in out
    code, out, err = review(project, capsys, path, "--apply")
    assert code == 1 and "the fr edition of sme-internationalisation" in err
    assert {p: p.read_bytes() for p in (project / "sources").rglob("*.yaml")} == before
