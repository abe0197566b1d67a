"""Keep a merged file tagged: graft each part's structure tree into one document.

pypdf's ``append`` copies pages but drops the structure tree, the pages'
``/StructParents`` and the annotations' ``/StructParent``. ``StructureMerger``
copies each tagged part's elements (under one ``/Document``) and renumbers its
parent tree keys after the parts before it, so marked content, links and images
keep their tags and alternative text. Pages of uploaded PDFs become one figure
each, described in words (their originals are attached to the file).
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)


def _name(value: str) -> NameObject:
    return NameObject(value)


class StructureMerger:
    """Collects the structure elements of appended parts into one tree."""

    def __init__(self, writer: PdfWriter) -> None:
        """Start an empty ``/StructTreeRoot`` holding one ``/Document`` element."""
        self.writer = writer
        self.nums = ArrayObject()
        self.next_key = 0
        self.root = writer._add_object(
            DictionaryObject({_name("/Type"): _name("/StructTreeRoot")})
        )
        self.document = writer._add_object(
            DictionaryObject(
                {
                    _name("/Type"): _name("/StructElem"),
                    _name("/S"): _name("/Document"),
                    _name("/P"): self.root,
                    _name("/K"): ArrayObject(),
                }
            )
        )

    @property
    def kids(self) -> ArrayObject:
        """The document element's children."""
        document: Any = self.document.get_object()
        kids: ArrayObject = document["/K"]
        return kids

    def add_tagged(self, reader: PdfReader, first_page: int) -> bool:
        """Graft the tree of ``reader`` (appended at ``first_page``); False if none."""
        found = reader.root_object.get("/StructTreeRoot")
        if found is None:
            return False
        source: Any = found.get_object()
        ignore = ["/P"]
        for top in _as_list(source.get("/K")):
            element: Any = top.get_object()
            inner = (
                _as_list(element.get("/K"))
                if element.get("/S") == "/Document"
                else [top]
            )
            for kid in inner:
                if isinstance(kid, IndirectObject):
                    target: Any = kid.get_object()
                    clone = target.clone(self.writer, ignore_fields=ignore)
                    self.kids.append(clone.indirect_reference)
        offset = self.next_key
        translated = self.writer._id_translated[id(reader)]
        pages = self.writer.pages[first_page : first_page + len(reader.pages)]
        src: Any
        for src, page in zip(reader.pages, pages, strict=True):
            if "/StructParents" in src:
                key = offset + int(src["/StructParents"])
                page[_name("/StructParents")] = NumberObject(key)
            for ref in src.get("/Annots") or ():
                annot = ref.get_object()
                if "/StructParent" in annot and ref.idnum in translated:
                    copy = self.writer.get_object(translated[ref.idnum])
                    key = offset + int(annot["/StructParent"])
                    copy[_name("/StructParent")] = NumberObject(key)  # type: ignore[index]
        tree = source["/ParentTree"].get_object()
        values = list(tree.get("/Nums") or ())
        top_key = -1
        for index in range(0, len(values), 2):
            key = int(values[index])
            self.nums.append(NumberObject(offset + key))
            self.nums.append(values[index + 1].clone(self.writer, ignore_fields=ignore))
            top_key = max(top_key, key)
        self.next_key = offset + top_key + 1
        return True

    def add_figure_pages(self, first: int, last: int, description: str) -> None:
        """Tag pages ``first``..``last`` (uploaded, untagged) as described figures."""
        for index in range(first, last):
            page = self.writer.pages[index]
            total = last - first
            alt = f"{description}, page {index - first + 1} of {total}"
            figure = self.writer._add_object(
                DictionaryObject(
                    {
                        _name("/Type"): _name("/StructElem"),
                        _name("/S"): _name("/Figure"),
                        _name("/Pg"): page.indirect_reference,
                        _name("/K"): NumberObject(0),
                        _name("/Alt"): TextStringObject(alt),
                    }
                )
            )
            self.kids.append(figure)
            page[_name("/StructParents")] = NumberObject(self.next_key)
            self.nums.append(NumberObject(self.next_key))
            self.nums.append(ArrayObject([figure]))
            self.next_key += 1
            _wrap_contents(self.writer, page, b"/Figure <</MCID 0>> BDC\n", b"\nEMC\n")

    def finish(self, lang: str) -> None:
        """Set parents, the parent tree and the catalog entries of a tagged file."""
        _set_parents(self.kids, self.document)
        root: Any = self.root.get_object()
        root[_name("/K")] = ArrayObject([self.document])
        root[_name("/ParentTree")] = self.writer._add_object(
            DictionaryObject({_name("/Nums"): self.nums})
        )
        root[_name("/ParentTreeNextKey")] = NumberObject(self.next_key)
        catalog = self.writer._root_object
        catalog[_name("/StructTreeRoot")] = self.root
        catalog[_name("/MarkInfo")] = DictionaryObject(
            {_name("/Marked"): BooleanObject(True)}
        )
        catalog[_name("/Lang")] = TextStringObject(lang)
        catalog[_name("/ViewerPreferences")] = DictionaryObject(
            {_name("/DisplayDocTitle"): BooleanObject(True)}
        )


