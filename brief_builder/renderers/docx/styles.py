"""Turn a layout's theme into the named Word styles a brief is written with.

Every look of the DOCX lives in a style (fonts, colours, sizes, spacing, boxes, list
markers), so that a reviewer restyles the whole brief by editing styles. The styles are
plain data tables below; ``apply`` writes them into a python-docx document.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Emu, Length, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle

from brief_builder.cldr import likely_region
from brief_builder.layouts.theme import Theme
from brief_builder.renderers.docx import oxml as _oxml
from brief_builder.renderers.docx.oxml import Border, ListLevel
from brief_builder.renderers.docx.scripts import ScriptFonts, slot_languages

DEFAULT_REGIONS: Mapping[str, str] = {
    "bg": "BG",
    "cs": "CZ",
    "da": "DK",
    "de": "DE",
    "el": "GR",
    "en": "GB",
    "es": "ES",
    "et": "EE",
    "fi": "FI",
    "fr": "FR",
    "ga": "IE",
    "hr": "HR",
    "hu": "HU",
    "it": "IT",
    "lt": "LT",
    "lv": "LV",
    "mt": "MT",
    "nl": "NL",
    "pl": "PL",
    "pt": "PT",
    "ro": "RO",
    "sk": "SK",
    "sl": "SI",
    "sv": "SE",
}
"""Region Word gets for a bare language code, so that it picks the right dictionary; a language
not listed gets the region CLDR deems likely for it (``ja`` -> ``ja-JP``, ``zh-Hant`` -> ``zh-TW``)."""

TOC_LEVELS = 3
TOC_STYLES = ("toc 1", "toc 2", "toc 3")
"""Word's own names for the styles of table-of-contents entries (shown as "TOC 1" ...)."""
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")


@dataclass(frozen=True)
class WordTheme:
    """The theme values the DOCX uses, in Word's terms: colours as hex RGB, sizes as lengths."""

    primary: str
    accent: str
    accent_text: str
    text: str
    muted: str
    box_background: str
    table_header_text: str
    font_body: str
    font_heading: str
    font_mono: str
    font_size: float
    """Body text size in points."""
    page_width: Length
    page_height: Length
    margins: tuple[Length, Length, Length, Length]
    """Top, right, bottom and left page margins."""
    toc: bool
    """Whether the document opens with a table of contents."""

    @classmethod
    def of(cls, theme: Theme) -> WordTheme:
        """The Word form of a theme the one theme table has parsed."""
        width, height = theme["page_size"]
        top, right, bottom, left = theme["margin"]
        return cls(
            **{key: theme[key] for key in COLOUR_KEYS},
            font_body=theme["font_body"],
            font_heading=theme["font_heading"],
            font_mono=theme["font_mono"],
            font_size=theme["font_size"],
            page_width=Pt(width),
            page_height=Pt(height),
            margins=(Pt(top), Pt(right), Pt(bottom), Pt(left)),
            toc=theme["toc"],
        )

    @property
    def text_width(self) -> Length:
        _, right, _, left = self.margins
        return Emu(self.page_width - right - left)

    def colour(self, key: str) -> str:
        return str(getattr(self, key))


COLOUR_KEYS = ("primary", "accent", "accent_text", "text", "muted", "box_background", "table_header_text")


def language_tag(language: str) -> str:
    """The tag Word expects for ``language``: ``en`` -> ``en-GB``, ``fr-be`` -> ``fr-BE``, ``ja`` ->
    ``ja-JP``, ``zh-Hant`` -> ``zh-TW`` (Word's tags are a language and a region, no script)."""
    base, *subtags = language.replace("_", "-").split("-")
    base = base.lower()
    regions = (s.upper() for s in subtags if (len(s) == 2 and s.isalpha()) or (len(s) == 3 and s.isdigit()))
    given = next(regions, "")
    region = given or DEFAULT_REGIONS.get(base) or likely_region("-".join((base, *subtags))) or ""
    return f"{base}-{region}" if region else base


