"""Turn Markdown text into the outline's rich text: paragraphs and lists of formatted runs.

CommonMark with raw HTML switched off, so HTML in a source is shown as text. Headings,
quotes and code blocks inside a text field become plain paragraphs: the heading tree of a
brief comes from its section rules alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:  # markdown-it loads when text is parsed, not when an outline is read back
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

ALLOWED_SCHEMES = ("http", "https", "mailto")
"""The schemes a link may use, in sources and in every output."""
MARKDOWN_NESTING = 20
"""Deepest nesting of Markdown (quotes and lists, counting the list items and the paragraphs in
them, as markdown-it counts) shown as written: text nested deeper is flattened into the deepest
level shown, with a warning where it is written (markdown-it alone would drop it)."""
MEASURED_NESTING = 2 * MARKDOWN_NESTING
"""Deepest nesting measured (parsing costs time in proportion to it): text nesting this deep or
deeper is shown as plain text, its Markdown unread."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Run(Model):
    """A stretch of text with one formatting."""

    text: str
    strong: bool = False
    em: bool = False
    code: bool = False
    href: str | None = None
    """Target of the link this run belongs to, if any."""


class Paragraph(Model):
    type: Literal["paragraph"] = "paragraph"
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class ListBlock(Model):
    type: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: list[list[RichBlock]]


RichBlock = Annotated[Paragraph | ListBlock, Field(discriminator="type")]
ListBlock.model_rebuild()


def rich_texts(blocks: Sequence[RichBlock]) -> Iterator[str]:
    """The text of every paragraph in ``blocks``, nested lists included, in reading order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for item in block.items:
                yield from rich_texts(item)


def rich_runs(blocks: Sequence[RichBlock]) -> Iterator[Run]:
    """Every run of ``blocks``, nested lists included, in reading order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from block.runs
        else:
            for item in block.items:
                yield from rich_runs(item)


