"""The command line of drafts and CI: --draft, --final, --force, --json, GitHub annotations."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOTS, compile_argv, git, git_project, needs_git

from brief_builder.app.cli import main
from brief_builder.app.reports import github_annotation
from brief_builder.errors import Problem, Severity
from brief_builder.layouts.loader import load_layout
from brief_builder.lint import Subject, lint, settings_for
from brief_builder.outline import Paragraph, Run, TextBlock
from tests.sample_outline import SRC, sample_outline

TODO_PRACTICE = (
    "title: Alpha academy\nproject: beta\nlocation:\n  country: Spain\n"
    'topics: [capacity building]\nsummary: "Training for export managers. TODO: add figures."\n'
)
TODO_ERROR = (
    "sources/practices/alpha-academy.yaml:6: todo: summary: expected no TODO marker, "
    'got "Training for export managers. TODO: add figures."'
)
UNPLACED = (
    "sources/briefs/policy.yaml:2: warning: unplaced: no rule placed 1 of the practices: alpha-academy "
    "(see brief outline policy --unused)"
)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# -- --draft, --final, --force -----------------------------------------------------------------


@needs_git
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_compile_draft_stamps_the_commit_and_the_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = git_project(tmp_path, ROOTS / "minimal" / "sources")
    commit = git(sources, "rev-parse", "--short", "HEAD").strip()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")  # 28 November 2025, 00:00 UTC
    output = tmp_path / "out"
    args = compile_argv(sources, output, "policy", formats="pdf")
    assert main([*args, "--draft"]) == 0
    text = " ".join(pdftotext(output / "policy.pdf").split())
    assert f"Draft \u00b7 28 November 2025 \u00b7 {commit}" in text
    assert f"{commit}+dirty" not in text
    alpha = sources / "projects" / "alpha.yaml"
    alpha.write_text("acronym: ALPHA\ntitle: Alpha changed\n", encoding="utf-8")
    assert main([*args, "--draft"]) == 0
    text = " ".join(pdftotext(output / "policy.pdf").split())
    assert f"Draft \u00b7 28 November 2025 \u00b7 {commit}+dirty" in text
    brief = sources / "briefs" / "policy.yaml"  # its 3 pages are a short brief for policy-brief's 4 to 8
    brief.write_text(brief.read_text(encoding="utf-8") + "lint:\n  page-budget: {min: 3}\n", encoding="utf-8")
    assert main([*args, "--final"]) == 0
    assert "Draft" not in pdftotext(output / "policy.pdf")
    assert capsys.readouterr().err == ""


def test_a_draft_brief_compiles_as_a_draft_by_default_and_as_final_on_request(
    minimal: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    base = compile_argv(minimal, output, "policy", formats="html")
    assert main(base) == 0
    assert '<div class="watermark"' in (output / "policy.html").read_text(encoding="utf-8")
    assert main([*base, "--final"]) == 0
    assert '<div class="watermark"' not in (output / "policy.html").read_text(encoding="utf-8")


def test_a_final_brief_compiles_as_a_draft_with_draft(minimal: Path, write, tmp_path: Path) -> None:
    brief = (minimal / "briefs" / "policy.yaml").read_text(encoding="utf-8")
    final = brief.replace("layout: policy-brief\n", "layout: policy-brief\nstatus: final\n")
    write("briefs/policy.yaml", final)
    output = tmp_path / "out"
    base = compile_argv(minimal, output, "policy", formats="html")
    assert main(base) == 0
    assert '<div class="watermark"' not in (output / "policy.html").read_text(encoding="utf-8")
    assert main([*base, "--draft"]) == 0
    assert '<div class="watermark"' in (output / "policy.html").read_text(encoding="utf-8")


def test_final_refuses_while_warnings_remain(minimal: Path, write, tmp_path: Path, capsys) -> None:
    write("practices/alpha-academy.yaml", TODO_PRACTICE)
    output = tmp_path / "out"
    code = main(compile_argv(minimal, output, "policy", formats="html", extra=("--final",), quiet=False))
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"{TODO_ERROR}\n"
        "brief: error: refusing to compile policy as final: 1 problem remains "
        "(fix them, or use --force to compile anyway)\n"
    )
    assert not output.exists()


def test_final_lists_unplaced_items_too(minimal: Path, write, tmp_path: Path, capsys) -> None:
    write(
        "briefs/policy.yaml",
        "title: T\nsections:\n  - title: P\n    include: practices\n    where:\n      country: Italy\n",
    )
    code = main(
        compile_argv(minimal, tmp_path / "out", "policy", formats="html", extra=("--final",), quiet=False)
    )
    assert code == 1
    assert capsys.readouterr().err == (
        f"{UNPLACED}\n"
        "brief: error: refusing to compile policy as final: 1 warning remains "
        "(fix them, or use --force to compile anyway)\n"
    )


def test_force_compiles_as_final_anyway(minimal: Path, write, tmp_path: Path, capsys) -> None:
    write("practices/alpha-academy.yaml", TODO_PRACTICE)
    output = tmp_path / "out"
    argv = compile_argv(minimal, output, "policy", formats="html", extra=("--final", "--force"), quiet=False)
    code = main(argv)
    assert code == 0
    assert capsys.readouterr().out.splitlines()[0] == f"wrote {output / 'policy.html'} (708 KB)"
    assert '<div class="watermark"' not in (output / "policy.html").read_text(encoding="utf-8")


def test_force_does_not_go_with_draft_and_final_excludes_draft(minimal: Path, capsys) -> None:
    assert main(["compile", "policy", "--force", "--draft", "--sources", str(minimal)]) == 2
    assert "--force applies to briefs compiled as final, not with --draft" in capsys.readouterr().err
    assert main(["compile", "policy", "--draft", "--final", "--sources", str(minimal)]) == 2
    assert "use --draft or --final, not both" in capsys.readouterr().err


def final_findings(outline, theme, labels) -> list[Problem]:
    """The todo and alt-text rules' findings on ``outline`` with the layout's ``theme`` and ``labels``."""
    settings, _ = settings_for([])
    subject = Subject(outline=outline, logo=str(theme.get("logo") or ""), logo_alt=labels.get("logo_alt", ""))
    return lint(subject, settings, only=["todo", "alt-text"])


def test_todo_markers_and_missing_logo_alt_text_are_lint_errors() -> None:
    outline = sample_outline()
    section = outline.sections[0]
    todo = TextBlock(content=[Paragraph(runs=[Run(text="Numbers to come (TODO).")])], source=SRC)
    edited = outline.model_copy(
        update={
            "sections": [
                section.model_copy(update={"blocks": [*section.blocks, todo]}),
                *outline.sections[1:],
            ]
        }
    )
    layout = load_layout("policy-brief")
    labels = layout.labels_for("en")
    assert final_findings(outline, layout.theme, labels) == []
    assert final_findings(edited, layout.theme, {**labels, "logo_alt": ""}) == [
        Problem(
            "sources/briefs/sample.yaml",
            1,
            "alt-text",
            "expected alt text for the logo 'logo.svg' saying what it shows (the publisher's name), "
            "got nothing",
            Severity.ERROR,
        ),
        Problem(
            "sources/briefs/sample.yaml",
            1,
            "todo",
            'text: expected no TODO marker, got "Numbers to come (TODO)."',
            Severity.ERROR,
        ),
    ]
    for placeholder in ("Logo", "logotipo", "Image 1"):
        (problem,) = final_findings(outline, layout.theme, {**labels, "logo_alt": placeholder})
        assert problem.message.endswith(f"got {placeholder!r}")
    assert final_findings(outline, {**layout.theme, "logo": ""}, {**labels, "logo_alt": ""}) == []
    not_a_marker = TextBlock(content=[Paragraph(runs=[Run(text="TODOS and todo lists")])], source=SRC)
    edited = outline.model_copy(update={"sections": [section.model_copy(update={"blocks": [not_a_marker]})]})
    assert final_findings(edited, layout.theme, labels) == []


# -- --json ------------------------------------------------------------------------------------


def test_compile_json_summarises_briefs_files_and_warnings(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    write(
        "briefs/policy.yaml",
        "title: T\nstatus: final\nsections:\n  - title: P\n    include: practices\n"
        "    where:\n      country: Italy\n",
    )
    output = tmp_path / "out"
    code = main(compile_argv(minimal, output, formats="html,docx", extra=("--json", "--force"), quiet=False))
    assert code == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    summary = json.loads(captured.out)
    assert summary["exit_code"] == 0
    assert [(b["id"], b["layout"], b["draft"]) for b in summary["briefs"]] == [
        ("event", "event-summary", True),
        ("policy", "policy-brief", False),
    ]
    assert [(f["brief"], f["format"], f["path"]) for f in summary["files"]] == [
        ("event", "html", (output / "event.html").as_posix()),
        ("event", "docx", (output / "event.docx").as_posix()),
        ("policy", "html", (output / "policy.html").as_posix()),
        ("policy", "docx", (output / "policy.docx").as_posix()),
    ]
    assert all(f["size"] == Path(f["path"]).stat().st_size and f["pages"] is None for f in summary["files"])
    assert summary["warnings"] == [
        {
            "path": "sources/briefs/policy.yaml",
            "line": 3,
            "field": "unplaced",
            "message": "no rule placed 1 of the practices: alpha-academy (see brief outline policy --unused)",
        }
    ]
    assert summary["errors"] == []


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo not installed")
def test_compile_json_counts_pdf_pages(minimal: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "out"
    assert main(compile_argv(minimal, output, "event", formats="pdf", extra=("--json",), quiet=False)) == 0
    (file,) = json.loads(capsys.readouterr().out)["files"]
    info = subprocess.run(["pdfinfo", file["path"]], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {file['pages']}" in info


def test_compile_json_reports_errors_and_the_exit_code(minimal: Path, write, tmp_path: Path, capsys) -> None:
    write("projects/a.yaml", "acronym: A\n")
    code = main(["compile", "--all", "--json", "--sources", str(minimal), "--output", str(tmp_path / "out")])
    assert code == 1
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["exit_code"] == 1
    assert summary["message"] == "1 error in 1 file"
    # the event summary reads no file of that project: it compiles; the policy brief lists projects
    assert [(f["brief"], f["format"]) for f in summary["files"]] == [("event", "pdf"), ("event", "docx")]
    assert summary["not_compiled"] == [{"id": "policy", "files": ["sources/projects/a.yaml"]}]
    assert summary["errors"] == [
        {
            "path": "sources/projects/a.yaml",
            "line": 1,
            "field": "title",
            "message": "expected a value (this field is required), got nothing",
        }
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["event.docx", "event.pdf"]


def test_compile_json_reports_a_final_refusal(minimal: Path, write, tmp_path: Path, capsys) -> None:
    write("practices/alpha-academy.yaml", TODO_PRACTICE)
    argv = compile_argv(
        minimal, tmp_path / "out", "policy", formats="html", extra=("--json", "--final"), quiet=False
    )
    code = main(argv)
    assert code == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["exit_code"] == 1
    assert summary["message"].startswith("refusing to compile policy as final: 1 problem remains")
    assert summary["warnings"] == []
    assert [e["message"] for e in summary["errors"]] == [
        'summary: expected no TODO marker, got "Training for export managers. TODO: add figures."'
    ]


def test_compile_json_reports_an_unknown_brief_as_a_usage_error(
    minimal: Path, tmp_path: Path, capsys
) -> None:
    assert main(["compile", "nope", "--json", "--sources", str(minimal), "--output", str(tmp_path)]) == 2
    summary = json.loads(capsys.readouterr().out)
    assert summary["exit_code"] == 2
    assert summary["message"].startswith("unknown brief 'nope'")


# -- GitHub Actions annotations ------------------------------------------------------------------


def test_annotation_format_and_escaping() -> None:
    assert github_annotation(Problem("sources/a.yaml", 3, "title", "expected a value, got nothing")) == (
        "::error file=sources/a.yaml,line=3,title=title::title: expected a value, got nothing"
    )
    warning = Problem("sources/b,c.yaml", None, "where:x", "50% done\nnext line", Severity.WARNING)
    assert github_annotation(warning) == (
        "::warning file=sources/b%2Cc.yaml,title=where%3Ax::where:x: 50%25 done%0Anext line"
    )
    assert github_annotation(Problem("sources", None, "", "expected a sources folder")) == (
        "::error file=sources::expected a sources folder"
    )


def test_problems_are_annotated_only_in_github_actions(
    minimal: Path, write, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    write("projects/a.yaml", "acronym: A\n")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["validate", "--sources", str(minimal)]) == 1
    assert capsys.readouterr().out == ""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["validate", "--sources", str(minimal)]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        "::error file=sources/projects/a.yaml,line=1,title=title::title: expected a value "
        "(this field is required), got nothing\n"
    )
    assert captured.err.startswith("sources/projects/a.yaml:1: title: expected a value")


def test_json_mode_keeps_annotations_off_stdout(
    minimal: Path, write, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    write("projects/a.yaml", "acronym: A\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["compile", "--all", "--json", "--sources", str(minimal), "--output", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["exit_code"] == 1
    assert captured.err.startswith("::error file=sources/projects/a.yaml,line=1,title=title::")


# -- status: final means final -----------------------------------------------------------------

FINAL_POLICY = (
    (ROOTS / "minimal" / "sources" / "briefs" / "policy.yaml")
    .read_text(encoding="utf-8")
    .replace("layout: policy-brief\n", "layout: policy-brief\nstatus: final\n")
)


def test_a_brief_of_status_final_is_refused_while_a_lint_error_remains(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    write("briefs/policy.yaml", FINAL_POLICY)
    write("practices/alpha-academy.yaml", TODO_PRACTICE)
    output = tmp_path / "out"
    code = main(compile_argv(minimal, output, formats="html", quiet=False))
    assert code == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"{TODO_ERROR}\n"
        "brief: error: refusing to compile policy as final: 1 problem remains "
        "(fix them, or use --force to compile anyway)\n"
    )
    # nothing is written for the brief refused; the draft beside it compiles
    assert sorted(p.name for p in output.iterdir()) == ["event.html"]
    assert (
        captured.out.splitlines()[-1]
        == "compiled 1 brief in " + captured.out.splitlines()[-1].split(" in ")[1]
    )


def test_a_brief_of_status_final_is_refused_while_a_warning_remains_and_keeps_its_old_files(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    output = tmp_path / "out"
    write("briefs/policy.yaml", FINAL_POLICY)
    assert main(compile_argv(minimal, output, "policy", formats="html")) == 0
    before = (output / "policy.html").read_bytes()
    unplaced = FINAL_POLICY.replace(
        "topics: [internationalisation, capacity building]", "topics: [internationalisation]"
    )
    write("briefs/policy.yaml", unplaced)
    code = main(compile_argv(minimal, output, "policy", formats="html", quiet=False))
    assert code == 1
    assert capsys.readouterr().err == (
        "sources/briefs/policy.yaml:8: warning: unplaced: no rule placed 1 of the practices: alpha-academy "
        "(see brief outline policy --unused)\n"
        "brief: error: refusing to compile policy as final: 1 warning remains "
        "(fix them, or use --force to compile anyway)\n"
    )
    assert (output / "policy.html").read_bytes() == before
    # --force compiles it as final anyway; --draft compiles it as a draft, unchecked
    assert main(compile_argv(minimal, output, "policy", formats="html", extra=("--force",))) == 0
    assert (output / "policy.html").read_bytes() != before
    assert '<div class="watermark"' not in (output / "policy.html").read_text(encoding="utf-8")
    assert main(compile_argv(minimal, output, "policy", formats="html", extra=("--draft",))) == 0
    assert '<div class="watermark"' in (output / "policy.html").read_text(encoding="utf-8")


def test_a_brief_of_status_final_is_not_refused_for_a_file_it_does_not_show(
    minimal: Path, write, tmp_path: Path
) -> None:
    write("briefs/policy.yaml", FINAL_POLICY)
    write("briefs/other.yaml", "title: Other\nsections:\n  - title: T\n    text: TODO write it\n")
    output = tmp_path / "out"
    assert main(compile_argv(minimal, output, "policy", formats="html")) == 0
    assert (output / "policy.html").exists()


def test_a_brief_of_status_final_with_an_empty_section_is_refused(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    write("briefs/policy.yaml", FINAL_POLICY + "  - title: To be written\n")
    code = main(compile_argv(minimal, tmp_path / "out", "policy", formats="html", extra=("--json",)))
    assert code == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["message"].startswith("refusing to compile policy as final: 1 problem remains")
    assert summary["not_compiled"] == [{"id": "policy", "files": ["sources/briefs/policy.yaml"]}]
    assert summary["errors"] == [
        {
            "path": "sources/briefs/policy.yaml",
            "line": 30,
            "field": "empty-section",
            "message": "expected text or items in the section 'To be written', got nothing",
        }
    ]
    assert summary["files"] == []


@needs_git
def test_the_record_of_outputs_does_not_make_a_no_cache_draft_dirty(tmp_path: Path) -> None:
    sources = git_project(tmp_path, ROOTS / "minimal" / "sources")  # no .gitignore: .brief-cache shows
    commit = git(sources, "rev-parse", "--short", "HEAD").strip()
    output = tmp_path / "out"
    args = [*compile_argv(sources, output, "policy", formats="html"), "--draft", "--no-cache"]
    for _ in range(2):  # the second after the first created the cache folder for the record
        assert main(args) == 0
        stamp = (output / "policy.html").read_text(encoding="utf-8")
        assert f"\u00b7 {commit}</p>" in stamp
    assert (sources.parent / ".brief-cache" / "outputs.json").is_file()