# -- the styles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphLook:
    """How one paragraph style looks; None leaves what the base style says."""

    name: str
    base: str | None = "Normal"
    heading_font: bool = False
    size: float | None = None
    """Font size as a multiple of the theme's font_size."""
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    """A theme colour key."""
    before: float | None = None
    """Space before, in points."""
    after: float | None = None
    left: float | None = None
    """Left indent, in points."""
    right: float | None = None
    keep_next: bool | None = None
    align: WD_PARAGRAPH_ALIGNMENT | None = None
    caps: bool | None = None
    """Shown in capitals (the text stays as written: ``w:caps``)."""
    outline: int | None = None
    """Outline level, 0-8: in the navigation pane (and, up to 2, the table of contents)."""
    decoration: str | None = None
    """A key of DECORATIONS: borders and shading."""
    numbering: str | None = None
    """A key of the list definitions: the style numbers its paragraphs."""
    next: str | None = None


def _key_messages_box(pPr: Any, theme: WordTheme) -> None:
    """Shaded box with an accent bar on the left; the same borders join its paragraphs."""
    hidden = Border(theme.box_background, size=4, space=6)
    _oxml.set_paragraph_borders(
        pPr,
        {
            "top": hidden,
            "bottom": hidden,
            "left": Border(theme.accent, size=24, space=8),
            "right": Border(theme.box_background, size=4, space=8),
        },
    )
    _oxml.set_paragraph_shading(pPr, theme.box_background)


def _no_border(pPr: Any, theme: WordTheme) -> None:
    _oxml.remove_paragraph_borders(pPr)


def _rule_below(pPr: Any, theme: WordTheme) -> None:
    _oxml.set_paragraph_borders(pPr, {"bottom": Border(theme.accent, size=12, space=6)})


def _rule_above(pPr: Any, theme: WordTheme) -> None:
    _oxml.set_paragraph_borders(pPr, {"top": Border(theme.muted, size=4, space=6)})


DECORATIONS: Mapping[str, Callable[[Any, Theme], None]] = {
    "key-messages-box": _key_messages_box,
    "none": _no_border,
    "rule-below": _rule_below,
    "rule-above": _rule_above,
}

TABLE_TEXT_SIZE = 0.9
"""Size of table text, as a multiple of the theme's font_size."""
TABLE_CELL_MARGIN = 100
"""Left and right padding of a Projects Table cell, in twentieths of a point."""
INDENT_BOX = 12.0
"""Left and right indent of the key-messages box, in points."""
INDENT_RECOMMENDATION = 24.0
"""Indent of a recommendation's text, past its number, in points."""
ITEM_OUTLINE = 3
"""Outline level of practice and recommendation titles: under every heading in the navigation
pane (Heading 3 is level 2), out of the table of contents (levels 1-3)."""

_heading_look = functools.partial(
    ParagraphLook, heading_font=True, bold=True, color="primary", keep_next=True
)
"""A heading's look: the heading font, bold, in the primary colour, kept with the paragraph that follows."""