@lru_cache(maxsize=2)
def _parser(nesting: int = MARKDOWN_NESTING) -> MarkdownIt:
    """CommonMark without HTML, nesting at most ``nesting`` levels (deeper text is dropped)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.options["maxNesting"] = nesting
    # Keep every link so that a forbidden one is reported by `bad_links`, not silently dropped.
    parser.validateLink = lambda url: True
    return parser


def to_rich(text: str | None) -> list[RichBlock]:
    """Parse ``text`` as Markdown; ``None`` or blank text gives no blocks.

    Links whose scheme is not http, https or mailto lose their target and keep their text.
    """
    if not text or not text.strip():
        return []
    return list(_parse(text))


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[RichBlock, ...]:
    tokens, depth = _tokens(text)
    if depth >= MEASURED_NESTING:  # deeper than measured: the parser dropped some of the text
        return tuple(_plain_paragraphs(text))
    blocks, _ = _blocks(tokens, 0, closing=None)
    return tuple(blocks)


def too_deep(text: str) -> int | None:
    """How deep ``text`` nests (quotes and lists) when deeper than ``MARKDOWN_NESTING``, else None.

    The depth counts as markdown-it counts (a list item's paragraph is three levels below its
    list); a depth of ``MEASURED_NESTING`` means at least that deep.
    """
    depth = _tokens(text)[1]
    return depth if depth > MARKDOWN_NESTING else None


def _tokens(text: str) -> tuple[list[Token], int]:
    """The tokens of ``text`` and the depth it nests to (at most ``MEASURED_NESTING``).

    markdown-it drops without a word the blocks nested deeper than its ``maxNesting``; text
    that comes near the limit is parsed again with room to measure, and those tokens are kept.
    """
    tokens = _parser().parse(text)
    if max((token.level for token in tokens), default=0) < MARKDOWN_NESTING - 1:  # the usual case
        return tokens, _depth(tokens)
    tokens = _parser(MEASURED_NESTING).parse(text)
    return tokens, min(_depth(tokens), MEASURED_NESTING)


def _depth(tokens: list[Token]) -> int:
    """Levels of nesting the block ``tokens`` take, the deepest block counting its own."""
    return 1 + max((token.level for token in tokens if token.type != "inline"), default=-1)


def _plain_paragraphs(text: str) -> Iterator[Paragraph]:
    """``text`` as written, its Markdown unread: a paragraph for each stretch between blank lines."""
    for chunk in text.split("\n\n"):
        words = " ".join(chunk.split())
        if words:
            yield Paragraph(runs=[Run(text=words)])


def bad_links(text: str) -> list[str]:
    """Link and image targets in ``text`` that are not http, https or mailto URLs."""
    if "[" not in text and "<" not in text:  # no link, image or autolink can start
        return []
    found: list[str] = []
    for token in _parser().parse(text):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                target = str(child.attrs.get("href") or child.attrs.get("src") or "")
                if not allowed_link(target):
                    found.append(target)
    return found


def allowed_link(url: str) -> bool:
    """Whether ``url`` is a link sources may hold and outputs may show: http, https or mailto."""
    scheme, colon, _ = url.strip().partition(":")
    return bool(colon) and scheme.lower() in ALLOWED_SCHEMES


def to_plain(text: str | None) -> str:
    """The text of Markdown without its formatting, paragraphs joined by spaces."""
    return plain_text(to_rich(text))


def plain_text(blocks: Sequence[RichBlock], separator: str = " ") -> str:
    """The text of ``blocks`` without formatting, paragraphs (list items too) joined by ``separator``."""
    return separator.join(rich_texts(blocks))


def _blocks(
    tokens: list[Token], index: int, closing: str | None, flat: bool = False
) -> tuple[list[RichBlock], int]:
    """Read block tokens from ``index`` until the token ``closing``; return blocks and next index.

    A list whose items would nest deeper than ``MARKDOWN_NESTING`` is flattened: the paragraphs
    of its items, nested lists included, follow one another where the list stands (``flat``).
    """
    blocks: list[RichBlock] = []
    while index < len(tokens):
        token = tokens[index]
        if closing is not None and token.type == closing:
            return blocks, index + 1
        if token.type in ("bullet_list_open", "ordered_list_open") and not flat:
            if token.level + 3 > MARKDOWN_NESTING:  # list, item, paragraph: one level each
                end = _end_of_list(tokens, index)
                flattened, _ = _blocks(tokens[index + 1 : end], 0, closing=None, flat=True)
                blocks.extend(flattened)
                index = end + 1
                continue
            block, index = _list(tokens, index)
            blocks.append(block)
            continue
        if token.type == "inline":
            runs = _runs(token.children or [])
            if runs:
                blocks.append(Paragraph(runs=runs))
        elif token.type in ("fence", "code_block"):
            blocks.append(Paragraph(runs=[Run(text=token.content.rstrip("\n"), code=True)]))
        elif token.type == "html_block":
            blocks.append(Paragraph(runs=[Run(text=token.content.rstrip("\n"))]))
        index += 1
    return blocks, index


def _list(tokens: list[Token], index: int) -> tuple[ListBlock, int]:
    opening = tokens[index]
    ordered = opening.type == "ordered_list_open"
    closing = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(opening.attrs.get("start", 1) or 1) if ordered else 1
    items: list[list[RichBlock]] = []
    index += 1
    while tokens[index].type != closing:
        if tokens[index].type == "list_item_open":
            item, index = _blocks(tokens, index + 1, closing="list_item_close")
            items.append(item)
        else:
            index += 1
    return ListBlock(ordered=ordered, start=start, items=items), index + 1


def _end_of_list(tokens: list[Token], index: int) -> int:
    """The index of the token closing the list opened at ``index``."""
    opening = tokens[index]
    closing = opening.type.replace("_open", "_close")
    return next(
        at
        for at in range(index + 1, len(tokens))
        if tokens[at].type == closing and tokens[at].level == opening.level
    )


def _runs(children: list[Token]) -> list[Run]:
    runs: list[Run] = []
    strong = em = 0
    href: str | None = None
    for token in children:
        kind = token.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "link_open":
            target = str(token.attrs.get("href", ""))
            href = target if allowed_link(target) else None
        elif kind == "link_close":
            href = None
        elif kind in ("text", "html_inline"):
            _append(runs, Run(text=token.content, strong=strong > 0, em=em > 0, href=href))
        elif kind == "code_inline":
            runs.append(Run(text=token.content, code=True, strong=strong > 0, em=em > 0, href=href))
        elif kind == "softbreak":
            _append(runs, Run(text=" ", strong=strong > 0, em=em > 0, href=href))
        elif kind == "hardbreak":
            _append(runs, Run(text="\n", strong=strong > 0, em=em > 0, href=href))
        elif kind == "image":
            _append(runs, Run(text=token.content, strong=strong > 0, em=em > 0, href=href))
    return runs


def _append(runs: list[Run], run: Run) -> None:
    """Add ``run``, joining it to the previous one when they are formatted alike."""
    if runs and runs[-1].model_dump(exclude={"text"}) == run.model_dump(exclude={"text"}):
        runs[-1] = runs[-1].model_copy(update={"text": runs[-1].text + run.text})
    else:
        runs.append(run)
