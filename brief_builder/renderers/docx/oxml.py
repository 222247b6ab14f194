"""Build and patch the raw WordprocessingML that python-docx has no friendly API for.

Every function here takes and returns lxml elements (python-docx's ``oxml`` objects); the
renderer and the style builder call these and never write XML themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters that XML 1.0 does not allow in a document, even escaped."""

THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
FONT_ATTRIBUTES = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
LANGUAGE_SLOTS = ("w:eastAsia", "w:bidi")
"""The languages of ``w:lang`` besides ``w:val``: of East Asian and of right-to-left text."""
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
PPR_ORDER = (
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
"""The children of ``w:pPr`` in schema order, from the first one written here (``w:pBdr``).

python-docx declares the order only of the children it reads (``pStyle``, ``numPr``,
``spacing``, ...) and keeps no table of it; these tables give the successors of what it does
not declare, and insertion goes through its own ``insert_element_before``. Word rejects
children out of order."""
SETTINGS_ORDER = (
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)
"""The tail of ``w:settings``'s children in schema order, from where this module writes."""
TBLPR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)
STYLE_ORDER = (
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
)
TCPR_ORDER = (
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)


@dataclass(frozen=True)
class Border:
    """One line of a paragraph, cell or table border."""

    color: str
    """Hex RGB without ``#``."""
    size: int = 4
    """Width in eighths of a point."""
    space: int = 0
    """Distance from the text in points."""
    style: str = "single"


@dataclass(frozen=True)
class ListLevel:
    """One level of a list definition: its marker and where marker and text sit."""

    format: str
    """``bullet``, ``decimal``, ``lowerLetter``, ``lowerRoman``, ..."""
    text: str
    """The marker: a bullet character, or a pattern such as ``%1.``."""
    left: int
    """Indent of the text, in twentieths of a point."""
    hanging: int
    """How far the marker hangs left of the text, in twentieths of a point."""
    color: str | None = None
    bold: bool = False


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold, so that the document always opens."""
    return XML_FORBIDDEN.sub("", text)


def _set(element: BaseOxmlElement, **attributes: str | int) -> BaseOxmlElement:
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _element(tag: str, **attributes: str | int) -> BaseOxmlElement:
    return _set(OxmlElement(tag), **attributes)


def _put(parent: BaseOxmlElement, child: BaseOxmlElement, order: tuple[str, ...]) -> None:
    """Put ``child`` in ``parent`` in place of any same-named one, before its successors in ``order``."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    tag = f"{child.prefix}:{etree.QName(child).localname}"
    parent.insert_element_before(child, *order[order.index(tag) + 1 :])


# -- fonts, language, colour ---------------------------------------------------------------


def set_fonts(rPr: BaseOxmlElement, name: str, slots: Mapping[str, str] | None = None) -> None:
    """Use font ``name`` for every script but those ``slots`` name another for (``{"w:eastAsia":
    "Noto Sans CJK JP"}``), dropping theme fonts (which would win over them)."""
    rFonts = rPr.get_or_add_rFonts()
    for attribute in THEME_FONT_ATTRIBUTES:
        rFonts.attrib.pop(qn(attribute), None)
    for attribute in FONT_ATTRIBUTES:
        rFonts.set(qn(attribute), (slots or {}).get(attribute, name))


def set_complex_script_size(rPr: BaseOxmlElement) -> None:
    """Give right-to-left and complex-script text (``w:szCs``) the size ``w:sz`` says."""
    for old in rPr.findall(qn("w:szCs")):
        rPr.remove(old)
    size = rPr.find(qn("w:sz"))
    if size is not None:
        size.addnext(_element("w:szCs", val=size.get(qn("w:val"))))


def set_language(rPr: BaseOxmlElement, tag: str, slots: Mapping[str, str] | None = None) -> None:
    """Mark text as written in language ``tag`` (``en-GB``) for spelling and hyphenation; ``slots``
    (``{"w:eastAsia": "ja-JP"}``) give the languages of East Asian and right-to-left text too, and a
    slot they leave out is left to Word (a right-to-left run names its own, ``set_bidi_language``)."""
    lang = rPr.find(qn("w:lang"))
    if lang is None:
        lang = _element("w:lang")
        rPr.insert_element_before(
            lang,
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        )
    _set(lang, val=tag)
    for attribute in LANGUAGE_SLOTS:
        lang.attrib.pop(qn(attribute), None)
    for attribute, value in (slots or {}).items():
        lang.set(qn(attribute), value)


