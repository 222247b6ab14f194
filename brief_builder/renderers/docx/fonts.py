"""Turn a layout's font files into fonts embedded in a Word package as Word embeds them, and their metrics.

ECMA-376 Part 1, 17.8.1 and 17.8.3: each face is a part ``word/fonts/fontN.odttf``
(``application/vnd.openxmlformats-officedocument.obfuscatedFont``) whose first 32 bytes are
XORed with a key: the 16 bytes of a GUID (``w:fontKey``) read from its last hex pair to its
first. ``word/fontTable.xml`` describes the family (panose, charset, pitch, Unicode and code
page ranges from the font's OS/2 table) and names the part of each style
(``w:embedRegular``, ``w:embedBold``, ``w:embedItalic``, ``w:embedBoldItalic``);
``w:embedTrueTypeFonts`` in the settings tells Word to keep them when it saves. Word and
LibreOffice then show the layout's font on a machine that does not have it.

Faces are embedded whole, never subset: a translator edits the text, and the fonts the
layouts bundle are under the OFL, whose Reserved Font Name allows no modified copies. Only
faces whose embedding permission (OS/2 ``fsType``) allows an editable document are embedded.
The GUIDs derive from the fonts' bytes, so the same inputs give the same package.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import uuid
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError
from lxml import etree

LOGGER = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_TABLE = "word/fontTable.xml"
FONT_TABLE_RELS = "word/_rels/fontTable.xml.rels"
SETTINGS = "word/settings.xml"
STYLES = {(False, False): "embedRegular", (True, False): "embedBold", (False, True): "embedItalic"}
STYLES[(True, True)] = "embedBoldItalic"
"""(bold, italic) -> the element of ``w:font`` that names that face's part, in schema order."""
SETTINGS_BEFORE_EMBED = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
)
"""The children of ``w:settings`` that precede ``w:embedTrueTypeFonts`` (CT_Settings order)."""
KEY_NAMESPACE = uuid.UUID("a7c0d5d2-3f0e-4b8e-9d55-9e8c2f1b6a41")
"""Any fixed UUID: the font keys are uuid5 of it and the font's digest."""
FONT_SUFFIXES = (".ttf", ".otf")
EMBEDDABLE = (0x0000, 0x0008)
"""OS/2 fsType usage permissions that allow an editable document: installable, editable."""
BITMAP_ONLY = 0x0200
FAMILY_CLASSES = {
    **dict.fromkeys(range(1, 8), "roman"),
    8: "swiss",
    9: "decorative",
    10: "script",
    12: "decorative",
}
"""``w:family`` by the IBM class of OS/2 ``sFamilyClass`` (1-7 serifs, 8 sans serif, ...)."""
SANS_SERIF_STYLES = (11, 12, 13)
"""PANOSE serif styles of sans-serif faces, for a font without an IBM class."""


@dataclass(frozen=True)
class Face:
    """One font file of a family, as Word names its style."""

    family: str
    bold: bool
    italic: bool
    path: Path
    data: bytes

    @property
    def key(self) -> str:
        """The ``w:fontKey`` GUID, derived from the font's bytes."""
        digest = hashlib.sha256(self.data).hexdigest()
        return "{" + str(uuid.uuid5(KEY_NAMESPACE, digest)).upper() + "}"

    def font(self) -> TTFont:
        return TTFont(io.BytesIO(self.data), lazy=True)


def faces_of(files: Iterable[Path], families: Sequence[str]) -> list[Face]:
    """The embeddable faces of ``families`` among ``files`` (a layout's), one per style: the
    family as Word names it (the font's name ID 1) and bold and italic from its style bits."""
    wanted = {family.casefold(): family for family in families}
    found: dict[tuple[str, bool, bool], Face] = {}
    for path in sorted(files):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        face = _read_face(path, path.stat().st_mtime_ns, path.stat().st_size)
        if face is None or face.family.casefold() not in wanted:
            continue
        found.setdefault((face.family.casefold(), face.bold, face.italic), face)
    return [found[key] for key in sorted(found)]


@functools.lru_cache(maxsize=64)
def _read_face(path: Path, mtime: int, size: int) -> Face | None:
    """The face in ``path`` if Word may embed it (mtime and size key the cache)."""
    data = path.read_bytes()
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        family = font["name"].getDebugName(1)
        os2 = font["OS/2"]
        if os2.fsType & BITMAP_ONLY or os2.fsType & 0x000F not in EMBEDDABLE:
            LOGGER.info(
                "%s: its licence bits (fsType %#06x) do not allow embedding it", path.name, os2.fsType
            )
            return None
        bold, italic = bool(os2.fsSelection & 0x20), bool(os2.fsSelection & 0x01)
    except (TTLibError, KeyError, AttributeError, OSError) as error:
        LOGGER.warning("%s: not a font Word can embed (%s)", path.name, error)
        return None
    return Face(family=family or "", bold=bold, italic=italic, path=path, data=data) if family else None


