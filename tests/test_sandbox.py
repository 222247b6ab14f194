"""Tests of the template sandbox: a layout of one's own reaches no Python internals and no file outside it."""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path
from typing import Any

import pytest
from conftest import extending_layout
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief_builder.errors import ProblemsError
from brief_builder.layouts.loader import Layout, load_layout
from brief_builder.layouts.sandbox import CALLABLE_CLASSES
from brief_builder.layouts.templates import render_template, sandbox
from brief_builder.outline import Outline
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.html import BriefView, render_html

SECRET = "TOP-SECRET-7f3a"


def mine(tmp_path: Path, blocks: str) -> Layout:
    """The layout ``mine`` in ``tmp_path/layouts`` overriding the cover with ``blocks`` (on line 3)."""
    sandbox.cache_clear()
    extending_layout(tmp_path / "layouts" / "mine", f"{{% block cover %}}\n{blocks}\n{{% endblock %}}\n")
    return load_layout("mine", extra=[tmp_path / "layouts"])


def problems_of(outline: Outline, layout: Layout) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        render_html(outline, layout, RenderOptions())
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


ESCAPES = [
    ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "'__class__' of 'str' object is unsafe"),
    ("{{ lead_separator.__globals__ }}", "'__globals__' of 'function' object is unsafe"),
    ("{{ slug.__globals__['os'] }}", "'__globals__' of 'function' object is unsafe"),
    ("{{ notes_for.__self__ }}", "'__self__' of 'method' object is unsafe"),
    ("{{ cycler.__init__.__globals__ }}", "'__init__' of 'type' object is unsafe"),
    ("{{ joiner.__init__.__globals__.os }}", "'__init__' of 'type' object is unsafe"),
    ("{{ namespace.__init__.__globals__ }}", "'__init__' of 'type' object is unsafe"),
    ("{{ dict.mro() }}", "'mro' of 'type' object is unsafe"),
    ("{{ range.__globals__ }}", "'__globals__' of 'function' object is unsafe"),
    ("{{ lipsum.__globals__ }}", "'lipsum' is undefined"),
    ("{{ self.__init__.__globals__ }}", "'__init__' of 'TemplateReference' object is unsafe"),
    ("{{ meta.parse_file('SECRET') }}", "'parse_file' of 'Meta' object is unsafe"),
    ("{{ meta.model_fields }}", "'model_fields' of 'Meta' object is unsafe"),
    ("{{ meta.__class__ }}", "'__class__' of 'Meta' object is unsafe"),
    ("{{ labels.update({'a': 'b'}) }}", "'update' of 'dict' object is unsafe"),
    ("{{ outline.sections.append(1) }}", "'append' of 'list' object is unsafe"),
    ("{{ 'x' * 100000000 }}", "'*' would make 100,000,000 items, above 1,000,000"),
    ("{{ 9 ** 99999999 }}", "'**' would make a number of more than 1,000,000 digits"),
    ("{{ '{0.__class__}'.format('') }}", "'__class__' of 'str' object is unsafe"),
    ("{{ ''|attr('__class__') }}", "'__class__' of 'str' object is unsafe"),
    ("{{ 1 / 0 }}", "division by zero (ZeroDivisionError)"),
    ("{{ nothing_here }}", "'nothing_here' is undefined"),
]


@pytest.mark.parametrize(("expression", "message"), ESCAPES, ids=[e for e, _ in ESCAPES])
def test_a_template_cannot_reach_outside_the_sandbox(
    tmp_path: Path, outline: Outline, expression: str, message: str
) -> None:
    layout = mine(tmp_path, expression)
    [problem] = problems_of(outline, layout)
    assert problem.startswith("layouts/mine/brief.html.jinja:3: template: ")
    assert message in problem


def test_a_template_reads_no_file_through_the_data(tmp_path: Path, outline: Outline, secret: Path) -> None:
    for number, expression in enumerate(
        (
            "{{ meta.source.path.read_text() }}",
            "{{ meta.parse_raw(meta.source.path) }}",
            f"{{{{ stylesheet('{secret}') }}}}",
            "{{ asset_url('../../secret.txt') }}",
            f"{{% include '{secret}' %}}",
            "{% include '../../secret.txt' %}",
        )
    ):
        problems = problems_of(outline, mine(tmp_path / str(number), expression))
        assert all(SECRET not in problem for problem in problems), expression


def test_the_plain_data_stays_usable(tmp_path: Path, outline: Outline) -> None:
    layout = mine(
        tmp_path,
        "<p id=t>{{ meta.title.upper() }}|{{ meta.date.year }}|{{ labels.items()|list|length > 0 }}|"
        "{% set ns = namespace(n=0) %}{% for s in outline.sections %}{% set ns.n = ns.n + 1 %}{% endfor %}"
        "{{ ns.n }}|{% for x in range(3) %}{{ loop.index }}{% endfor %}|{{ dict(a=1).a }}</p>",
    )
    html = render_html(outline, layout, RenderOptions())
    date = outline.meta.date
    assert isinstance(date, dt.date)
    expected = f"{outline.meta.title.upper()}|{date.year}|True|{len(outline.sections)}|123|1"
    assert f"<p id=t>{expected}</p>" in html


