"""Reading and validating sources: every problem located as path:line: field: message."""

from __future__ import annotations

import warnings
from pathlib import Path

from brief_builder.sources.library import load_library


def messages(root: Path) -> list[str]:
    return [str(p) for p in load_library(root).problems]


def test_minimal_library_loads_without_problems(minimal: Path) -> None:
    library = load_library(minimal)
    assert library.problems == []
    assert sorted(library.practices) == ["alpha-academy", "mid-check", "zeta-vouchers"]
    assert library.sessions["meeting"].model.topics[0].findings[1].tags == ["reshoring"]
    assert library.briefs["policy"].model.sections[3].group_by == "topic"


def test_unknown_key_suggests_the_closest_field(minimal: Path, write) -> None:
    write(
        "practices/typo.yaml",
        "title: T\nproject: alpha\nlocation:\n  country: Italy\nsummary: S\nevidence_of_sucess: lots\n",
    )
    assert messages(minimal) == [
        "sources/practices/typo.yaml:6: evidence_of_sucess: expected one of description, difficulties, "
        "evidence_of_success, expert_opinion, institution, location, project, resources_needed, status, "
        "summary, themes, timescale, title, topics, transferability, url, got unknown key "
        "'evidence_of_sucess' (did you mean 'evidence_of_success'?)"
    ]


def test_unknown_nested_key_is_located(minimal: Path, write) -> None:
    write(
        "practices/typo.yaml",
        "title: T\nproject: alpha\nlocation:\n  country: Italy\n  regoin: Lombardy\nsummary: S\n",
    )
    assert messages(minimal) == [
        "sources/practices/typo.yaml:5: location.regoin: expected one of city, country, region, "
        "got unknown key 'regoin' (did you mean 'region'?)"
    ]


def test_missing_required_fields_are_all_reported(minimal: Path, write) -> None:
    write("practices/empty.yaml", "title: T\nlocation:\n  region: Lombardy\n")
    assert messages(minimal) == [
        "sources/practices/empty.yaml:1: project: expected a value (this field is required), got nothing",
        "sources/practices/empty.yaml:1: summary: expected a value (this field is required), got nothing",
        "sources/practices/empty.yaml:2: location.country: expected a value (this field is required), "
        "got nothing",
    ]


def test_wrong_values_say_what_was_expected_and_found(minimal: Path, write) -> None:
    write(
        "sessions/bad.yaml",
        "title: S\ndate: 20 May\ntype: party\norganiser: O\nformat: online\n"
        "resources:\n  - title: x\n    url: javascript:alert(1)\n",
    )
    assert messages(minimal) == [
        "sources/sessions/bad.yaml:2: date: expected a date like 2021-05-20, got '20 May'",
        "sources/sessions/bad.yaml:3: type: expected one of community-brainstorming, webinar, workshop, "
        "peer-review or other, got 'party'",
        "sources/sessions/bad.yaml:8: resources[1].url: expected an http, https or mailto URL, "
        "got 'javascript:alert(1)'",
    ]


def test_file_names_must_be_ids(minimal: Path, write) -> None:
    write("projects/Bad Name.yaml", "acronym: B\ntitle: B\n")
    assert messages(minimal) == [
        "sources/projects/Bad Name.yaml: id: expected a file name of lowercase letters, digits and "
        "hyphens, got 'Bad Name'"
    ]


def test_yaml_syntax_error_shows_line_column_and_the_line(minimal: Path, write) -> None:
    write("projects/broken.yaml", "acronym: B\ntitle: [B\nurl: x\n")
    (problem,) = load_library(minimal).problems
    assert str(problem) == (
        "sources/projects/broken.yaml:2:8: expected ']' to close the list that starts here, "
        "got 'url:' on line 3\n"
        "    title: [B\n"
        "           ^"
    )


def test_odd_files_get_clear_errors(minimal: Path, write) -> None:
    (minimal / "projects" / "latin1.yaml").write_bytes(b"acronym: caf\xe9\ntitle: x\n")
    write("projects/empty.yaml", "  \n")
    write("projects/twice.yaml", "acronym: A\ntitle: A\n---\nacronym: B\ntitle: B\n")
    write("projects/list.yaml", "- a\n- b\n")
    (minimal / "projects" / "folder.yaml").mkdir()
    assert messages(minimal) == [
        "sources/projects/empty.yaml: expected YAML content, got an empty file",
        "sources/projects/folder.yaml: expected a YAML file, got a directory",
        "sources/projects/latin1.yaml:1: expected UTF-8 text, got byte 0xe9",
        "sources/projects/list.yaml:1: expected a mapping of keys to values, got list",
        "sources/projects/twice.yaml: expected one YAML document, got 2",
    ]


def test_alias_bombs_are_refused(minimal: Path, write) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    write("projects/bomb.yaml", "\n".join(lines) + "\n")
    assert messages(minimal) == [
        "sources/projects/bomb.yaml: expected at most 100000 values (are aliases expanding?)"
    ]


