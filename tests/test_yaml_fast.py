"""The libyaml fast path reads every file exactly as ruamel does, or leaves it to ruamel."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, ROOTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief_builder.sources import yaml as source_yaml
from brief_builder.sources.yaml import fast_load, read_yaml

TRICKY = {
    "yaml-1.1-words": "a: yes\nb: no\nc: on\nd: off\ne: y\n",
    "numbers": "a: 1.5\nb: 0o17\nc: 0x1f\nd: 017\ne: -3\nf: +4\ng: 1_000\nh: .inf\ni: 1e3\n",
    "dates-and-times": "a: 2021-05-20\nb: 2021-05-20T10:00:00\nd: 10:30\n",
    "nulls": "a: ~\nb: null\nc:\nd: Null\ne: ''\n",
    "bools": "a: true\nb: False\nc: TRUE\n",
    "anchors": "a: &x {k: 1}\nb: *x\n",
    "anchor-only": "a: &x value\n",
    "anchor-twice": "a: &x 1\nb: &x 2\n",
    "alias-in-list": "a: &x 1\nb: [*x, 2]\n",
    "anchored-key": "&k a: 1\nb: 2\n",
    "explicit-document": "---\na: 1\nb: [x, {c: d}]\n...\n",
    "nested": "a:\n  - b:\n      - [1, 2]\n      - {c: [d]}\n  - e\n",
    "merge": "base: &b {k: 1}\nother:\n  <<: *b\n  j: 2\n",
    "tags": "a: !!str 123\nb: !!int '5'\n",
    "duplicate": "a: 1\nb: 2\na: 3\n",
    "int-keys": "2021: year\ntrue: yes\n",
    "block-scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\n\nc: plain\n  continued\n",
    "markdown": "text: >\n  A *reshoring* of **some** [links](https://x.org) & more!\n",
    "list-of-maps": "- name: A\n  role: B\n-   name: C\n\n- text\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "syntax-error": "a: [1, 2\nb: 3\n",
    "tab": "a:\n\tb: 1\n",
    "comments-only": "# nothing\n",
    "scalar": "just text\n",
    "units": "a: 10.5pt\nb: 20mm\nc: .5em\nd: 50%\ne: -3px\nf: 2021-05-20 or later\ng: 12:30h\n",
    "number-like": "a: 1x\nb: 0x1f\nc: 1_0.5e3\n",
    "equals-sign": "a: =\nb: [=, x]\nc: ==\n",
    "comments-after-text": (
        "a: Green canteens #1\nb: x  # meant\nc:\n  - y #z\n  - 'q' #r\nd: 2016 #n\ne: #1f3a68\n"
        "f: # none\ng: ~ #null\nh: {i: j #k\n  }\nl: multi\n  line #cut\n"
    ),
}


def read_both(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "item.yaml"
    path.write_text(text, encoding="utf-8")
    fast = read_yaml(path, tmp_path)
    with monkeypatch.context() as patch:
        patch.setattr(source_yaml, "fast_load", lambda text: None)
        slow = read_yaml(path, tmp_path)
    return fast, slow


def test_a_plain_equals_sign_is_text(tmp_path: Path) -> None:
    """ruamel resolves a plain ``=`` as YAML 1.1's value key; in a source it is the text "="."""
    path = tmp_path / "item.yaml"
    path.write_text("title: =\nitems:\n  - =\n", encoding="utf-8")
    doc = read_yaml(path, tmp_path)
    assert (doc.problems, doc.data) == ([], {"title": "=", "items": ["="]})


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_files_read_as_ruamel_reads_them(name: str, tmp_path: Path, monkeypatch) -> None:
    fast, slow = read_both(tmp_path, TRICKY[name], monkeypatch)
    assert (fast.data, fast.lines, fast.problems) == (slow.data, slow.lines, slow.problems)


def test_fast_path_leaves_what_it_cannot_promise_to_ruamel() -> None:
    for name in (
        "numbers",
        "anchors",
        "merge",
        "tags",
        "duplicate",
        "syntax-error",
        "two-documents",
        "anchor-twice",
        "alias-in-list",
        "number-like",
    ):
        assert fast_load(TRICKY[name]) is None, name
    for name in (
        "bools",
        "nulls",
        "markdown",
        "list-of-maps",
        "block-scalars",
        "anchor-only",
        "nested",
        "units",
    ):
        assert fast_load(TRICKY[name]) is not None, name


def test_every_example_and_test_source_reads_the_same_and_most_take_the_fast_path(monkeypatch) -> None:
    folders = (REPO / "sources", ROOTS, REPO / "layouts")
    paths = sorted(path for folder in folders for path in folder.rglob("*.yaml"))
    fast_count = 0
    for path in paths:
        fast = read_yaml(path, path.parent)
        with monkeypatch.context() as patch:
            patch.setattr(source_yaml, "fast_load", lambda text: None)
            slow = read_yaml(path, path.parent)
        assert (fast.data, fast.lines, fast.problems) == (slow.data, slow.lines, slow.problems), path
        fast_count += fast_load(path.read_text(encoding="utf-8", errors="replace")) is not None
    assert fast_count >= len(paths) * 0.8


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.text(alphabet="0123456789+-._:=eEboxXtTZiInNfFaApmg% ", min_size=1, max_size=12).filter(
        lambda v: v[0] in "0123456789+-.=" and v.strip() == v
    )
)
def test_number_like_plain_scalars_read_as_ruamel_reads_them(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = read_both(tmp_path, f"a: {value}\nb: [{value}]\n", monkeypatch)
    assert (fast.data, fast.lines, fast.problems) == (slow.data, slow.lines, slow.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="ab #:-'\n", min_size=1, max_size=40))
def test_comments_after_values_are_found_alike_by_both_readers(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fast_load(text) is None:
        return  # ruamel reads it either way
    fast, slow = read_both(tmp_path, text, monkeypatch)
    assert (fast.data, fast.lines, fast.problems) == (slow.data, slow.lines, slow.problems)


def test_the_built_in_layouts_take_the_fast_path() -> None:
    """Sizes such as ``10.5pt`` are strings to both readers: no layout needs ruamel (nor importing it)."""
    for path in sorted((REPO / "layouts").glob("*/layout.yaml")):
        assert fast_load(path.read_text(encoding="utf-8")) is not None, path
