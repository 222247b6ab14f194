"""Turn the XMP packet of a PDF/A file WeasyPrint wrote into one that claims PDF/UA-1 as well.

WeasyPrint writes one variant's identification: ``pdf/a-3u`` gives ``pdfaid`` (with the sRGB
output intent, the Print flags and, with tags on, the structure tree), ``pdf/ua-1`` gives
``pdfuaid``. A file can be both: here the PDF/A packet gets ``pdfuaid:part`` and, because
PDF/A-1 to 3 accept only XMP properties they declare, the PDF/A extension schema that
declares it (ISO 14289-1, 5). The packet keeps its single ``rdf:RDF`` (WeasyPrint's own
``xmp_metadata`` option would add a second one, which XMP does not allow).
"""

from __future__ import annotations

import pikepdf
from lxml import etree
from pikepdf import Name

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXTENSION = f"""<rdf:Description xmlns:rdf="{RDF}" rdf:about=""
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>{PDFUAID}</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>Part of ISO 14289 the file follows</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""
"""The PDF/A declaration of ``pdfuaid`` (schema, namespace, prefix and its one Integer property)."""


class NotPdfAError(ValueError):
    """The PDF has no XMP packet claiming PDF/A to add the PDF/UA claim to."""


def claim_pdfua(pdf: pikepdf.Pdf) -> None:
    """Add ``pdfuaid:part="1"`` to the XMP packet of ``pdf``, a PDF/A file."""
    if "/Metadata" not in pdf.Root:
        raise NotPdfAError("the PDF has no XMP metadata")
    packet = pdf.Root.Metadata.read_bytes()
    if b"pdfaid:part" not in packet and b"http://www.aiim.org/pdfa/ns/id/" not in packet:
        raise NotPdfAError("the PDF's XMP metadata claims no PDF/A part")
    start = packet.index(b"<x:xmpmeta")
    end = packet.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    meta = etree.fromstring(packet[start:end])
    rdf = meta.find(f"{{{RDF}}}RDF")
    claim = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap={"pdfuaid": PDFUAID})
    claim.set(f"{{{RDF}}}about", "")
    claim.set(f"{{{PDFUAID}}}part", "1")
    rdf.append(etree.fromstring(EXTENSION))
    pdf.Root.Metadata = pdf.make_stream(
        packet[:start] + etree.tostring(meta, encoding="utf-8") + packet[end:],
        Type=Name.Metadata,
        Subtype=Name.XML,
    )