PARAGRAPH_LOOKS: tuple[ParagraphLook, ...] = (
    ParagraphLook("Normal", base=None, size=1.0, color="text", after=6),
    ParagraphLook("Brief Logo", after=10),
    ParagraphLook("Kicker", heading_font=True, size=0.8, bold=True, caps=True, color="accent_text", after=4),
    ParagraphLook(
        "Title", heading_font=True, size=2.4, bold=True, color="primary", after=4, decoration="none"
    ),
    ParagraphLook("Subtitle", heading_font=True, size=1.45, italic=False, color="primary", after=8),
    ParagraphLook("Brief Meta", size=0.95, color="muted", after=18, decoration="rule-below"),
    _heading_look("Heading 1", size=1.6, before=18, after=6),
    _heading_look("Heading 2", size=1.3, before=12, after=4),
    _heading_look("Heading 3", size=1.1, before=10, after=3, color="text"),
    ParagraphLook("TOC Heading", base="Heading 1", size=1.3, before=6, after=6),
    ParagraphLook("toc 1", bold=True, after=3, next="Normal"),
    ParagraphLook("toc 2", left=12, after=2, next="Normal"),
    ParagraphLook("toc 3", left=24, after=2, size=0.95, next="Normal"),
    ParagraphLook("List Bullet", after=3, numbering="List Bullet"),
    ParagraphLook("List Bullet 2", after=3, numbering="List Bullet 2"),
    ParagraphLook("List Bullet 3", after=3, numbering="List Bullet 3"),
    ParagraphLook("List Number", after=3, numbering="List Number"),
    ParagraphLook("List Number 2", after=3, numbering="List Number 2"),
    ParagraphLook("List Number 3", after=3, numbering="List Number 3"),
    ParagraphLook("List Continue", left=18, after=3),
    ParagraphLook("List Continue 2", left=36, after=3),
    ParagraphLook("List Continue 3", left=54, after=3),
    ParagraphLook(
        "Key Messages", size=1.05, after=4, left=INDENT_BOX, right=INDENT_BOX, decoration="key-messages-box"
    ),
    ParagraphLook("Key Messages Bullet", base="Key Messages", numbering="Key Messages Bullet"),
    ParagraphLook("Key Messages Number", base="Key Messages", numbering="Key Messages Number"),
    ParagraphLook(
        "Box Kicker", size=0.75, bold=True, caps=True, color="muted", before=0, after=1, keep_next=True
    ),
    _heading_look("Good Practice Title", size=1.15, before=0, after=3, outline=ITEM_OUTLINE),
    ParagraphLook("Good Practice Body", after=4),
    ParagraphLook("Good Practice Facts", size=0.9, color="muted", before=2, after=0),
    _heading_look(
        "Recommendation",
        size=1.1,
        before=8,
        after=3,
        numbering="Recommendation",
        next="Recommendation Body",
        outline=ITEM_OUTLINE,
    ),
    ParagraphLook("Recommendation Body", left=INDENT_RECOMMENDATION, after=3),
    ParagraphLook("Audience", size=0.95, italic=True, color="muted", left=INDENT_RECOMMENDATION, after=2),
    ParagraphLook("Source Note", size=0.85, color="muted", left=INDENT_RECOMMENDATION, after=6),
    ParagraphLook("Finding", after=6),
    ParagraphLook("Colophon", size=0.85, color="muted", before=18, after=3, decoration="rule-above"),
    ParagraphLook("Disclaimer", size=0.85, color="muted", before=6, after=3, decoration="rule-above"),
    ParagraphLook("Caption", size=0.85, bold=False, italic=True, color="muted", after=6),
    ParagraphLook(
        "Table Heading",
        size=TABLE_TEXT_SIZE,
        bold=True,
        color="table_header_text",
        before=0,
        after=0,
        keep_next=True,
    ),
    ParagraphLook("Table Text", size=TABLE_TEXT_SIZE, before=0, after=0),
    ParagraphLook("Spacer", size=0.4, before=0, after=0),
    ParagraphLook("Header", size=0.85, color="muted", after=0),
    ParagraphLook("Footer", size=0.85, color="muted", after=0, align=WD_PARAGRAPH_ALIGNMENT.RIGHT),
    ParagraphLook("Version Stamp", base="Footer", size=0.8, color="muted", align=WD_PARAGRAPH_ALIGNMENT.LEFT),
)
"""Every paragraph style the renderer writes with, in the order they are defined."""

STYLE_NAMES: frozenset[str] = frozenset(look.name for look in PARAGRAPH_LOOKS)
"""Names of the paragraph styles a brief's paragraphs may use (as python-docx reads them)."""

CHARACTER_STYLES = ("Hyperlink", "Code")
TABLE_STYLES = ("Projects Table", "Good Practice Box")
KEPT_TABLE_STYLES = frozenset({"Normal Table", "Table Grid"})
"""Table styles of python-docx's template that stay; tables are styled by TABLE_STYLES."""


def list_definitions(theme: WordTheme) -> dict[str, list[ListLevel]]:
    """The list markers and indents of every numbered style, in twentieths of a point."""

    def bullet(char: str, left: int, color: str, hanging: int = 240) -> ListLevel:
        return ListLevel("bullet", char, left=left, hanging=hanging, color=color)

    def number(fmt: str, left: int, bold: bool = False, color: str | None = None) -> ListLevel:
        return ListLevel(fmt, "%1.", left=left, hanging=320, bold=bold, color=color)

    box = int(INDENT_BOX * 20)
    return {
        "List Bullet": [bullet("\u2022", 360, theme.primary)],
        "List Bullet 2": [bullet("\u2013", 720, theme.primary)],
        "List Bullet 3": [bullet("\u25aa", 1080, theme.primary)],
        "List Number": [number("decimal", 360)],
        "List Number 2": [number("lowerLetter", 720)],
        "List Number 3": [number("lowerRoman", 1080)],
        # Markers start where the box's text starts, so that the box keeps one left edge.
        "Key Messages Bullet": [bullet("\u25a0", box + 280, theme.accent, hanging=280)],
        "Key Messages Number": [number("decimal", box + 320, bold=True, color=theme.primary)],
        "Recommendation": [
            ListLevel(
                "decimal",
                "%1.",
                left=int(INDENT_RECOMMENDATION * 20),
                hanging=int(INDENT_RECOMMENDATION * 20),
                bold=True,
                color=theme.accent_text,
            )
        ],
    }


