"""Turn ruamel.yaml's syntax errors into plain-language problems at the line that is wrong.

ruamel says where its parser stopped, in parser words ("mapping values are not allowed
here"). ``EXPLAINERS`` maps each of its messages to a function that reads the lines around
that place and says what the author has to change, at the line to change; a message no
explainer knows is shown as ruamel wrote it. The offending line is shown under the message
with a caret, cut around the column when it is long.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from brief_builder.errors import Problem

if TYPE_CHECKING:
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

SHOWN_WIDTH = 120
"""At most this many characters of the offending line are shown (the rest is cut with "…")."""
KEY_SHOWN = 40
"""Keys and texts quoted in messages are cut to this many characters."""

COLON_IN_TEXT = "text containing ': ' must be in quotes"
COLON_AT_END = "text ending in ':' must be in quotes"
TAB_INDENT = "tabs cannot indent YAML; use spaces"
TAB_ELSEWHERE = "tabs cannot separate YAML values; use spaces, or put the text in quotes"
STARTS_WITH = "text starting with {char!r} must be in quotes"
DASH_IN_TEXT = "text starting with '- ' must be in quotes; the entries of a list go on lines of their own"
TEXT_AFTER_QUOTE = "text after the closing quote must be inside the quotes"
APOSTROPHE = " (inside single quotes an apostrophe is written twice: 'it''s')"
QUOTE_NOT_CLOSED = "expected a closing {quote} for the quote that starts here, got the end of the file"
BRACKET_NOT_CLOSED = "expected {close!r} to close the {what} that starts here, got {found}"
BLOCK_TEXT_ON_HEADER = "the text after {char!r} must start on the next line, indented"
BACKSLASH = (
    "a backslash in double quotes starts an escape like \\n; write \\\\ for a backslash, or use single quotes"
)
NO_COLON = "expected 'key: value', got {text} without ':'"
NO_COLON_CONTINUED = "; if it continues the text of {key} above, indent it more than {key}"
NO_SPACE_AFTER_COLON = "expected a space after ':', got {text}"
MISALIGNED = "expected {what} to line up with {options}, got {got}"
MISALIGNED_TEXT = "; if this line continues the text above, put that text in quotes"
FIRST_INDENTED = "expected {key} at the start of the line, like {other} on line {line}, got {got}"
FLOW_DASH = (
    "inside [ ] and { } entries are separated by commas, without '- '; "
    "text starting with '- ' must be in quotes"
)
LIST_IN_MAPPING = "expected 'key: value' like {key} on line {line}, got a list entry '- '"
KEY_IN_LIST = "expected another '- ' entry or the end of the list, got {text}"
CONTROL_CHARACTER = "expected printable text, got the control character {code}; remove it"
CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed"}
CONTROL_NAMES |= {0x1B: "ESC", 0x7F: "DEL"}


def syntax_problem(display: str, exc: MarkedYAMLError, text: str) -> Problem:
    """The problem of a file ruamel could not parse, explained and located."""
    lines = split_lines(text)
    error = _Error(
        context=exc.context or "",
        problem=exc.problem or "",
        context_mark=_position(exc.context_mark),
        problem_mark=_position(exc.problem_mark),
        lines=lines,
    )
    found = explain(error)
    if found is None:
        mark = error.problem_mark or error.context_mark
        words = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        if mark is None:
            return Problem(display, None, "", f"invalid YAML: {words}")
        found = Found(f"invalid YAML: {words}", *mark)
    return located(display, lines, found)


def reader_problem(display: str, exc: ReaderError, text: str) -> Problem:
    """The problem of a file holding a character YAML does not allow (NUL, ESC, ...)."""
    if not isinstance(exc.character, int) or not isinstance(exc.position, int):
        return Problem(display, None, "", f"invalid YAML: {exc}")
    before = split_lines(text[: exc.position])
    row, column = len(before) - 1, len(before[-1])
    found = Found(CONTROL_CHARACTER.format(code=_code(exc.character)), row, column)
    return located(display, split_lines(text), found)


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as ruamel counts them (YAML 1.2: ``\\n``, ``\\r\\n`` or ``\\r`` end a line)."""
    return re.split(r"\r\n|\r|\n", text)


@dataclass(frozen=True)
class Found:
    """What is wrong in plain words, and where (0-based line and column)."""

    message: str
    line: int
    column: int


def located(display: str, lines: list[str], found: Found) -> Problem:
    """``path:line:column: message`` with the line and a caret under the column."""
    shown = lines[found.line] if found.line < len(lines) else ""
    excerpt, offset = cut(shown, found.column)
    return Problem(
        display,
        found.line + 1,
        "",
        f"{found.message}\n    {excerpt}\n    {_pointer(excerpt, offset)}",
        column=found.column + 1,
    )