def _as_list(value: PdfObject | None) -> list[PdfObject]:
    """A /K value as a list (it may be one object, an array or missing)."""
    if value is None:
        return []
    resolved = value.get_object() if isinstance(value, IndirectObject) else value
    return list(resolved) if isinstance(resolved, ArrayObject) else [value]


def _set_parents(kids: ArrayObject, parent: IndirectObject) -> None:
    """Point every structure element's /P at its parent (iteratively)."""
    todo = [(kid, parent) for kid in kids]
    while todo:
        ref, up = todo.pop()
        if not isinstance(ref, IndirectObject):
            continue
        element = ref.get_object()
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            continue
        element[_name("/P")] = up
        todo.extend((kid, ref) for kid in _as_list(element.get("/K")))


def _wrap_contents(
    writer: PdfWriter, page: DictionaryObject, head: bytes, tail: bytes
) -> None:
    """Put ``head`` before and ``tail`` after a page's content streams."""
    contents = page.get("/Contents")
    existing = contents.get_object() if contents is not None else ArrayObject()
    refs = list(existing) if isinstance(existing, ArrayObject) else [contents]
    page[_name("/Contents")] = ArrayObject(
        [_stream(writer, head), *refs, _stream(writer, tail)]
    )


def _stream(
    writer: PdfWriter, data: bytes, extra: dict[str, PdfObject] | None = None
) -> IndirectObject:
    """Add a stream object and return its reference."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (extra or {}).items():
        stream[_name(key)] = value
    return writer._add_object(stream)


def add_output_intent(writer: PdfWriter) -> None:
    """An sRGB output intent (PDF/A), with the profile WeasyPrint ships."""
    profile = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    icc = _stream(writer, profile, {"/N": NumberObject(3)})
    intent = DictionaryObject(
        {
            _name("/Type"): _name("/OutputIntent"),
            _name("/S"): _name("/GTS_PDFA1"),
            _name("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
            _name("/Info"): TextStringObject("sRGB IEC61966-2.1"),
            _name("/DestOutputProfile"): icc,
        }
    )
    writer._root_object[_name("/OutputIntents")] = ArrayObject(
        [writer._add_object(intent)]
    )


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
</dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{producer}</pdf:Producer>
<pdf:Keywords>{keywords}</pdf:Keywords>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
{pdfa}<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def add_xmp(writer: PdfWriter, info: dict[str, str], *, lang: str, pdfa: bool) -> None:
    """XMP metadata matching the info dictionary; PDF/UA-1 (and PDF/A-3b) ids."""
    now = datetime.now(UTC).replace(microsecond=0)
    info_dict: Any = writer._info.get_object() if writer._info else None
    if info_dict is not None:
        info_dict[_name("/CreationDate")] = TextStringObject(
            now.strftime("D:%Y%m%d%H%M%SZ")
        )
    xml = _XMP.format(
        title=escape(info.get("Title", "")),
        author=escape(info.get("Author", "")),
        subject=escape(info.get("Subject", "")),
        producer=escape(info.get("Producer", "")),
        keywords=escape(info.get("Keywords", "")),
        creator=escape(info.get("Creator", "")),
        lang=escape(lang),
        date=now.isoformat().replace("+00:00", "Z"),
        pdfa=(
            "<pdfaid:part>3</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
            if pdfa
            else ""
        ),
    )
    ref = _stream(
        writer,
        xml.encode("utf-8"),
        {"/Type": _name("/Metadata"), "/Subtype": _name("/XML")},
    )
    writer._root_object[_name("/Metadata")] = ref