def test_broken_references_name_the_unknown_id(minimal: Path, write) -> None:
    write("practices/orphan.yaml", "title: T\nproject: alpah\nlocation:\n  country: Italy\nsummary: S\n")
    write("recommendations/cites.yaml", "title: T\ntext: X\nevidence:\n  - zeta-vouchers\n  - nowhere\n")
    assert messages(minimal) == [
        "sources/practices/orphan.yaml:2: project: expected the id of a project, got unknown id 'alpah' "
        "(did you mean 'alpha'?)",
        "sources/recommendations/cites.yaml:5: evidence[2]: expected the id of a practice or session, "
        "got unknown id 'nowhere'",
    ]


def test_every_problem_of_every_file_in_one_run(minimal: Path, write) -> None:
    write("projects/a.yaml", "acronym: A\n")
    write("projects/b.yaml", "title: B\nurl: ftp://x\n")
    write("practices/c.yaml", "title: C\nproject: nope\nlocation:\n  country: Italy\nsummary: S\n")
    write("practices/d.yaml", "title: D\nproject: alpha\nlocation:\n  country: ''\nsummary: S\n")
    found = messages(minimal)
    assert len(found) == 5
    assert {m.split(":")[0] for m in found} == {
        "sources/projects/a.yaml",
        "sources/projects/b.yaml",
        "sources/practices/c.yaml",
        "sources/practices/d.yaml",
    }


def test_characters_xml_cannot_hold_are_removed_with_a_warning(minimal: Path, write) -> None:
    write("projects/bell.yaml", 'acronym: "A\\x07B"\ntitle: T\n')
    library = load_library(minimal)
    assert [str(p) for p in library.problems] == [
        "sources/projects/bell.yaml:1: warning: acronym: removed 1 character(s) no document can hold (U+0007)"
    ]
    assert library.projects["bell"].model.acronym == "AB"


def test_markdown_links_must_be_http_https_or_mailto(minimal: Path, write) -> None:
    write("recommendations/x.yaml", "title: T\ntext: See [this](javascript:alert(1)).\n")
    assert messages(minimal) == [
        "sources/recommendations/x.yaml:2: text: expected links to http, https or mailto URLs, "
        "got 'javascript:alert(1)'"
    ]


def test_a_link_leading_out_of_the_sources_folder_is_an_error(minimal: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("acronym: X\ntitle: Outside\n")
    (minimal / "projects" / "outside.yaml").symlink_to(outside)
    (minimal / "projects" / "inside.yaml").symlink_to(minimal / "projects" / "alpha.yaml")
    library = load_library(minimal)
    assert [str(p) for p in library.problems] == [
        f"sources/projects/outside.yaml: expected a file inside the sources folder, got a link to {outside}"
    ]
    assert library.projects["inside"].model.acronym == "ALPHA"


def test_an_impossible_date_is_located(minimal: Path) -> None:
    session = minimal / "sessions" / "meeting.yaml"
    session.write_text(session.read_text().replace("date: 2021-05-20", "date: 2021-13-45"))
    assert messages(minimal) == [
        "sources/sessions/meeting.yaml:2:7: expected a real date, got '2021-13-45' (month must be in 1..12)"
    ]


def test_a_scalar_read_as_a_number_but_none_is_located_with_every_other_problem(minimal: Path) -> None:
    """ruamel resolves ``-_`` as an integer and fails to build it: a located problem, not a crash."""
    session = minimal / "sessions" / "meeting.yaml"
    session.write_text(session.read_text().replace("date: 2021-05-20", "date: 2021-05-20\nnote: -_"))
    practice = minimal / "practices" / "bad.yaml"
    practice.write_text("title: [unclosed\n")
    found = messages(minimal)
    assert "sources/sessions/meeting.yaml:3:7: expected a number, or text in quotes, got '-_'" in found
    assert any(message.startswith("sources/practices/bad.yaml:") for message in found)


def test_an_anchor_defined_twice_is_a_located_warning_not_a_python_warning(minimal: Path) -> None:
    session = minimal / "sessions" / "meeting.yaml"
    text = session.read_text().replace("organiser: ", "organiser: &who ").replace("format: ", "format: &who ")
    session.write_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # ruamel's own warning would fail the test
        found = messages(minimal)
    assert found == [
        "sources/sessions/meeting.yaml:5:9: warning: anchor 'who' defined again (first on line 4): "
        "later aliases mean this one"
    ]


def test_an_oversized_file_is_refused_without_reading_it(minimal: Path, write) -> None:
    write("practices/huge.yaml", "title: T\nsummary: '" + "x" * (2 * 1024 * 1024) + "'\n")
    assert messages(minimal) == ["sources/practices/huge.yaml: expected a file of at most 2 MB, got 2.0 MB"]


def test_deep_nesting_is_refused(minimal: Path, write) -> None:
    write("practices/deep.yaml", "title: " + "[" * 200 + "]" * 200 + "\n")
    write("practices/deeper.yaml", "".join("  " * n + f"k{n}:\n" for n in range(60)) + "  " * 60 + "x: 1\n")
    assert messages(minimal) == [
        "sources/practices/deep.yaml: expected at most 40 levels of nesting",
        "sources/practices/deeper.yaml: expected at most 40 levels of nesting",
    ]