def test_a_template_linked_to_a_file_outside_is_refused(
    tmp_path: Path, outline: Outline, secret: Path
) -> None:
    folder = tmp_path / "layouts" / "linked"
    folder.mkdir(parents=True)
    (folder / "layout.yaml").write_text("extends: policy-brief\n", encoding="utf-8")
    (folder / "brief.html.jinja").symlink_to(secret)
    sandbox.cache_clear()
    [problem] = problems_of(outline, load_layout("linked", extra=[tmp_path / "layouts"]))
    assert problem == (
        "layouts/linked/brief.html.jinja: template: refusing the template 'brief.html.jinja': "
        "its file brief.html.jinja is a link to a file outside the layout folders"
    )


def test_an_included_template_linked_outside_is_refused_at_its_include(
    tmp_path: Path, outline: Outline, secret: Path
) -> None:
    layout = mine(tmp_path, "{% include 'part.html.jinja' %}")
    (tmp_path / "layouts" / "mine" / "part.html.jinja").symlink_to(secret)
    problems = problems_of(outline, layout)
    assert problems == [
        "layouts/mine/brief.html.jinja:3: template: refusing the template 'part.html.jinja': "
        "its file part.html.jinja is a link to a file outside the layout folders"
    ]


def test_a_link_inside_the_layout_folders_is_followed(tmp_path: Path, outline: Outline) -> None:
    layout = mine(tmp_path, "{% include 'part.html.jinja' %}")
    (tmp_path / "layouts" / "mine" / "real.html.jinja").write_text("<p id=part>inside</p>", encoding="utf-8")
    (tmp_path / "layouts" / "mine" / "part.html.jinja").symlink_to("real.html.jinja")
    assert "<p id=part>inside</p>" in render_html(outline, layout, RenderOptions())


def test_a_template_extending_itself_is_a_located_problem(tmp_path: Path) -> None:
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "page.jinja").write_text("{% extends 'page.jinja' %}\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        render_template([folder], "page.jinja", {})
    [problem] = caught.value.problems
    assert problem.path.endswith("loop/page.jinja") and problem.line == 1
    assert str(problem).endswith(
        "template: templates nested too deeply: a template that extends, includes or calls itself?"
    )


def test_a_long_error_value_is_cut(tmp_path: Path, outline: Outline) -> None:
    layout = mine(tmp_path, "{{ ('x' * 10000) | int(base=2) + [] }}")
    [problem] = problems_of(outline, layout)
    assert len(problem) < 400


# --- random attribute chains ---------------------------------------------------------------

NAMES = [
    "__class__", "__mro__", "__subclasses__", "__globals__", "__init__", "__dict__", "__builtins__",
    "__self__", "__func__", "__code__", "__closure__", "__reduce__", "__getattribute__", "mro", "gi_frame",
    "f_globals", "f_back", "tb_frame", "parse_file", "parse_raw", "model_fields", "model_copy",
    "model_construct", "model_config", "source", "path", "read_text", "read_bytes", "write_text", "open",
    "meta", "outline", "sections", "blocks", "items", "title", "upper", "format", "format_map", "values",
    "keys", "get", "pop", "update", "os", "system", "popen", "import_module", "environment", "globals",
    "loader", "layout", "folders", "view", "theme", "find", "_layout_file", "func_globals", "im_func",
    "next", "current", "reset", "__getitem__", "date", "year", "isoformat", "index", "split", "join",
]  # fmt: skip
ROOTS = [
    "meta", "outline", "labels", "theme", "margins", "contents", "link_groups", "safe_href", "place_item",
    "notes_for", "fact_for", "table_view", "lead_separator", "slug", "stylesheet", "asset_url", "cycler",
    "joiner", "namespace", "range", "dict", "self", "''", "[]", "{}", "0",
]  # fmt: skip
STEP = st.one_of(
    st.sampled_from(NAMES).map(lambda name: f".{name}"),
    st.sampled_from(NAMES).map(lambda name: f"[{name!r}]"),
    st.sampled_from(["()", "(0)", "('SECRET')", "[0]", "|list", "|first", "|attr('__class__')"]),
)
LEAKS = (types.ModuleType, types.FrameType, types.CodeType, types.TracebackType)


@pytest.fixture(scope="module")
def user_layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """A layout of one's own (``--layouts``), extending policy-brief."""
    folder = tmp_path_factory.mktemp("user") / "layouts"
    extending_layout(folder / "mine", "{% block cover %}{{ meta.title }}{% endblock %}\n")
    return load_layout("mine", extra=[folder])


@pytest.fixture(scope="module")
def context(outline: Outline, user_layout: Layout) -> dict[str, Any]:
    return BriefView.build(outline, user_layout, RenderOptions(), "screen").context()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(root=st.sampled_from(ROOTS), steps=st.lists(STEP, min_size=1, max_size=6))
def test_random_attribute_chains_in_a_user_layout_reach_nothing_outside(
    context: dict[str, Any], user_layout: Layout, secret_file: Path, root: str, steps: list[str]
) -> None:
    """Any chain of attributes, items, calls and filters from any name a template sees, evaluated
    in the user layout's environment, is refused or gives a plain value: never a module, class,
    frame or code object, a function's globals, or a file's content."""
    expression = (root + "".join(steps)).replace("SECRET", str(secret_file))
    environment = sandbox(tuple(user_layout.folders), ())
    try:
        value = environment.compile_expression(expression, undefined_to_none=False)(**context)
        shown = str(value)
    except Exception:  # refused, undefined or a type error: all stay inside
        return
    assert not isinstance(value, LEAKS), expression
    assert not isinstance(value, type) or value in CALLABLE_CLASSES, expression
    assert not (isinstance(value, dict) and "__builtins__" in value), expression
    assert SECRET not in shown, expression
    assert not secret_file.with_name("written").exists()


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path