def set_bidi_language(rPr: BaseOxmlElement, tag: str) -> None:
    """Mark right-to-left text as written in language ``tag`` (``ar-SA``)."""
    set_language(rPr, "")
    lang = rPr.find(qn("w:lang"))
    lang.attrib.pop(qn("w:val"), None)
    _set(lang, bidi=tag)


def doc_defaults_rPr(styles: BaseOxmlElement) -> BaseOxmlElement:
    """The run properties every style starts from (``w:docDefaults/w:rPrDefault/w:rPr``)."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _element("w:docDefaults")
        styles.insert(0, defaults)
    rPrDefault = defaults.find(qn("w:rPrDefault"))
    if rPrDefault is None:
        rPrDefault = _element("w:rPrDefault")
        defaults.insert(0, rPrDefault)
    rPr = rPrDefault.find(qn("w:rPr"))
    if rPr is None:
        rPr = OxmlElement("w:rPr")
        rPrDefault.append(rPr)
    return rPr


# -- paragraph properties ------------------------------------------------------------------


def set_paragraph_borders(pPr: BaseOxmlElement, borders: Mapping[str, Border]) -> None:
    """Draw ``borders`` (side name -> Border) around a paragraph; same borders join paragraphs."""
    pBdr = _element("w:pBdr")
    for side in ("top", "left", "bottom", "right", "between", "bar"):
        if side in borders:
            pBdr.append(_border(side, borders[side]))
    _put(pPr, pBdr, PPR_ORDER)


def remove_paragraph_borders(pPr: BaseOxmlElement) -> None:
    """Take away every border a paragraph or style draws."""
    _put(pPr, _element("w:pBdr"), PPR_ORDER)


def set_paragraph_shading(pPr: BaseOxmlElement, fill: str) -> None:
    """Fill the paragraph's background with colour ``fill``."""
    _put(pPr, _shading(fill), PPR_ORDER)


def set_numbering(pPr: BaseOxmlElement, num_id: int, level: int = 0) -> None:
    """Number the paragraph (or every paragraph of a style) with list ``num_id`` at ``level``."""
    numPr = pPr.get_or_add_numPr()
    numPr.get_or_add_ilvl().val = level
    numPr.get_or_add_numId().val = num_id


def remove_numbering(pPr: BaseOxmlElement) -> None:
    """Stop the paragraph or style from being numbered."""
    pPr._remove_numPr()


def numbering_of(pPr: BaseOxmlElement | None) -> int | None:
    """The ``numId`` a paragraph or style is numbered with, if any."""
    if pPr is None or pPr.numPr is None or pPr.numPr.numId is None:
        return None
    return pPr.numPr.numId.val


def set_right_to_left(pPr: BaseOxmlElement) -> None:
    """Lay a paragraph out right to left (``w:bidi``): its first words are in such a script."""
    _put(pPr, _element("w:bidi"), PPR_ORDER)


def describe_picture(inline: BaseOxmlElement, text: str) -> None:
    """Give an inline picture its alternative text (``wp:docPr/@descr``), read out in its place."""
    inline.docPr.set("descr", text)
    inline.docPr.set("title", text)


def set_outline_level(pPr: BaseOxmlElement, level: int) -> None:
    """Give a style an outline level (0-8; 9 keeps it out of the navigation pane and TOC)."""
    _put(pPr, _element("w:outlineLvl", val=level), PPR_ORDER)


# -- numbering definitions ----------------------------------------------------------------


