"""Keep a merged file tagged: graft each part's structure tree into one document.

Appending pages copies them but not the structure tree, and each part numbers
its pages' ``/StructParents`` and its annotations' ``/StructParent`` from 0.
``StructureMerger`` copies each tagged part's elements in one call to qpdf's
object copier (``Pdf.copy_foreign``; the pages they point at were copied just
before, so ``/Pg`` lands on the merged file's pages), hangs them under one
``/Document`` and renumbers the parent tree keys after the parts before it, so
marked content, links and images keep their tags and alternative text. Pages of
uploaded PDFs become one figure each, described in words (their originals are
attached to the file).
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files
from xml.sax.saxutils import escape

from pikepdf import Array, Dictionary, Name, Object, Pdf, Stream, String


class StructureMerger:
    """Collects the structure elements of appended parts into one tree."""

    def __init__(self, pdf: Pdf) -> None:
        """Start an empty ``/StructTreeRoot`` holding one ``/Document`` element."""
        self.pdf = pdf
        self.nums = Array()
        self.next_key = 0
        self.root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.kids = Array()
        self.document = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=self.kids)
        )
        # make_indirect copied the array: keep a handle on the one in the file
        kids = self.document.K
        assert isinstance(kids, Array)
        self.kids = kids

    def add_tagged(self, source: Pdf, first_page: int) -> bool:
        """Graft the tree of ``source`` (appended at ``first_page``); False if none."""
        found = source.Root.get(Name.StructTreeRoot)
        if not isinstance(found, Dictionary) or not found.is_indirect:
            return False
        root = self.pdf.copy_foreign(found)  # the whole tree, in one C++ call
        for top in _as_list(root.get(Name.K)):
            if not isinstance(top, Dictionary):
                continue
            inner = (
                _as_list(top.get(Name.K)) if top.get(Name.S) == Name.Document else [top]
            )
            for kid in inner:
                if isinstance(kid, Dictionary) and kid.is_indirect:
                    kid[Name.P] = self.document
                    self.kids.append(kid)
        offset = self.next_key
        seen: set[tuple[int, int]] = set()
        pages = self.pdf.pages[first_page : first_page + len(source.pages)]
        for page in pages:
            obj = page.obj
            if Name.StructParents in obj:
                obj[Name.StructParents] = offset + int(obj[Name.StructParents])
            for annot in obj.get(Name.Annots) or ():
                if not isinstance(annot, Dictionary) or Name.StructParent not in annot:
                    continue
                if annot.is_indirect:
                    if annot.objgen in seen:
                        continue
                    seen.add(annot.objgen)
                annot[Name.StructParent] = offset + int(annot[Name.StructParent])
        top_key = -1
        for key, value in _number_tree(root.get(Name.ParentTree)):
            self.nums.append(offset + key)
            self.nums.append(value)
            top_key = max(top_key, key)
        self.next_key = offset + top_key + 1
        return True

    def add_figure_pages(self, first: int, last: int, description: str) -> None:
        """Tag pages ``first``..``last`` (uploaded, untagged) as described figures."""
        total = last - first
        head = self.pdf.make_stream(b"/Figure <</MCID 0>> BDC\n")
        tail = self.pdf.make_stream(b"\nEMC\n")
        for index in range(first, last):
            page = self.pdf.pages[index].obj
            alt = f"{description}, page {index - first + 1} of {total}"
            figure = self.pdf.make_indirect(
                Dictionary(
                    Type=Name.StructElem,
                    S=Name.Figure,
                    P=self.document,
                    Pg=page,
                    K=0,
                    Alt=String(alt),
                )
            )
            self.kids.append(figure)
            page[Name.StructParents] = self.next_key
            self.nums.append(self.next_key)
            self.nums.append(Array([figure]))
            self.next_key += 1
            page[Name.Contents] = Array([head, *content_list(page), tail])

    def finish(self, lang: str) -> None:
        """Set the parent tree and the catalog entries of a tagged file."""
        self.root[Name.K] = Array([self.document])
        self.root[Name.ParentTree] = self.pdf.make_indirect(Dictionary(Nums=self.nums))
        self.root[Name.ParentTreeNextKey] = self.next_key
        catalog = self.pdf.Root
        catalog[Name.StructTreeRoot] = self.root
        catalog[Name.MarkInfo] = Dictionary(Marked=True)
        catalog[Name.Lang] = String(lang)
        catalog[Name.ViewerPreferences] = Dictionary(DisplayDocTitle=True)


def content_list(page: Dictionary) -> list[Object]:
    """A page's content streams, as a list (``/Contents`` may be one or an array)."""
    contents = page.get(Name.Contents)
    if contents is None:
        return []
    if isinstance(contents, Array):
        return list(contents)
    return [contents]


def _as_list(value: Object | None) -> list[Object]:
    """A /K value as a list (it may be one object, an array or missing)."""
    if value is None:
        return []
    if isinstance(value, Array):
        return list(value)
    return [value]


def _number_tree(node: Object | None) -> list[tuple[int, Object]]:
    """The (key, value) pairs of a number tree (flat ``/Nums`` or ``/Kids``)."""
    pairs: list[tuple[int, Object]] = []
    todo = [node] if isinstance(node, Dictionary) else []
    while todo:
        current = todo.pop()
        values = current.get(Name.Nums)
        if isinstance(values, Array):
            pairs.extend(
                (int(values[i]), values[i + 1]) for i in range(0, len(values) - 1, 2)
            )
        kids = current.get(Name.Kids)
        if isinstance(kids, Array):
            todo.extend(k for k in kids if isinstance(k, Dictionary))
    return pairs


def add_output_intent(pdf: Pdf) -> None:
    """An sRGB output intent (PDF/A), with the profile WeasyPrint ships."""
    profile = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    icc = pdf.make_stream(profile, N=3)
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
        Info=String("sRGB IEC61966-2.1"),
        DestOutputProfile=icc,
    )
    pdf.Root[Name.OutputIntents] = Array([pdf.make_indirect(intent)])


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


def pdf_date(moment: datetime) -> String:
    """A PDF date string (UTC)."""
    return String(moment.strftime("D:%Y%m%d%H%M%SZ"))


def add_info(pdf: Pdf, info: dict[str, str], now: datetime) -> None:
    """The document information dictionary: ``info`` and the creation date."""
    docinfo = pdf.make_indirect(
        Dictionary({f"/{key}": String(value) for key, value in info.items()})
    )
    docinfo[Name.CreationDate] = pdf_date(now)
    pdf.trailer[Name.Info] = docinfo


def add_xmp(pdf: Pdf, info: dict[str, str], *, lang: str, pdfa: bool) -> None:
    """Info dictionary and matching XMP metadata; PDF/UA-1 (and PDF/A-3b) ids."""
    now = datetime.now(UTC).replace(microsecond=0)
    add_info(pdf, info, now)
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
    stream = Stream(pdf, xml.encode("utf-8"))
    stream[Name.Type] = Name.Metadata
    stream[Name.Subtype] = Name.XML
    pdf.Root[Name.Metadata] = stream