@dataclass(frozen=True)
class Metrics:
    """How wide a face sets text: advance widths by character, in font units."""

    advances: dict[int, int]
    units_per_em: int
    fallback: int
    """Advance of a character the face lacks (half an em: another font will set it)."""

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` at ``size`` points, in points (kerning left out: it only narrows)."""
        units = sum(self.advances.get(ord(char), self.fallback) for char in text)
        return units * size / self.units_per_em


@functools.lru_cache(maxsize=16)
def metrics(face: Face) -> Metrics:
    font = face.font()
    widths = font["hmtx"].metrics
    advances = {code: widths[glyph][0] for code, glyph in font.getBestCmap().items() if glyph in widths}
    units = font["head"].unitsPerEm
    return Metrics(advances=advances, units_per_em=units, fallback=units // 2)


def obfuscate(data: bytes, key: str) -> bytes:
    """17.8.1: bytes 0-31 XORed with the GUID's 16 bytes, taken from its last hex pair to its first."""
    digits = key.strip("{}").replace("-", "")
    mask = bytes(int(digits[i : i + 2], 16) for i in range(30, -1, -2))
    return bytes(byte ^ mask[i % 16] for i, byte in enumerate(data[:32])) + data[32:]


def embed(parts: MutableMapping[str, bytes], faces: Sequence[Face]) -> None:
    """Add ``faces`` to the Word package ``parts`` (part name -> bytes), in place."""
    if not faces:
        return
    table = etree.fromstring(parts[FONT_TABLE])
    rels = (
        etree.fromstring(parts[FONT_TABLE_RELS])
        if FONT_TABLE_RELS in parts
        else etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})
    )
    families: dict[str, list[Face]] = {}
    for face in faces:
        families.setdefault(face.family, []).append(face)
    number = len(rels)
    for family, members in families.items():
        for old in table.findall(_w("font")):
            if old.get(_w("name")) == family:
                table.remove(old)
        entry = font_entry(family, members[0].font())
        for face in sorted(members, key=lambda f: list(STYLES).index((f.bold, f.italic))):
            number += 1
            r_id, part = f"rIdFont{number}", f"fonts/font{number}.odttf"
            parts[f"word/{part}"] = obfuscate(face.data, face.key)
            etree.SubElement(
                rels, f"{{{PACKAGE_RELS}}}Relationship", Id=r_id, Type=FONT_RELATIONSHIP, Target=part
            )
            etree.SubElement(
                entry, _w(STYLES[face.bold, face.italic]), {f"{{{R}}}id": r_id, _w("fontKey"): face.key}
            )
        table.append(entry)
    parts[FONT_TABLE] = _xml(table)
    parts[FONT_TABLE_RELS] = _xml(rels)
    parts["[Content_Types].xml"] = _with_font_type(parts["[Content_Types].xml"])
    parts[SETTINGS] = _with_embedding_on(parts[SETTINGS])


def font_entry(family: str, font: TTFont) -> etree._Element:
    """``w:font`` describing ``family`` from its regular (or first) face's OS/2 table."""
    os2 = font["OS/2"]
    panose = os2.panose
    fields = (
        "bFamilyType",
        "bSerifStyle",
        "bWeight",
        "bProportion",
        "bContrast",
        "bStrokeVariation",
        "bArmStyle",
        "bLetterForm",
        "bMidline",
        "bXHeight",
    )
    entry = etree.Element(_w("font"), {_w("name"): family}, nsmap={"w": W, "r": R})
    etree.SubElement(entry, _w("panose1"), {_w("val"): "".join(f"{getattr(panose, f):02X}" for f in fields)})
    etree.SubElement(entry, _w("charset"), {_w("val"): "00"})
    fixed = bool(font["post"].isFixedPitch)
    family_class = FAMILY_CLASSES.get(os2.sFamilyClass >> 8)
    if family_class is None:
        family_class = "swiss" if panose.bSerifStyle in SANS_SERIF_STYLES else "auto"
    etree.SubElement(entry, _w("family"), {_w("val"): "modern" if fixed else family_class})
    pitch = "fixed" if fixed else "variable"
    etree.SubElement(entry, _w("pitch"), {_w("val"): pitch})
    ranges = {
        "usb0": os2.ulUnicodeRange1,
        "usb1": os2.ulUnicodeRange2,
        "usb2": os2.ulUnicodeRange3,
        "usb3": os2.ulUnicodeRange4,
        "csb0": getattr(os2, "ulCodePageRange1", 0),
        "csb1": getattr(os2, "ulCodePageRange2", 0),
    }
    etree.SubElement(entry, _w("sig"), {_w(name): f"{value:08X}" for name, value in ranges.items()})
    return entry


def _with_font_type(content_types: bytes) -> bytes:
    types = etree.fromstring(content_types)
    if not any(default.get("Extension") == "odttf" for default in types):
        types.insert(
            0, etree.Element(f"{{{CONTENT_TYPES}}}Default", Extension="odttf", ContentType=OBFUSCATED_FONT)
        )
    return _xml(types)


def _with_embedding_on(settings_xml: bytes) -> bytes:
    settings = etree.fromstring(settings_xml)
    if settings.find(_w("embedTrueTypeFonts")) is None:
        before = [
            i for i, child in enumerate(settings) if etree.QName(child).localname in SETTINGS_BEFORE_EMBED
        ]
        settings.insert(before[-1] + 1 if before else 0, etree.Element(_w("embedTrueTypeFonts")))
    return _xml(settings)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
