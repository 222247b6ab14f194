"""YAML mistakes in plain words, at the line to change: ``path:line:column: message``, the line, a caret."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_builder.sources import yaml as source_yaml
from brief_builder.sources.syntax import SHOWN_WIDTH, cut
from brief_builder.sources.yaml import read_yaml


def problems(tmp_path: Path, text: str | bytes, fast: bool = True) -> list[str]:
    path = tmp_path / "item.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    if fast:
        return [str(p) for p in read_yaml(path, tmp_path, display="item.yaml").problems]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source_yaml, "fast_load", lambda text: None)
        return [str(p) for p in read_yaml(path, tmp_path, display="item.yaml").problems]


MISTAKES = {
    "colon in a title": (
        "title: Green canteens: a guide\nproject: alpha\n",
        "item.yaml:1:22: text containing ': ' must be in quotes\n"
        "    title: Green canteens: a guide\n"
        "                         ^",
    ),
    "colon in a list entry": (
        "topics:\n  - trade: export: finance\n",
        "item.yaml:2:18: text containing ': ' must be in quotes\n"
        "      - trade: export: finance\n"
        "                     ^",
    ),
    "colon at the end": (
        "title: Note:\nproject: alpha\n",
        "item.yaml:1:12: text ending in ':' must be in quotes\n    title: Note:\n               ^",
    ),
    "tab indenting": (
        "location:\n\tcountry: Italy\n",
        "item.yaml:2:1: tabs cannot indent YAML; use spaces\n    \tcountry: Italy\n    ^",
    ),
    "key indented less than its siblings": (
        "title: x\nlocation:\n    city: Rome\n  country: Italy\nsummary: y\n",
        "item.yaml:4:3: expected 'country:' to line up with 'city:' on line 3 (4 spaces) or "
        "'location:' on line 2 (no spaces), got 2 spaces\n"
        "      country: Italy\n"
        "      ^",
    ),
    "key indented between two levels": (
        "location:\n  city: Rome\n country: Italy\n",
        "item.yaml:3:2: expected 'country:' to line up with 'city:' on line 2 (2 spaces) or "
        "'location:' on line 1 (no spaces), got 1 space\n"
        "     country: Italy\n"
        "     ^",
    ),
    "key indented more than its siblings": (
        "location:\n  city: Rome\n    country: Italy\n",
        "item.yaml:3:5: expected 'country:' to line up with 'city:' on line 2 (2 spaces) or "
        "'location:' on line 1 (no spaces), got 4 spaces; if this line continues the text above, "
        "put that text in quotes\n"
        "        country: Italy\n"
        "        ^",
    ),
    "key of a list entry out of line": (
        "authors:\n  - name: A\n   role: B\n",
        "item.yaml:3:4: expected 'role:' to line up with 'name:' on line 2 (4 spaces), the '- ' entry "
        "on line 2 (2 spaces) or 'authors:' on line 1 (no spaces), got 3 spaces\n"
        "       role: B\n"
        "       ^",
    ),
    "list entry out of line": (
        "topics:\n  - a\n - b\n",
        "item.yaml:3:2: expected this '- ' entry to line up with the '- ' entry on line 2 (2 spaces), "
        "got 1 space\n"
        "     - b\n"
        "     ^",
    ),
    "a line without its key, before a dedent": (
        "location:\n  country: Italy\n  Lombardy\nsummary: y\n",
        "item.yaml:3:3: expected 'key: value', got 'Lombardy' without ':'; if it continues the text "
        "of 'country:' above, indent it more than 'country:'\n"
        "      Lombardy\n"
        "      ^",
    ),
    "a list entry lined up with the key of its list": (
        "tags:\n  - a\n- b\nsummary: y\n",
        "item.yaml:3:1: expected this '- ' entry to line up with the '- ' entry on line 2 (2 spaces), "
        "got no spaces\n"
        "    - b\n"
        "    ^",
    ),
    "the first line indented": (
        " title: x\nproject: alpha\n",
        "item.yaml:1:2: expected 'title:' at the start of the line, like 'project:' on line 2, "
        "got 1 space\n"
        "     title: x\n"
        "     ^",
    ),
    "a dash inside brackets": (
        "topics: [ - a, b]\n",
        "item.yaml:1:11: inside [ ] and { } entries are separated by commas, without '- '; text "
        "starting with '- ' must be in quotes\n"
        "    topics: [ - a, b]\n"
        "              ^",
    ),
    "a key without its colon": (
        "title: x\nlocation\n  country: Italy\n",
        "item.yaml:2:1: expected 'key: value', got 'location' without ':'\n    location\n    ^",
    ),
    "no space after the colon": (
        "location:\n  country:Italy\n  city: Rome\n",
        "item.yaml:2:11: expected a space after ':', got 'country:Italy'\n"
        "      country:Italy\n"
        "              ^",
    ),
    "an unclosed quote": (
        'title: "Green canteens\nsummary: y\n',
        'item.yaml:1:8: expected a closing " for the quote that starts here, got the end of the file\n'
        '    title: "Green canteens\n'
        "           ^",
    ),
    "text after the quotes": (
        'title: "Green" canteens\n',
        "item.yaml:1:16: text after the closing quote must be inside the quotes\n"
        '    title: "Green" canteens\n'
        "                   ^",
    ),
    "an apostrophe in single quotes": (
        "title: 'it's'\n",
        "item.yaml:1:12: text after the closing quote must be inside the quotes (inside single quotes "
        "an apostrophe is written twice: 'it''s')\n"
        "    title: 'it's'\n"
        "               ^",
    ),
    "an unclosed list": (
        "topics: [a, b\nsummary: y\n",
        "item.yaml:1:9: expected ']' to close the list that starts here, got 'summary:' on line 2\n"
        "    topics: [a, b\n"
        "            ^",
    ),
    "text starting with a bracket": (
        "title: [Draft] Green canteens\n",
        "item.yaml:1:16: text starting with '[' must be in quotes\n"
        "    title: [Draft] Green canteens\n"
        "                   ^",
    ),
    "text starting with a reserved character": (
        "title: @home\n",
        "item.yaml:1:8: text starting with '@' must be in quotes\n    title: @home\n           ^",
    ),
    "text starting with an asterisk": (
        "title: *new*\n",
        "item.yaml:1:8: text starting with '*' must be in quotes\n    title: *new*\n           ^",
    ),
    "text starting with a dash": (
        "title: - the best\n",
        "item.yaml:1:8: text starting with '- ' must be in quotes; the entries of a list go on lines "
        "of their own\n"
        "    title: - the best\n"
        "           ^",
    ),
    "a list among keys": (
        "location:\n  country: Italy\n  - Rome\n",
        "item.yaml:3:3: expected 'key: value' like 'country:' on line 2, got a list entry '- '\n"
        "      - Rome\n"
        "      ^",
    ),
    "text on the line of a block scalar": (
        "summary: | Training\n  for managers\n",
        "item.yaml:1:12: the text after '|' must start on the next line, indented\n"
        "    summary: | Training\n"
        "               ^",
    ),
    "a backslash in double quotes": (
        'title: "C:\\Users"\n',
        "item.yaml:1:13: a backslash in double quotes starts an escape like \\n; write \\\\ for a "
        "backslash, or use single quotes\n"
        '    title: "C:\\Users"\n'
        "                ^",
    ),
}


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path-first", "ruamel-only"])
@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_yaml_mistakes_are_explained_at_the_line_to_change(tmp_path: Path, name: str, fast: bool) -> None:
    text, expected = MISTAKES[name]
    assert problems(tmp_path, text, fast) == [expected]


def test_duplicate_keys_name_both_lines_and_every_duplicate_is_reported(tmp_path: Path) -> None:
    text = "title: A\nlocation:\n  country: Italy\n  country: Spain\ntitle: B\ntopics: {a: 1, a: 2}\n"
    assert problems(tmp_path, text) == [
        "item.yaml:4:3: location.country: expected each key once, got 'country' on line 3 "
        "and again on line 4",
        "item.yaml:5:1: title: expected each key once, got 'title' on line 1 and again on line 5",
        "item.yaml:6:16: topics.a: expected each key once, got 'a' twice on line 6",
    ]


@pytest.mark.parametrize(
    ("byte", "code"),
    [(b"\x00", "U+0000 (NUL)"), (b"\x1b", "U+001B (ESC)"), (b"\x7f", "U+007F (DEL)"), (b"\x01", "U+0001")],
)
def test_control_characters_are_located_and_never_reach_the_terminal(
    tmp_path: Path, byte: bytes, code: str
) -> None:
    text = b"title: x\nsummary: before " + byte + b" after\n"
    assert problems(tmp_path, text) == [
        f"item.yaml:2:17: expected printable text, got the control character {code}; remove it\n"
        "    summary: before ? after\n"
        "                    ^"
    ]


def test_a_long_line_is_cut_around_the_column(tmp_path: Path) -> None:
    text = "title: " + "a" * 50_000 + ": " + "b" * 50_000 + "\n"
    (problem,) = problems(tmp_path, text)
    head, shown, pointer = problem.split("\n")
    assert head == "item.yaml:1:50008: text containing ': ' must be in quotes"
    assert shown == "    …" + "a" * 60 + ": " + "b" * 58 + "…"
    assert len(shown) - 4 == SHOWN_WIDTH + 2
    assert pointer == "    " + " " * 61 + "^"
    assert shown[len(pointer) - 1] == ":"


def test_cut_keeps_short_lines_and_the_ends_of_long_ones() -> None:
    assert cut("short: line", 5) == ("short: line", 5)
    line = "x" * 200
    assert cut(line, 3) == ("x" * SHOWN_WIDTH + "…", 3)
    assert cut(line, 199) == ("…" + "x" * SHOWN_WIDTH, 199 - 80 + 1)


def test_the_caret_lines_up_under_a_tab(tmp_path: Path) -> None:
    (problem,) = problems(tmp_path, 'title: "a\tb" c\n')
    assert problem.split("\n")[1:] == ['    title: "a\tb" c', "             \t   ^"]


CUT_TEXT = "the text after # was read as a comment; put the value in quotes to keep it"


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path-first", "ruamel-only"])
def test_a_comment_that_cuts_plain_text_is_a_warning(tmp_path: Path, fast: bool) -> None:
    text = (
        "title: Green canteens #1 for hospitals\n"
        "summary: Local food\n  for patients #2\n"
        "location:\n  country: Italy #it\n  city: Milan  # set apart: a comment\n"
        "topics:\n  - canteens #food\n  - 'quoted' #not plain text\n"
        "start: 2016 #a number is not text\n"
        "colour: #1f3a68\n"
        "logo: # nothing yet\n"
        "end: ~ #null\n"
        "text: |\n  a # inside a block\n"
    )
    assert problems(tmp_path, text, fast) == [
        f"item.yaml:1:23: warning: title: {CUT_TEXT}",
        f"item.yaml:3:16: warning: summary: {CUT_TEXT}",
        f"item.yaml:5:18: warning: location.country: {CUT_TEXT}",
        f"item.yaml:8:14: warning: topics[1]: {CUT_TEXT}",
        f"item.yaml:11:9: warning: colour: {CUT_TEXT}",
    ]


def test_a_file_with_a_comment_still_takes_the_fast_path() -> None:
    loaded = source_yaml.fast_load("# illustrative\ntitle: Green canteens #1\nlogo: x.svg  # ok\n")
    assert loaded is not None
    data, _, comments = loaded
    assert data == {"title": "Green canteens", "logo": "x.svg"}
    assert [(c.path, c.line, c.column) for c in comments] == [(("title",), 2, 23), (("logo",), 3, 14)]
