"""brief lint: every house rule failing and passing, its settings (brief.toml, a brief's lint:), its "
"formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, compile_argv

from brief_builder.app.cli import main
from brief_builder.lint.rules import SPECS

POLICY = (REPO / "tests" / "roots" / "minimal" / "sources" / "briefs" / "policy.yaml").read_text(
    encoding="utf-8"
)
THREE_MESSAGES = POLICY.replace("      - Second message\n", "      - Second message\n      - Third message\n")
"""The minimal policy brief with key messages enough: it lints clean."""
PAGES_LINE = (REPO / "layouts" / "policy-brief" / "layout.yaml").read_text(
    encoding="utf-8"
).splitlines().index("pages:") + 1
SUMMARY = "linted 1 brief: {n} finding{s} ({e} error{es})"


def run_lint(sources: Path, *args: str, brief: str = "policy") -> tuple[int, str, str]:
    """``brief lint BRIEF --no-cache``: the exit code, stdout and stderr."""
    return _run(["lint", brief, *args, "--no-cache", "--sources", str(sources)])


def _run(argv: list[str]) -> tuple[int, str, str]:
    import click.testing

    runner = click.testing.CliRunner()
    with runner.isolation() as (out, err, _):
        code = main(argv)
        return code, out.getvalue().decode(), err.getvalue().decode()


def findings(sources: Path, brief: str = "policy") -> list[str]:
    _, out, _ = run_lint(sources, brief=brief)
    return out.splitlines()


@pytest.fixture
def clean(minimal: Path, write) -> Path:
    """The minimal sources with a policy brief that lints clean."""
    write("briefs/policy.yaml", THREE_MESSAGES)
    return minimal


def test_the_minimal_brief_with_three_key_messages_lints_clean(clean: Path) -> None:
    code, out, err = run_lint(clean)
    assert (code, out) == (0, "")
    assert err.splitlines()[-1] == SUMMARY.format(n=0, s="s", e=0, es="s")


# -- each rule: a failing and a passing example ----------------------------------------------


def test_key_messages(minimal: Path, write) -> None:
    assert findings(minimal) == [
        "sources/briefs/policy.yaml:8: key-messages: warning: expected 3 to 6 key messages, got 2"
    ]
    seven = "".join(f"      - Message {n}\n" for n in range(7))
    write("briefs/policy.yaml", POLICY.replace("      - First message\n      - Second message\n", seven))
    assert findings(minimal) == [
        "sources/briefs/policy.yaml:8: key-messages: warning: expected 3 to 6 key messages, got 7"
    ]
    write("briefs/policy.yaml", THREE_MESSAGES)
    assert findings(minimal) == []


def test_page_budget_reads_the_compiled_pdf_from_the_build_cache(clean: Path, write, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    lint_argv = ["lint", "policy", "--cache-dir", str(cache), "--sources", str(clean)]
    code, out, err = _run(lint_argv)
    assert (code, out) == (0, "")
    assert err.splitlines()[0] == (
        "note: page-budget: not checked for policy: the build cache holds no PDF of it as it is now "
        "(brief compile policy --format pdf makes one)"
    )
    compile_pdf = compile_argv(
        clean, tmp_path / "out", "policy", formats="pdf", extra=("--cache-dir", str(cache))
    )
    assert main(compile_pdf) == 0
    code, out, err = _run(lint_argv)
    assert code == 1
    assert out == (
        "sources/briefs/policy.yaml:4: page-budget: expected at least 4 pages in the PDF "
        "(policy-brief's pages, "
        f"layouts/policy-brief/layout.yaml:{PAGES_LINE}), got 3\n"
    )
    assert "note:" not in err
    # the brief's own bound passes it (and, the outline changed, it is compiled again first)
    write("briefs/policy.yaml", THREE_MESSAGES + "lint:\n  page-budget: {min: 3}\n")
    assert main(compile_pdf) == 0
    assert _run(lint_argv)[:2] == (0, "")


def test_recommendation_length(clean: Path, write) -> None:
    long_text = " ".join(["word"] * 61)
    write(
        "recommendations/tailor.yaml",
        f"title: Tailor support\ntext: {long_text}.\naudience: [regional authorities]\n",
    )
    assert findings(clean) == [
        "sources/recommendations/tailor.yaml:2: recommendation-length: warning: "
        "expected a recommendation of at most 60 words, got 61",
        "sources/recommendations/tailor.yaml:2: sentence-length: warning: expected sentences of at "
        "most 40 words, "
        'got 61: "word word word word word word word word word word word word..."',
    ]
    write("recommendations/tailor.yaml", f"title: Tailor support\ntext: {' '.join(['word'] * 39)}.\n")
    assert findings(clean) == []


def test_summary_length(clean: Path, write) -> None:
    practice = (clean / "practices" / "zeta-vouchers.yaml").read_text(encoding="utf-8")
    sentences = " ".join(["Vouchers pay for the first trade fair of a firm."] * 9)  # 10 words each
    write(
        "practices/zeta-vouchers.yaml", practice.replace("Vouchers for **first-time** exporters.", sentences)
    )
    assert findings(clean) == [
        "sources/practices/zeta-vouchers.yaml:8: summary-length: warning: "
        "expected a summary of at most 80 words, got 90"
    ]
    write(
        "practices/zeta-vouchers.yaml",
        practice.replace("Vouchers for **first-time** exporters.", sentences[:200]),
    )
    assert findings(clean) == []


def test_link_text(clean: Path, write) -> None:
    text = (
        "  - title: Resources\n    text: |\n"
        "      Read the reports [here](https://example.org/a), [read more](https://example.org/b)\n"
        "      or see <https://example.org/c>.\n"
    )
    write("briefs/policy.yaml", THREE_MESSAGES + text)
    assert findings(clean) == [
        "sources/briefs/policy.yaml:31: link-text: warning: expected link text that says where the "
        "link goes, "
        "got 'here' (https://example.org/a)",
        "sources/briefs/policy.yaml:31: link-text: warning: expected link text that says where the "
        "link goes, "
        "got 'read more' (https://example.org/b)",
        "sources/briefs/policy.yaml:31: link-text: warning: expected link text that says where the "
        "link goes, "
        "got the bare address https://example.org/c",
    ]
    fixed = text.replace("[here]", "[in the good practice database]").replace(
        "[read more]", "[and the summary]"
    )
    write(
        "briefs/policy.yaml",
        THREE_MESSAGES + fixed.replace("<https://example.org/c>", "[the guide](https://example.org/c)"),
    )
    assert findings(clean) == []


def test_acronym_first_use(clean: Path, write) -> None:
    later = (
        "  - title: Funding\n    text: |\n"
        "      The ERDF co-finances ALPHA. The European Regional Development Fund (ERDF) is large.\n"
        "      Alpha for SMEs (ALPHA) is a project.\n"
    )
    write("briefs/policy.yaml", THREE_MESSAGES + later)
    # ALPHA is a project's acronym: it needs no spelling out
    assert findings(clean) == [
        "sources/briefs/policy.yaml:31: acronym-first-use: warning: "
        "expected ERDF to be spelled out where it is first used, got it spelled out later"
    ]
    first = later.replace(
        "The ERDF co-finances ALPHA. The European Regional Development Fund (ERDF) is large.",
        "The European Regional Development Fund (ERDF) co-finances ALPHA. The ERDF is large.",
    )
    write("briefs/policy.yaml", THREE_MESSAGES + first)
    assert findings(clean) == []
    write("briefs/policy.yaml", THREE_MESSAGES + later + "lint:\n  acronym-first-use:\n    known: [ERDF]\n")
    assert findings(clean) == []


def test_alt_text(clean: Path, write, tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    (layouts / "ours").mkdir(parents=True)
    (layouts / "ours" / "layout.yaml").write_text(
        "extends: policy-brief\nlabels:\n  en:\n    logo_alt: Logo\n", encoding="utf-8"
    )
    write("briefs/policy.yaml", THREE_MESSAGES.replace("layout: policy-brief", "layout: ours"))
    code, out, _ = run_lint(clean, "--layouts", str(layouts))
    assert code == 1
    assert out == (
        "sources/briefs/policy.yaml:1: alt-text: expected alt text for the logo 'logo.svg' saying "
        "what it shows "
        "(the publisher's name), got 'Logo'\n"
    )
    (layouts / "ours" / "layout.yaml").write_text(
        "extends: policy-brief\nlabels:\n  en:\n    logo_alt: Policy Learning Platform\n", encoding="utf-8"
    )
    assert run_lint(clean, "--layouts", str(layouts))[:2] == (0, "")


def test_empty_section(clean: Path, write) -> None:
    write("briefs/policy.yaml", THREE_MESSAGES + "  - title: To be written\n")
    code, out, _ = run_lint(clean)
    assert code == 1
    assert out == (
        "sources/briefs/policy.yaml:30: empty-section: expected text or items in the section 'To be "
        "written', got nothing\n"
    )
    write("briefs/policy.yaml", THREE_MESSAGES + "  - title: Written\n    text: Now it is.\n")
    assert findings(clean) == []


def test_placed_twice(clean: Path, write) -> None:
    again = "  - title: Again\n    include: practices\n    where:\n      ids: alpha-academy\n"
    write("briefs/policy.yaml", THREE_MESSAGES + again)
    assert findings(clean) == [
        "sources/briefs/policy.yaml:30: placed-twice: warning: expected each item placed once, got practices "
        "'alpha-academy' placed again (first by the rule at line 14)"
    ]


def test_an_item_in_two_groups_of_one_rule_is_placed_once(clean: Path, write) -> None:
    write(
        "recommendations/tailor.yaml",
        "title: Tailor\ntext: Tailor support.\naudience: [regional authorities, agencies]\n",
    )
    write(
        "briefs/policy.yaml", THREE_MESSAGES.replace("    min: 2\n", "    min: 2\n    group_by: audience\n")
    )
    assert findings(clean) == []


def test_sentence_length(clean: Path, write) -> None:
    sentence = " ".join(["Many"] + ["many"] * 40)
    write(
        "briefs/policy.yaml",
        THREE_MESSAGES + f"  - title: Long\n    text: Short one. {sentence}. Short again.\n",
    )
    assert findings(clean) == [
        "sources/briefs/policy.yaml:31: sentence-length: warning: expected sentences of at most 40 "
        "words, got 41: "
        '"Many many many many many many many many many many many many..."'
    ]
    write(
        "briefs/policy.yaml",
        THREE_MESSAGES + f"  - title: Long\n    text: Short one. {sentence}.\n"
        "lint:\n  sentence-length: {max: 41}\n",
    )
    assert findings(clean) == []


def test_unplaced(clean: Path, write) -> None:
    write(
        "briefs/policy.yaml",
        THREE_MESSAGES.replace(
            "topics: [internationalisation, capacity building]", "topics: [internationalisation]"
        ),
    )
    assert findings(clean) == [
        "sources/briefs/policy.yaml:7: unplaced: warning: no rule placed 1 of the practices: alpha-academy "
        "(see brief outline policy --unused)"
    ]


def test_todo(clean: Path, write) -> None:
    practice = (clean / "practices" / "alpha-academy.yaml").read_text(encoding="utf-8")
    write(
        "practices/alpha-academy.yaml",
        practice.replace("Training for export managers.", "Training. TODO figures."),
    )
    code, out, _ = run_lint(clean)
    assert code == 1
    assert out == (
        "sources/practices/alpha-academy.yaml:6: todo: summary: expected no TODO marker, "
        'got "Training. TODO figures."\n'
    )
    write("practices/alpha-academy.yaml", practice)
    assert findings(clean) == []


# -- settings ------------------------------------------------------------------------------------


def test_a_brief_turns_a_rule_off_or_changes_its_severity(minimal: Path, write) -> None:
    write("briefs/policy.yaml", POLICY + "lint:\n  key-messages: off\n")
    assert findings(minimal) == []
    write("briefs/policy.yaml", POLICY + "lint:\n  key-messages:\n    severity: error\n    min: 2\n")
    assert findings(minimal) == []
    write("briefs/policy.yaml", POLICY + "lint:\n  key-messages: error\n")
    code, out, _ = run_lint(minimal)
    assert (code, out) == (
        1,
        "sources/briefs/policy.yaml:8: key-messages: expected 3 to 6 key messages, got 2\n",
    )


def test_unknown_rules_options_and_values_are_errors_at_their_line(minimal: Path, write) -> None:
    write(
        "briefs/policy.yaml",
        POLICY
        + "lint:\n  key-mesages: off\n  sentence-length:\n    maximum: 3\n  todo: loud\n"
        + "  link-text: {max: -1}\n",
    )
    code, _, err = run_lint(minimal)
    assert code == 1
    assert err.splitlines()[:4] == [
        "sources/briefs/policy.yaml:30: lint.key-mesages: expected a rule among "
        + ", ".join(sorted(SPECS))
        + ", got 'key-mesages' (did you mean 'key-messages'?)",
        "sources/briefs/policy.yaml:32: lint.sentence-length.maximum: expected an option of "
        "sentence-length among "
        "severity, max, got 'maximum' (did you mean 'max'?)",
        "sources/briefs/policy.yaml:33: lint.todo: expected one of error, warning, off, got 'loud'",
        "sources/briefs/policy.yaml:34: lint.link-text.max: expected an option of link-text among severity, "
        "got 'max'",
    ]


def test_brief_toml_sets_the_project_and_the_brief_overrides_it(
    minimal: Path, write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = minimal.parent
    (project / "brief.toml").write_text(
        '[lint]\nkey-messages = "error"\nsentence-length = { max = 3 }\n', "utf-8"
    )
    monkeypatch.chdir(project)
    code, out, _ = _run(["lint", "policy", "--no-cache"])
    assert code == 1
    assert (
        "sources/briefs/policy.yaml:8: key-messages: expected 3 to 6 key messages, got 2" in out.splitlines()
    )
    assert "sentence-length: warning: expected sentences of at most 3 words" in out
    write("briefs/policy.yaml", POLICY + "lint:\n  key-messages: off\n  sentence-length: off\n")
    assert _run(["lint", "policy", "--no-cache"])[:2] == (0, "")
    (project / "brief.toml").write_text('[lint]\nsentence-lenght = "off"\n', "utf-8")
    code, _, err = _run(["lint", "--no-cache"])
    assert code == 2
    assert err.splitlines()[0].startswith(
        "brief.toml:2: lint.sentence-lenght: expected a rule among acronym-first-use"
    )


def test_json_and_github_formats(minimal: Path) -> None:
    code, out, _ = run_lint(minimal, "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "briefs": ["policy"],
        "problems": [
            {
                "path": "sources/briefs/policy.yaml",
                "line": 8,
                "field": "key-messages",
                "rule": "key-messages",
                "severity": "warning",
                "message": "expected 3 to 6 key messages, got 2",
            }
        ],
        "notes": [
            "page-budget: not checked for policy: the build cache holds no PDF of it as it is now "
            "(brief compile policy --format pdf makes one)"
        ],
    }
    code, out, _ = run_lint(minimal, "--format", "github")
    assert out.splitlines() == [
        "::warning file=sources/briefs/policy.yaml,line=8,title=key-messages::key-messages: expected "
        "3 to 6 key "
        "messages, got 2",
        "::notice::page-budget: not checked for policy: the build cache holds no PDF of it as it is now "
        "(brief compile policy --format pdf makes one)",
    ]


# -- the examples --------------------------------------------------------------------------------


def test_the_example_briefs_lint_clean(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "sources", sources)
    code, out, err = _run(["lint", "--no-cache", "--sources", str(sources)])
    assert (code, out) == (0, "")
    assert err.splitlines()[-1] == "linted 2 briefs: 0 findings (0 errors)"


def test_the_starter_example_lints_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--quiet", "init", "--example"]) == 0
    code, out, err = _run(["lint", "--no-cache"])
    assert (code, out) == (0, "")
    assert err.splitlines()[-1] == "linted 2 briefs: 0 findings (0 errors)"


def test_the_readme_documents_every_rule_with_its_default_severity() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for spec in SPECS.values():
        assert f"| `{spec.id}` | {spec.severity} |" in readme, spec.id


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ("pages: 4", "pages: expected a mapping of min and max (pages: {min: 4, max: 8}), got 4"),
        ("pages: {min: 0}", "pages.min: expected a whole number of at least 1, got 0"),
        ("pages: {min: 5, max: 2}", "pages: expected min <= max, got min 5 and max 2"),
        (
            "pages: {least: 2}",
            "pages: expected a mapping of min and max (pages: {min: 4, max: 8}), got the keys least",
        ),
    ],
)
def test_a_layouts_page_budget_is_checked(tmp_path: Path, pages: str, message: str) -> None:
    from brief_builder.errors import ProblemsError
    from brief_builder.layouts.loader import load_layout

    (tmp_path / "ours").mkdir()
    (tmp_path / "ours" / "layout.yaml").write_text(f"extends: policy-brief\n{pages}\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_layout("ours", [tmp_path])
    assert [str(p) for p in caught.value.problems] == [f"{tmp_path.name}/ours/layout.yaml:2: {message}"]


def test_a_layout_inherits_the_page_budget_of_the_one_it_extends(tmp_path: Path) -> None:
    from brief_builder.layouts.loader import load_layout

    (tmp_path / "ours").mkdir()
    (tmp_path / "ours" / "layout.yaml").write_text("extends: event-summary\n", encoding="utf-8")
    budget = load_layout("ours", [tmp_path]).pages
    assert budget is not None and (budget.min, budget.max) == (1, 2)
    assert budget.path == "layouts/event-summary/layout.yaml"


def test_page_budget_reads_a_pdf_compiled_with_draft_too(clean: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    extra = ("--cache-dir", str(cache), "--draft")
    assert main(compile_argv(clean, tmp_path / "out", "policy", formats="pdf", extra=extra)) == 0
    code, out, err = _run(["lint", "policy", "--cache-dir", str(cache), "--sources", str(clean)])
    assert code == 1
    assert out.startswith("sources/briefs/policy.yaml:4: page-budget: expected at least 4 pages in the PDF")
    assert "note:" not in err


def test_a_final_compile_refuses_a_pdf_outside_the_page_budget(clean: Path, write, tmp_path: Path) -> None:
    output = tmp_path / "out"
    code, _, err = _run(compile_argv(clean, output, "policy", formats="pdf,docx", extra=("--final",)))
    assert code == 1 and not output.exists()  # --final: the 3-page PDF is under policy-brief's 4
    assert "sources/briefs/policy.yaml:4: page-budget: expected at least 4 pages in the PDF" in err
    assert "refusing to compile policy as final" in err
    write(
        "briefs/policy.yaml",
        THREE_MESSAGES.replace("layout: policy-brief\n", "layout: policy-brief\nstatus: final\n"),
    )
    code, _, err = _run(compile_argv(clean, output, "policy", formats="pdf"))
    assert code == 1 and not output.exists()  # status: final refuses it the same way
    assert "refusing to compile policy as final" in err
    assert _run(compile_argv(clean, output, "policy", formats="pdf", extra=("--force",)))[0] == 0
    assert sorted(p.name for p in output.iterdir()) == ["policy.pdf"]
    write("briefs/policy.yaml", THREE_MESSAGES + "status: final\nlint:\n  page-budget: {min: 3}\n")
    assert _run(compile_argv(clean, tmp_path / "again", "policy", formats="pdf"))[0] == 0