def add_list_definition(numbering: BaseOxmlElement, levels: list[ListLevel]) -> int:
    """Add an abstract list definition with ``levels`` and a list using it; return its numId."""
    existing = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    abstract_id = max(existing, default=-1) + 1
    abstract = _element("w:abstractNum", abstractNumId=abstract_id)
    abstract.append(_element("w:nsid", val=f"{0xB0B0_0000 + abstract_id:08X}"))
    kind = "singleLevel" if len(levels) == 1 else "multilevel"
    abstract.append(_element("w:multiLevelType", val=kind))
    for index, level in enumerate(levels):
        abstract.append(_list_level(index, level))
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    return numbering.add_num(abstract_id).numId


def restart_list(numbering: BaseOxmlElement, num_id: int, start: int = 1) -> int:
    """Add a list sharing list ``num_id``'s definition but counting again from ``start``."""
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    override = _element("w:lvlOverride", ilvl=0)
    override.append(_element("w:startOverride", val=start))
    num.append(override)
    return num.numId


def _list_level(index: int, level: ListLevel) -> BaseOxmlElement:
    lvl = _element("w:lvl", ilvl=index)
    lvl.append(_element("w:start", val=1))
    lvl.append(_element("w:numFmt", val=level.format))
    lvl.append(_element("w:lvlText", val=level.text))
    lvl.append(_element("w:lvlJc", val="left"))
    pPr = OxmlElement("w:pPr")
    pPr.append(_element("w:ind", left=level.left, hanging=level.hanging))
    lvl.append(pPr)
    if level.color or level.bold:
        rPr = OxmlElement("w:rPr")
        if level.bold:
            rPr.append(OxmlElement("w:b"))
        if level.color:
            rPr.append(_element("w:color", val=level.color))
        lvl.append(rPr)
    return lvl


# -- tables ----------------------------------------------------------------------------------


def set_table_borders(tblPr: BaseOxmlElement, borders: Mapping[str, Border | None]) -> None:
    """Set the table's borders; a side mapped to None gets no line."""
    tblBorders = _element("w:tblBorders")
    for side in BORDER_SIDES:
        if side in borders:
            border = borders[side]
            tblBorders.append(_border(side, border) if border else _element(f"w:{side}", val="nil"))
    _put(tblPr, tblBorders, TBLPR_ORDER)


def set_table_cell_margins(
    tblPr: BaseOxmlElement,
    top: int,
    left: int,
    bottom: int,
    right: int,
) -> None:
    """Default padding of every cell, in twentieths of a point."""
    margins = _element("w:tblCellMar")
    for side, width in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        margins.append(_element(f"w:{side}", w=width, type="dxa"))
    _put(tblPr, margins, TBLPR_ORDER)


def set_table_width_percent(tbl: BaseOxmlElement, percent: int) -> None:
    """Make the table ``percent`` % of the text width wide."""
    _put(tbl.tblPr, _element("w:tblW", w=percent * 50, type="pct"), TBLPR_ORDER)


def set_table_look(tbl: BaseOxmlElement, *, header_row: bool, banded_rows: bool) -> None:
    """Which parts of its table style a table shows: a header row, banded rows."""
    look = _element(
        "w:tblLook",
        firstRow=int(header_row),
        lastRow=0,
        firstColumn=0,
        lastColumn=0,
        noHBand=int(not banded_rows),
        noVBand=1,
    )
    _put(tbl.tblPr, look, TBLPR_ORDER)


def set_style_cell_shading(style: BaseOxmlElement, fill: str) -> None:
    """Fill every cell of a table style with colour ``fill``."""
    _put(_style_child(style, "w:tcPr"), _shading(fill), TCPR_ORDER)


def style_tblPr(style: BaseOxmlElement) -> BaseOxmlElement:
    """The table properties of a table style, created when missing."""
    return _style_child(style, "w:tblPr")


