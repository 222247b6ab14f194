"""brief diff: what changed in a brief's outline since a git revision, as text and as Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, ROOTS, git, git_project, needs_git

from brief_builder.app.cli import main
from brief_builder.app.diff import changed_parts, diff_outlines, format_markdown, format_text, markdown_escape
from brief_builder.outline import Item, Outline, Paragraph, Person, Run, Section, TextBlock
from tests.sample_outline import SRC, para, sample_outline


def edit_go4export(sources: Path) -> None:
    """Rename the practice and change the end of its summary."""
    path = sources / "practices" / "go4export.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: GO4EXPORT\n", "title: GO4EXPORT programme\n")
    text = text.replace("for one first target market.", "for two target markets.")
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """The example sources, committed in a fresh git work tree."""
    return git_project(tmp_path, REPO / "sources")


# -- the command ------------------------------------------------------------------------------


@needs_git
def test_diff_of_an_edited_practice(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_go4export(examples)
    assert main(["diff", "sme-internationalisation", "--sources", str(examples)]) == 0
    assert capsys.readouterr().out == (
        "sme-internationalisation: 1 change since HEAD\n"
        '~ practices go4export "GO4EXPORT programme" in Lessons from the projects > '
        "Match support to export maturity\n"
        '    title: "GO4EXPORT" -> "GO4EXPORT programme"\n'
        '    text: "...realistic export plan for one first target market." -> '
        '"...realistic export plan for two target markets."\n'
    )


@needs_git
def test_diff_of_an_edited_practice_as_markdown(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_go4export(examples)
    assert main(["diff", "--all", "--markdown", "--sources", str(examples)]) == 0
    assert capsys.readouterr().out == (
        "### Brief `sme-internationalisation`: 1 change since `HEAD`\n"
        "\n"
        '- **changed** practices go4export "GO4EXPORT programme" in '
        "*Lessons from the projects \u203a Match support to export maturity*\n"
        "  - title: \u201cGO4EXPORT\u201d \u2192 \u201cGO4EXPORT programme\u201d\n"
        "  - text: \u201c...realistic export plan for one first target market.\u201d \u2192 "
        "\u201c...realistic export plan for two target markets.\u201d\n"
    )


@needs_git
def test_diff_since_an_older_revision_and_of_a_new_brief(
    examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_go4export(examples)
    git(examples, "commit", "-q", "-am", "rename")
    brief = examples / "briefs" / "copy.yaml"
    brief.write_text(
        "title: Copy\nsections:\n  - title: Practices\n    include: practices\n", encoding="utf-8"
    )
    assert main(["diff", "sme-internationalisation", "--since", "HEAD~1", "--sources", str(examples)]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "sme-internationalisation: 1 change since HEAD~1",
        '~ practices go4export "GO4EXPORT programme" in Lessons from the projects > '
        "Match support to export maturity",
    ]
    assert main(["diff", "sme-internationalisation", "--sources", str(examples)]) == 0
    assert capsys.readouterr().out == "sme-internationalisation: no changes since HEAD\n"
    assert main(["diff", "--all", "--sources", str(examples)]) == 0
    assert capsys.readouterr().out == 'copy: 1 change since HEAD\n+ brief "Copy"\n'


@needs_git
def test_diff_all_without_changes(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--all", "--sources", str(examples)]) == 0
    assert capsys.readouterr().out == "no brief changed since HEAD\n"
    assert main(["diff", "--all", "--markdown", "--sources", str(examples)]) == 0
    assert capsys.readouterr().out == "No brief changed since `HEAD`.\n"


@needs_git
def test_diff_of_an_unknown_revision_is_a_usage_error(examples: Path, capsys) -> None:
    assert main(["diff", "sme-internationalisation", "--since", "nope", "--sources", str(examples)]) == 2
    assert capsys.readouterr().err == "brief: error: unknown git revision 'nope'\n"


@needs_git
def test_diff_outside_git_is_a_usage_error(minimal: Path, capsys) -> None:
    assert main(["diff", "policy", "--sources", str(minimal)]) == 2
    assert capsys.readouterr().err == f"brief: error: {minimal} is not inside a git work tree\n"


@needs_git
def test_diff_needs_the_working_tree_free_of_errors(tmp_path: Path, capsys) -> None:
    sources = git_project(tmp_path, ROOTS / "minimal" / "sources")
    (sources / "projects" / "a.yaml").write_text("acronym: A\n", encoding="utf-8")
    assert main(["diff", "policy", "--sources", str(sources)]) == 1
    assert capsys.readouterr().err.endswith("1 error in 1 file\n")


# -- the pure diff -----------------------------------------------------------------------------


def with_sections(outline: Outline, sections: list[Section]) -> Outline:
    return outline.model_copy(update={"sections": sections})


def test_sections_added_removed_and_changed() -> None:
    old = sample_outline()
    key, _lessons, *rest = old.sections
    new_key = key.model_copy(
        update={
            "blocks": [
                TextBlock(content=[Paragraph(runs=[Run(text="A new message.")])], source=SRC),
            ]
        }
    )
    closing = Section(title="Closing", anchor="closing", level=1, source=SRC)
    new = with_sections(old, [new_key, *rest, closing])
    new = new.model_copy(update={"meta": new.meta.model_copy(update={"title": "New title"})})
    diff = diff_outlines("sample", "HEAD", old, new)
    assert format_text(diff).splitlines() == [
        "sample: 6 changes since HEAD",
        "~ brief",
        '    title: "Internationalisation of SMEs" -> "New title"',
        '~ section "Key messages"',
        '    text: "SMEs are 99% of firms. Few of them export." -> "A new message."',
        '+ section "Closing"',
        '- section "Lessons from the projects"',
        '- section "Good practices" in Lessons from the projects',
        '- section "Insights" in Lessons from the projects',
    ]


def with_good_practices(outline: Outline, items: list[Item]) -> Outline:
    """``outline`` with ``items`` as the one block of Lessons from the projects > Good practices."""
    lessons = outline.sections[1]
    practices = lessons.sections[0]
    block = practices.blocks[0].model_copy(update={"items": items})
    practices = practices.model_copy(update={"blocks": [block]})
    lessons = lessons.model_copy(update={"sections": [practices]})
    return with_sections(outline, [outline.sections[0], lessons, *outline.sections[2:]])


def test_items_added_removed_and_reordered() -> None:
    old = sample_outline()
    first = old.sections[1].sections[0].blocks[0].items[0]
    second = first.model_copy(update={"id": "second", "title": "Second"})
    before = with_good_practices(old, [first, second])
    third = first.model_copy(update={"id": "third", "title": "Third"})
    after = with_good_practices(old, [third, first])
    assert format_text(diff_outlines("sample", "main", before, after)).splitlines() == [
        "sample: 2 changes since main",
        '+ practices third "Third" in Lessons from the projects > Good practices',
        '- practices second "Second" in Lessons from the projects > Good practices',
    ]
    reordered = with_good_practices(old, [second, first])
    assert format_text(diff_outlines("sample", "main", before, reordered)).splitlines() == [
        "sample: 1 change since main",
        "~ order of items in Lessons from the projects > Good practices",
        '    order: "go4export, second" -> "second, go4export"',
    ]


def test_identical_outlines_have_no_changes() -> None:
    diff = diff_outlines("sample", "HEAD", sample_outline(), sample_outline())
    assert diff.changes == ()
    assert format_text(diff) == "sample: no changes since HEAD"
    assert format_markdown(diff) == "### Brief `sample`: no changes since `HEAD`"


def test_a_removed_brief() -> None:
    diff = diff_outlines("sample", "HEAD", sample_outline(), None)
    assert format_markdown(diff) == (
        '### Brief `sample`: 1 change since `HEAD`\n\n- **removed** brief "Internationalisation of SMEs"'
    )


def test_changed_parts_show_whole_words_around_the_difference() -> None:
    old = "The programme ran for three years in four regions of the north with a small budget."
    new = "The programme ran for five years in four regions of the north with a small budget."
    assert changed_parts(old, new, context=20) == (
        "...programme ran for three years in...",
        "...programme ran for five years in...",
    )
    assert changed_parts("abc", "abd") == ("abc", "abd")


def test_markdown_escape_keeps_titles_literal() -> None:
    assert markdown_escape("*bold* [link](x) <b> #1 a_b `c` |t|") == (
        "\\*bold\\* \\[link\\](x) \\<b> \\#1 a\\_b \\`c\\` \\|t\\|"
    )


def test_metadata_changes_are_listed_field_by_field() -> None:
    old = sample_outline()
    new = old.model_copy(
        update={
            "meta": old.meta.model_copy(
                update={
                    "disclaimer": [para("New disclaimer.")],
                    "authors": [Person(name="A B", role="expert")],
                }
            )
        }
    )
    assert format_markdown(diff_outlines("sample", "HEAD", old, new)).splitlines() == [
        "### Brief `sample`: 1 change since `HEAD`",
        "",
        "- **changed** brief",
        "  - authors: \u201cLuc Schmerber, Thematic expert\u201d \u2192 \u201cA B, expert\u201d",
        "  - disclaimer: \u201cThis brief reflects only the authors' views.\u201d \u2192 "
        "\u201cNew disclaimer.\u201d",
    ]
