"""Turn a word into Word's own diagonal text watermark: a VML WordArt shape in a header paragraph."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from docx.oxml import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement

from brief_builder.renderers.docx.oxml import xml_safe

VML_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
TEXT_SHAPETYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(
        f'<v:f eqn="{eqn}"/>'
        for eqn in (
            "sum #0 0 10800",
            "prod #0 2 1",
            "sum 21600 0 @1",
            "sum 0 0 @2",
            "sum 21600 0 @3",
            "if @0 @3 0",
            "if @0 21600 @1",
            "if @0 0 @2",
            "if @0 @4 21600",
            "mid @5 @6",
            "mid @8 @5",
            "mid @7 @8",
            "mid @6 @7",
            "sum @6 0 @5",
        )
    )
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
    'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
)
"""Word's WordArt text shape (type 136) that its own watermarks use."""


def add_text_watermark(
    p: BaseOxmlElement,
    text: str,
    *,
    number: int,
    font: str,
    color: str,
    width_pt: float,
) -> None:
    """Append to header paragraph ``p`` a diagonal text watermark, as Word's Design > Watermark makes.

    The word is a VML text path (``string="DRAFT"``) behind the text of every page the header
    is on, centred on the page's text area; ``number`` keeps shape ids unique in the document.
    """
    height = width_pt / max(len(text), 1) * 1.6
    style = (
        f"position:absolute;margin-left:0;margin-top:0;width:{width_pt:.1f}pt;height:{height:.1f}pt;"
        "rotation:315;z-index:-251654144;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        "mso-position-vertical-relative:margin"
    )
    textpath_style = f'font-family:"{font}";font-size:1pt'
    run = parse_xml(
        f"<w:r {VML_NAMESPACES}><w:rPr><w:noProof/></w:rPr><w:pict>{TEXT_SHAPETYPE}"
        f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}" '
        f'type="#_x0000_t136" style={quoteattr(style)} o:allowincell="f" '
        f'fillcolor="#{color}" stroked="f"><v:fill opacity=".25"/>'
        f"<v:textpath style={quoteattr(textpath_style)} string={quoteattr(xml_safe(text))}/>"
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
    )
    p.append(run)