def _style_child(style: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    child = style.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        _put(style, child, STYLE_ORDER)
    return child


def add_conditional_format(
    style: BaseOxmlElement,
    part: str,
    *,
    fill: str | None = None,
    bold: bool = False,
    color: str | None = None,
    repeat_header: bool = False,
) -> None:
    """Format one part of a table style (``firstRow``, ``band2Horz``, ...): fill, bold, colour."""
    for old in style.xpath(f"./w:tblStylePr[@w:type='{part}']"):
        style.remove(old)
    conditional = _element("w:tblStylePr", type=part)
    if bold or color:
        rPr = OxmlElement("w:rPr")
        if bold:
            rPr.append(OxmlElement("w:b"))
            rPr.append(OxmlElement("w:bCs"))
        if color:
            rPr.append(_element("w:color", val=color))
        conditional.append(rPr)
    conditional.append(OxmlElement("w:tblPr"))
    if repeat_header:
        trPr = OxmlElement("w:trPr")
        trPr.append(OxmlElement("w:tblHeader"))
        conditional.append(trPr)
    if fill:
        tcPr = OxmlElement("w:tcPr")
        tcPr.append(_shading(fill))
        conditional.append(tcPr)
    style.append(conditional)


def repeat_as_header(tr: BaseOxmlElement) -> None:
    """Repeat this row at the top of every page the table runs onto."""
    _add_row_flag(tr, "w:tblHeader")


def keep_row_together(tr: BaseOxmlElement) -> None:
    """Do not let this row break across pages."""
    _add_row_flag(tr, "w:cantSplit")


def _add_row_flag(tr: BaseOxmlElement, tag: str) -> None:
    trPr = tr.get_or_add_trPr()
    if trPr.find(qn(tag)) is None:
        trPr.append(OxmlElement(tag))


def remove(element: BaseOxmlElement) -> None:
    """Take ``element`` out of its parent."""
    element.getparent().remove(element)


# -- links, bookmarks, fields ------------------------------------------------------------------


def add_hyperlink(
    p: BaseOxmlElement,
    *,
    r_id: str | None = None,
    anchor: str | None = None,
) -> BaseOxmlElement:
    """Append an empty ``w:hyperlink`` to ``p``: to relationship ``r_id`` or bookmark ``anchor``."""
    hyperlink = OxmlElement("w:hyperlink")
    if r_id is not None:
        hyperlink.set(qn("r:id"), r_id)
    if anchor is not None:
        hyperlink.set(qn("w:anchor"), anchor)
    hyperlink.set(qn("w:history"), "1")
    p.append(hyperlink)
    return hyperlink


def add_bookmark(p: BaseOxmlElement, bookmark_id: int, name: str) -> None:
    """Put bookmark ``name`` around the whole content of paragraph ``p``."""
    start = _element("w:bookmarkStart", id=bookmark_id, name=name)
    pPr = p.find(qn("w:pPr"))
    if pPr is None:
        p.insert(0, start)
    else:
        pPr.addnext(start)
    p.append(_element("w:bookmarkEnd", id=bookmark_id))


def begin_field(parent: BaseOxmlElement, instruction: str) -> None:
    """Open a field: its begin mark and instruction, up to where its shown result starts."""
    parent.append(_field_char("begin"))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    parent.append(run)
    parent.append(_field_char("separate"))


def end_field(parent: BaseOxmlElement) -> None:
    """Close the field opened last."""
    parent.append(_field_char("end"))


def add_field(parent: BaseOxmlElement, instruction: str, result: str) -> None:
    """Append a whole field such as ``PAGE`` with ``result`` shown until the reader updates it."""
    begin_field(parent, instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = xml_safe(result)
    run.append(text)
    parent.append(run)
    end_field(parent)


def _field_char(kind: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    run.append(_element("w:fldChar", fldCharType=kind))
    return run


# -- settings ----------------------------------------------------------------------------------


def set_theme_font_language(settings: BaseOxmlElement, slots: Mapping[str, str]) -> None:
    """Languages Word uses to pick theme fonts and proofing defaults: ``w:val`` and, for East Asian
    and right-to-left text, ``w:eastAsia`` and ``w:bidi``."""
    element = _element("w:themeFontLang")
    for attribute, value in slots.items():
        element.set(qn(attribute), value)
    _put(settings, element, SETTINGS_ORDER)


# -- shared pieces -----------------------------------------------------------------------------


def _border(side: str, border: Border) -> BaseOxmlElement:
    return _element(
        f"w:{side}",
        val=border.style,
        sz=border.size,
        space=border.space,
        color=border.color,
    )


def _shading(fill: str) -> BaseOxmlElement:
    return _element("w:shd", val="clear", color="auto", fill=fill)