def apply(document: Document, theme: WordTheme, language: str, fonts: ScriptFonts) -> None:
    """Define every style of STYLE_NAMES, CHARACTER_STYLES and TABLE_STYLES from ``theme``; ``fonts``
    fill the East Asian and complex-script slots of every style that names a font."""
    _drop_unused_table_styles(document)
    _set_defaults(document, theme, language, fonts)
    numbering = document.part.numbering_part.element
    lists = {
        name: (_oxml.add_list_definition(numbering, levels), levels[0])
        for name, levels in list_definitions(theme).items()
    }
    styles = [_paragraph_style(document, look.name) for look in PARAGRAPH_LOOKS]
    for style, look in zip(styles, PARAGRAPH_LOOKS, strict=True):
        _apply_look(document.styles, style, look, theme, lists, fonts)
    _subtitle_without_numbering(document)
    _tab_stops(document, theme)
    _character_styles(document, theme, fonts)
    _projects_table(_table_style(document, "Projects Table"), theme)
    _box_table(_table_style(document, "Good Practice Box"), theme)


def _drop_unused_table_styles(document: Document) -> None:
    """The template defines over a hundred table styles a brief never uses; drop them."""
    for style in list(document.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in KEPT_TABLE_STYLES:
            style.delete()


def _mark_builtin(style: Any) -> None:
    """Word's own styles (TOC levels, Hyperlink) keep Word's id and are not custom styles."""
    style.style_id = style.name.upper().replace(" ", "") if style.name in TOC_STYLES else style.name
    style.element.customStyle = None


def _set_defaults(document: Document, theme: WordTheme, language: str, fonts: ScriptFonts) -> None:
    """Body font, size and language for everything, even text outside any named style: an East
    Asian or right-to-left edition's language in the slot of its script too."""
    rPr = _oxml.doc_defaults_rPr(document.styles.element)
    _oxml.set_fonts(rPr, theme.font_body, fonts.slots())
    tag = language_tag(language)
    slots = slot_languages(language, tag)
    _oxml.set_language(rPr, tag, slots)
    _oxml.set_theme_font_language(document.settings.element, {"w:val": tag, **slots})


def _paragraph_style(document: Document, name: str) -> BaseStyle:
    styles = document.styles
    if name in styles:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name in TOC_STYLES:
        _mark_builtin(style)
    style.quick_style = True
    return style


def _apply_look(
    styles: Any,
    style: Any,
    look: ParagraphLook,
    theme: WordTheme,
    lists: Mapping[str, tuple[int, ListLevel]],
    fonts: ScriptFonts,
) -> None:
    if look.base is not None:
        style.base_style = styles[look.base]
    font = style.font
    if look.name == "Normal" or look.heading_font:
        font_name = theme.font_heading if look.heading_font else theme.font_body
        _oxml.set_fonts(style.element.get_or_add_rPr(), font_name, fonts.slots())
    if look.size is not None:
        font.size = Pt(round(theme.font_size * look.size * 2) / 2)
        _oxml.set_complex_script_size(style.element.get_or_add_rPr())
    if look.bold is not None:
        font.bold = look.bold
    if look.italic is not None:
        font.italic = look.italic
    if look.color is not None:
        font.color.rgb = RGBColor.from_string(theme.colour(look.color))
    if look.caps is not None:
        font.all_caps = look.caps
    _apply_paragraph_look(style, look)
    pPr = style.element.get_or_add_pPr()
    if look.decoration is not None:
        DECORATIONS[look.decoration](pPr, theme)
    if look.numbering is not None:
        num_id, level = lists[look.numbering]
        _oxml.set_numbering(pPr, num_id)
        _indent_like_list(style, level)
    if look.outline is not None:
        _oxml.set_outline_level(pPr, look.outline)
    if look.next is not None:
        style.next_paragraph_style = styles[look.next]


def _indent_like_list(style: Any, level: ListLevel) -> None:
    """Repeat the list level's indents on the style: Word lets a style's indents win."""
    style.paragraph_format.left_indent = Twips(level.left)
    style.paragraph_format.first_line_indent = Twips(-level.hanging)


def _apply_paragraph_look(style: Any, look: ParagraphLook) -> None:
    paragraph = style.paragraph_format
    if look.name == "Normal":
        paragraph.line_spacing = 1.15
        paragraph.widow_control = True
    if look.before is not None:
        paragraph.space_before = Pt(look.before)
    if look.after is not None:
        paragraph.space_after = Pt(look.after)
    if look.left is not None:
        paragraph.left_indent = Pt(look.left)
    if look.right is not None:
        paragraph.right_indent = Pt(look.right)
    if look.keep_next is not None:
        paragraph.keep_with_next = look.keep_next
    if look.align is not None:
        paragraph.alignment = look.align


def _subtitle_without_numbering(document: Document) -> None:
    """python-docx's template numbers the Subtitle style with no list; drop that."""
    _oxml.remove_numbering(document.styles["Subtitle"].element.get_or_add_pPr())


def _tab_stops(document: Document, theme: WordTheme) -> None:
    """Dot-led page numbers at the right margin in the TOC; the header's right part there too."""
    for name in (*TOC_STYLES, "Header"):
        tabs = document.styles[name].paragraph_format.tab_stops
        tabs.clear_all()
        leader = WD_TAB_LEADER.DOTS if name in TOC_STYLES else WD_TAB_LEADER.SPACES
        tabs.add_tab_stop(theme.text_width, WD_TAB_ALIGNMENT.RIGHT, leader)


def _character_styles(document: Document, theme: WordTheme, fonts: ScriptFonts) -> None:
    styles = document.styles
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    _mark_builtin(link)
    link.font.color.rgb = RGBColor.from_string(theme.primary)
    link.font.underline = True
    link.unhide_when_used = True
    code = styles.add_style("Code", WD_STYLE_TYPE.CHARACTER)
    _oxml.set_fonts(code.element.get_or_add_rPr(), theme.font_mono, fonts.slots())
    code.font.size = Pt(round(theme.font_size * 0.95 * 2) / 2)


def _table_style(document: Document, name: str) -> Any:
    style = document.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Normal Table"]
    style.quick_style = True
    return style


def _projects_table(style: Any, theme: WordTheme) -> None:
    """Lines between rows, a header row filled with the primary colour, banded rows."""
    tblPr = _oxml.style_tblPr(style.element)
    line = Border(theme.primary, size=8)
    _oxml.set_table_borders(
        tblPr,
        {
            "top": line,
            "bottom": line,
            "left": None,
            "right": None,
            "insideH": Border(theme.muted, size=2),
            "insideV": None,
        },
    )
    _oxml.set_table_cell_margins(
        tblPr,
        top=60,
        left=TABLE_CELL_MARGIN,
        bottom=60,
        right=TABLE_CELL_MARGIN,
    )
    _oxml.add_conditional_format(
        style.element,
        "firstRow",
        fill=theme.primary,
        bold=True,
        color=theme.table_header_text,
        repeat_header=True,
    )
    _oxml.add_conditional_format(style.element, "band2Horz", fill=theme.box_background)


def _box_table(style: Any, theme: WordTheme) -> None:
    """A shaded box with a thick accent bar on its left: the look of a good practice."""
    tblPr = _oxml.style_tblPr(style.element)
    _oxml.set_table_borders(
        tblPr,
        {
            "left": Border(theme.accent, size=24),
            "top": None,
            "bottom": None,
            "right": None,
            "insideH": None,
            "insideV": None,
        },
    )
    _oxml.set_table_cell_margins(tblPr, top=140, left=200, bottom=140, right=200)
    _oxml.set_style_cell_shading(style.element, theme.box_background)