def cut(line: str, column: int, width: int = SHOWN_WIDTH) -> tuple[str, int]:
    """At most ``width`` characters of ``line`` around ``column``, "…" where cut, and the column's offset.

    Control characters show as ``?``: the line goes to a terminal.
    """
    line = CONTROL.sub("?", line)
    if len(line) <= width:
        return line, column
    start = min(max(0, column - width // 2), len(line) - width)
    end = start + width
    prefix = "…" if start else ""
    suffix = "…" if end < len(line) else ""
    return f"{prefix}{line[start:end]}{suffix}", column - start + len(prefix)


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters a terminal would act on rather than show (tabs are kept: they align the caret)."""


def _pointer(excerpt: str, offset: int) -> str:
    """Spaces (tabs where the line has tabs, so that the caret lines up) and a caret."""
    return "".join("\t" if char == "\t" else " " for char in excerpt[:offset]) + "^"


def _code(character: int) -> str:
    name = CONTROL_NAMES.get(character)
    return f"U+{character:04X}" + (f" ({name})" if name else "")


def _position(mark: object) -> tuple[int, int] | None:
    if mark is None:
        return None
    return mark.line, mark.column  # type: ignore[attr-defined]


# --- the anatomy of a line ---------------------------------------------------------------

ANATOMY = re.compile(r"(?P<indent> *)(?P<dashes>(?:-(?: +|$))*)(?P<rest>.*)")
KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s"'#\[\]{},][^#]*?)(?P<gap>[ \t]*):(?:[ \t]|$)""")
GLUED_KEY = re.compile(r"""[^\s"'#\[\]{},:]+:[^\s:]""")


@dataclass(frozen=True)
class _Line:
    """One line cut into indentation, list dashes and the rest (a key, text or a comment)."""

    number: int
    """1-based."""
    indent: int
    dashes: tuple[int, ...]
    """Column of each ``-`` that starts a list entry."""
    rest: str
    rest_column: int
    key: str | None
    """The key the line starts, when it starts one."""
    key_end: int | None
    """Column of the key's ``:``."""

    @property
    def significant(self) -> bool:
        """Not blank, not only a comment."""
        return bool(self.rest.strip() and not self.rest.lstrip().startswith("#")) or bool(self.dashes)

    @property
    def first_column(self) -> int:
        return self.dashes[0] if self.dashes else self.rest_column

    def positions(self) -> list[tuple[int, str]]:
        """Where a line below may start to belong to this line's structure: ``(column, label)``."""
        found = [(self.rest_column, _quoted_key(self.key) if self.key else "the text")]
        found += [(column, "the '- ' entry") for column in reversed(self.dashes)]
        return found


def _anatomy(lines: list[str], row: int) -> _Line:
    match = ANATOMY.match(lines[row])
    assert match is not None  # every part may be empty
    indent = len(match["indent"])
    dashes: list[int] = []
    column = indent
    for part in re.findall(r"- *", match["dashes"]):
        dashes.append(column)
        column += len(part)
    rest = match["rest"]
    key = KEY.match(rest)
    return _Line(
        number=row + 1,
        indent=indent,
        dashes=tuple(dashes),
        rest=rest,
        rest_column=column,
        key=key["key"] if key else None,
        key_end=column + key.end("gap") if key else None,
    )


def _value_of(text: str, line: _Line) -> str:
    """What follows the key of ``line`` (all of its rest when it has no key)."""
    if line.key_end is None:
        return line.rest
    return text[line.key_end + 1 :].strip()


def _quoted_key(key: str) -> str:
    shown = key if len(key) <= KEY_SHOWN else key[: KEY_SHOWN - 1] + "…"
    return repr(f"{shown}:")


def _quoted_text(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= KEY_SHOWN else text[: KEY_SHOWN - 1] + "…")


def _above(lines: list[str], row: int) -> _Line | None:
    """The nearest line above ``row`` that holds something other than a comment."""
    for previous in range(row - 1, -1, -1):
        line = _anatomy(lines, previous)
        if line.significant:
            return line
    return None


def _below(lines: list[str], row: int) -> _Line | None:
    """The nearest line below ``row`` that holds something other than a comment."""
    for following in range(row + 1, len(lines)):
        line = _anatomy(lines, following)
        if line.significant:
            return line
    return None


def _spaces(count: int) -> str:
    if count == 0:
        return "no spaces"
    return "1 space" if count == 1 else f"{count} spaces"


def _may_line_up(line: _Line, label: str) -> bool:
    """Whether ``line`` may line up with a position labelled so: text with text, entries with entries."""
    if line.dashes:
        return label == "the '- ' entry"
    if label == "the text":
        return line.key is None
    return True


def _misaligned(lines: list[str], row: int) -> str | None:
    """Why line ``row`` lines up with nothing above it, or None when it does line up."""
    line = _anatomy(lines, row)
    options: list[tuple[int, str, int]] = []
    limit: int | None = None
    for previous in range(row - 1, -1, -1):
        above = _anatomy(lines, previous)
        if not above.significant:
            continue
        for column, label in above.positions():
            if limit is not None and column >= limit:
                continue  # inside a structure that ended above this line
            limit = column
            if _may_line_up(line, label):
                options.append((column, label, above.number))
        if limit == 0:
            break
    got = line.first_column
    if not options or any(column == got for column, _, _ in options):
        return None
    if line.key:
        what = _quoted_key(line.key)
    elif line.dashes:
        what = "this '- ' entry"
    else:
        what = "this line"
    shown = [f"{label} on line {number} ({_spaces(column)})" for column, label, number in options[:4]]
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    return MISALIGNED.format(what=what, options=listed, got=_spaces(got))


# --- explainers: ruamel's message -> what to change, and where ---------------------------


@dataclass(frozen=True)
class _Error:
    context: str
    problem: str
    context_mark: tuple[int, int] | None
    problem_mark: tuple[int, int] | None
    lines: list[str]

    @property
    def words(self) -> str:
        return f"{self.context}: {self.problem}"


def _colon(error: _Error) -> Found | None:
    """ "mapping values are not allowed here": a ': ' inside text, or a key glued to the line above."""
    if error.problem_mark is None:
        return None
    row, column = error.problem_mark
    line = _anatomy(error.lines, row)
    inside_value = line.key_end is None or line.key_end < column
    if inside_value:
        at_end = not error.lines[row][column + 1 :].strip()
        return Found(COLON_AT_END if at_end else COLON_IN_TEXT, row, column)
    # the key of this line was read as the end of the value above: the line above lacks
    # its ': ', or this line is indented more than that value's key
    above = _above(error.lines, row)
    if above is not None and above.key is None and above.first_column == line.first_column:
        return _no_colon(error.lines, above.number - 1)
    misaligned = _misaligned(error.lines, row)
    if misaligned:
        return Found(misaligned + MISALIGNED_TEXT, row, line.first_column)
    if above is not None and above.key is None:
        return _no_colon(error.lines, above.number - 1)
    return None


def _no_colon(lines: list[str], row: int) -> Found:
    """Line ``row`` should hold a key, but has no ': '."""
    line = _anatomy(lines, row)
    glued = GLUED_KEY.match(line.rest)
    if glued:
        return Found(
            NO_SPACE_AFTER_COLON.format(text=_quoted_text(line.rest)),
            row,
            line.rest_column + glued.end() - 1,
        )
    message = NO_COLON.format(text=_quoted_text(line.rest))
    above, below = _above(lines, row), _below(lines, row)
    opens_block = below is not None and below.first_column > line.first_column
    if above is not None and above.key and _value_of(lines[above.number - 1], above) and not opens_block:
        message += NO_COLON_CONTINUED.format(key=_quoted_key(above.key))
    return Found(message, row, line.rest_column)


def _simple_key(error: _Error) -> Found | None:
    """ "could not find expected ':'": the line where the key starts has no ': '."""
    if error.context_mark is None:
        return None
    return _no_colon(error.lines, error.context_mark[0])


def _tab(error: _Error) -> Found | None:
    if error.problem_mark is None:
        return None
    row, column = error.problem_mark
    leading = not error.lines[row][:column].strip(" \t-")
    return Found(TAB_INDENT if leading else TAB_ELSEWHERE, row, column)


def _reserved(error: _Error) -> Found | None:
    """A character that cannot start a value (``@``, `````, ``%``), or a bare ``&`` or ``*``."""
    if "cannot start any token" in error.problem:
        mark = error.problem_mark
    else:
        mark = error.context_mark or error.problem_mark
    if mark is None:
        return None
    row, column = mark
    char = error.lines[row][column : column + 1]
    if "anchor" in error.context:
        char = "&"
    elif "alias" in error.words:
        char = "*"
    return Found(STARTS_WITH.format(char=char), row, column)


def _at_problem(message: str) -> Callable[[_Error], Found | None]:
    """An explainer giving ``message`` at the place the parser stopped."""

    def explain(error: _Error) -> Found | None:
        return None if error.problem_mark is None else Found(message, *error.problem_mark)

    return explain


def _unclosed_quote(error: _Error) -> Found | None:
    if error.context_mark is None:
        return None
    row, column = error.context_mark
    quote = error.lines[row][column : column + 1] or '"'
    return Found(QUOTE_NOT_CLOSED.format(quote=quote), row, column)


def _flow(error: _Error) -> Found | None:
    """``[`` or ``{`` not closed, or a ': ' in their text."""
    if error.context_mark is None or error.problem_mark is None:
        return None
    opened, stopped = error.context_mark, error.problem_mark
    is_list = "sequence" in error.context
    close, what = ("]", "list") if is_list else ("}", "mapping")
    found = re.search(r"but got '(.*)'$", error.problem)
    token = found.group(1) if found else ""
    if stopped[0] == opened[0] and token == ":":
        return Found(COLON_IN_TEXT, *stopped)
    if token == "<stream end>":
        got = "the end of the file"
    else:
        line = _anatomy(error.lines, stopped[0])
        got = f"{_quoted_key(line.key)} on line {stopped[0] + 1}" if line.key else f"line {stopped[0] + 1}"
    return Found(BRACKET_NOT_CLOSED.format(close=close, what=what, found=got), *opened)


def _block_header(error: _Error) -> Found | None:
    if error.context_mark is None or error.problem_mark is None:
        return None
    row, column = error.context_mark
    char = error.lines[row][column : column + 1]
    return Found(BLOCK_TEXT_ON_HEADER.format(char=char), *error.problem_mark)


def _block_end(error: _Error) -> Found | None:
    """ "expected <block end>, but found ...": a line out of line, a list among keys, text after a quote."""
    if error.problem_mark is None:
        return None
    row, column = error.problem_mark
    line = _anatomy(error.lines, row)
    if column <= line.rest_column:  # the line's first token: its indentation or its kind is wrong
        misaligned = _misaligned(error.lines, row)
        if misaligned:
            return Found(misaligned, row, line.first_column)
        above = _above(error.lines, row)
        if line.dashes and "block mapping" in error.context and above is not None and above.key:
            return Found(LIST_IN_MAPPING.format(key=_quoted_key(above.key), line=above.number), row, column)
        if "block collection" in error.context and not line.dashes:
            return Found(KEY_IN_LIST.format(text=_quoted_text(line.rest)), row, column)
        return None
    value = _value_of(error.lines[row], line)
    if value[:1] in ("'", '"'):
        return Found(TEXT_AFTER_QUOTE + (APOSTROPHE if value[0] == "'" else ""), row, column)
    if value[:1] in ("[", "{"):
        return Found(STARTS_WITH.format(char=value[0]), row, column)
    return None


def _after_document(error: _Error) -> Found | None:
    """ "expected '<document start>'": the file's first line is indented, the next ones are not."""
    if error.problem_mark is None:
        return None
    row = error.problem_mark[0]
    line = _anatomy(error.lines, row)
    first = next(
        (above for above in map(partial(_anatomy, error.lines), range(row)) if above.significant), None
    )
    if first is not None and first.first_column > line.first_column == 0:
        key = _quoted_key(first.key) if first.key else "the first line"
        other = _quoted_key(line.key) if line.key else "the text"
        message = FIRST_INDENTED.format(key=key, other=other, line=row + 1, got=_spaces(first.first_column))
        return Found(message, first.number - 1, first.first_column)
    misaligned = _misaligned(error.lines, row)
    return Found(misaligned, row, line.first_column) if misaligned else None


def _flow_dash(error: _Error) -> Found | None:
    if error.problem_mark is None:
        return None
    return Found(FLOW_DASH, *error.problem_mark)


EXPLAINERS: tuple[tuple[re.Pattern[str], Callable[[_Error], Found | None]], ...] = (
    (re.compile(r"mapping values are not allowed here"), _colon),
    (re.compile(r"could not find expected ':'"), _simple_key),
    (re.compile(r"found character '\\t' that cannot start any token"), _tab),
    (re.compile(r"found character '.' that cannot start any token"), _reserved),
    (re.compile(r"while scanning an? (anchor|alias)|found undefined alias"), _reserved),
    (re.compile(r"sequence entries are not allowed here"), _at_problem(DASH_IN_TEXT)),
    (re.compile(r"while scanning a quoted scalar: found unexpected end of stream"), _unclosed_quote),
    (re.compile(r"while parsing a flow (sequence|mapping): expected ','"), _flow),
    (re.compile(r"while scanning a block scalar: expected a comment or a line break"), _block_header),
    (re.compile(r"while scanning a double-quoted scalar: .*escape"), _at_problem(BACKSLASH)),
    (re.compile(r"expected <block end>, but found"), _block_end),
    (re.compile(r"expected '<document start>', but found"), _after_document),
    (re.compile(r"while parsing a flow node: expected the node content, but found '-'"), _flow_dash),
)
"""ruamel's words (``context: problem``) -> the explainer that turns them into plain ones."""


def explain(error: _Error) -> Found | None:
    """The first explainer that knows ``error``'s words and can say what to change."""
    for pattern, explainer in EXPLAINERS:
        if pattern.search(error.words):
            found = explainer(error)
            if found is not None:
                return found
    return None
