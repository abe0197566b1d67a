"""Generated, realistic portfolio reports for benchmarks, tests and previews.

Faker-seeded text, one table per item (order lines, a follow-up log or decisions),
some images and uploaded PDFs written into a storage folder, as a real portfolio.
"""

from __future__ import annotations

import hashlib
import io
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from faker import Faker

from portfolio.exports import report as r

CRITERIA = [
    ("MP1", "marking_point", "Accurate entry of customer and order details", None),
    ("MP2", "marking_point", "Confirms order details with the customer", None),
    ("MP3", "marking_point", "Clear documentation of issues during follow-up", None),
    ("MP4", "marking_point", "Follows organisational procedures and approvals", None),
    ("K1", "knowledge", "The sales process and consultative selling", None),
    ("K2", "knowledge", "Customer relationship management and CRM tools", None),
    ("K3", "knowledge", "Product knowledge: features, benefits, USPs", None),
    ("K4", "knowledge", "Sales targets and KPIs", None),
    ("R1", "range", "Standard order", "standard"),
    ("R2", "range", "Bespoke order", "bespoke"),
    ("R3", "range", "Urgent order", "urgent"),
]
KINDS = [
    r.EvidenceKind.WORK_PRODUCT,
    r.EvidenceKind.SIMULATOR,
    r.EvidenceKind.TESTIMONY,
    r.EvidenceKind.REFLECTION,
    r.EvidenceKind.DISCUSSION,
    r.EvidenceKind.OBSERVATION,
]
PRODUCTS = [
    ("DSK-STD-1200-OAK", "Straight desk 1200 mm, oak", "189.00"),
    ("CHR-OPR-MESH-BLK", "Mesh operator chair, black", "124.50"),
    ("PAP-A4-80-BOX", "A4 copier paper 80 gsm, box of 5 reams", "21.99"),
    ("STO-PED-3D-WHT", "Three-drawer pedestal, white", "96.00"),
    ("TEC-MON-ARM-DUAL", "Dual monitor arm", "74.25"),
]


def _png(path: Path, seed: int) -> bytes:
    """Write a small photo-like PNG (a screenshot stand-in) and return its bytes."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    img = Image.new("RGB", (640, 360), (243, 242, 241))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 640, 40), fill=(29, 112, 184))
    for row in range(8):
        y = 60 + row * 36
        draw.rectangle((20, y, 620, y + 26), outline=(177, 180, 182))
        draw.rectangle(
            (24, y + 6, 24 + rnd.randint(120, 560), y + 20), fill=(80, 90, 95)
        )
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _pdf(path: Path, title: str) -> bytes:
    """Write a two-page uploaded PDF (e.g. a supplier document)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _stored(
    root: Path, name: str, data_fn, media: str, disposition: str
) -> r.StoredFile:  # noqa: ANN001
    relative = f"sample/{name}"
    data = data_fn(root / relative)
    return r.StoredFile(
        name=name,
        media_type=media,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        path=relative,
        disposition=disposition,
        caption="Screenshot of the order screen" if media == "image/png" else "",
    )


def _order_form(fake: Faker, i: int) -> dict:
    """An order form document as the simulator stores it."""
    lines = [
        {
            "code": c,
            "description": d,
            "qty": (i + n) % 7 + 1,
            "unit_price": p,
            "discount_pct": "5" if n == 1 else "0",
            "line_total": f"{((i + n) % 7 + 1) * float(p):.2f}",
        }
        for n, (c, d, p) in enumerate(PRODUCTS[: 2 + i % 3])
    ]
    net = sum(float(line["line_total"]) for line in lines)
    return {
        "order_ref": f"SO-{10400 + i:05d}",
        "customer": {"account": f"ACC-{2000 + i}", "name": fake.company()},
        "contact": {
            "name": fake.name(),
            "email": fake.email(),
            "phone": "0161 496 0000",
        },
        "delivery_address": fake.address().split("\n"),
        "customer_ref": f"PO-{i:04d}",
        "requested_date": "2026-12-02",
        "instructions": fake.sentence(8),
        "lines": lines,
        "totals": {
            "net": f"{net:.2f}",
            "vat": f"{net * 0.2:.2f}",
            "gross": f"{net * 1.2:.2f}",
        },
    }


def _simulator(fake: Faker, i: int) -> r.SimulatorRecord:
    """A simulator record: an order form, a confirmation or a follow-up record."""
    kind = ("order_form", "confirmation_email", "follow_up_record")[(i // 6) % 3]
    if kind == "order_form":
        data = _order_form(fake, i)
    elif kind == "confirmation_email":
        data = {
            "to": f"{fake.name()} <{fake.email()}>",
            "subject": "Please confirm your order",
            "sent_at": "Day 1, 10:42",
            "body": fake.paragraph(5),
            "customer_reply": fake.paragraph(2),
        }
    else:
        data = {
            "follow_ups": [
                {
                    "at": f"Day {d}, 0{d + 8}:15",
                    "channel": "phone",
                    "who": fake.name(),
                    "summary": fake.sentence(8),
                    "outcome": fake.sentence(5),
                    "next_action_date": f"2026-12-0{d + 1}",
                }
                for d in range(1, 4)
            ],
            "issues": [
                {
                    "problem": fake.sentence(6),
                    "impact": fake.sentence(6),
                    "action": fake.sentence(6),
                    "resolution": fake.sentence(6),
                }
            ],
        }
    score = tuple(
        r.ScorePoint(f"MP{n}", n != 3, () if n != 3 else (fake.sentence(8),))
        for n in range(1, 5)
    )
    return r.SimulatorRecord(str(100 + i), kind, f"Simulator {kind}", data, score)


def _body(kind: r.EvidenceKind, fake: Faker, when: datetime, i: int) -> r.Body:
    """The kind-specific content of item ``i``."""
    if kind == r.EvidenceKind.SIMULATOR:
        return _simulator(fake, i)
    if kind == r.EvidenceKind.TESTIMONY:
        statement = fake.paragraph(8)
        digest = hashlib.sha256(statement.encode()).hexdigest()
        signature = r.Signature(
            signer_name=fake.name(),
            signer_email=fake.email(),
            signer_role="Sales office supervisor",
            relationship="Line manager",
            signed_at=when + timedelta(days=2),
            content_sha256=digest,
            verified=i % 7 != 2,
        )
        return r.Testimony(
            statement, signature.signer_name, signature.signer_role, signature
        )
    if kind == r.EvidenceKind.REFLECTION:
        paras = "".join(f"<p>{fake.paragraph(6)}</p>" for _ in range(3))
        return r.Reflection(
            f"{paras}<ul><li>{fake.sentence()}</li><li>{fake.sentence()}</li></ul>"
        )
    if kind == r.EvidenceKind.DISCUSSION:
        return r.Discussion(
            when,
            fake.name(),
            tuple(
                r.QuestionAnswer(fake.sentence(9).rstrip(".") + "?", fake.paragraph(3))
                for _ in range(4)
            ),
            fake.paragraph(2),
        )
    if kind == r.EvidenceKind.OBSERVATION:
        return r.Observation(
            when, fake.name(), "Sales office, order desk", fake.paragraph(7)
        )
    return None


def _item(fake: Faker, i: int, root: Path, with_files: bool) -> r.EvidenceSection:
    """One generated evidence item."""
    kind = KINDS[i % len(KINDS)]
    when = datetime(2026, 2, 1, 9, tzinfo=UTC) + timedelta(days=i, hours=i % 7)
    codes = tuple(c[0] for c in random.Random(i).sample(CRITERIA, 2 + i % 3))
    decisions = tuple(
        r.Decision(
            code,
            "met" if (i + n) % 5 else "not_yet_met",
            fake.sentence(14),
            "Alex Assessor",
            when + timedelta(days=5),
        )
        for n, code in enumerate(codes)
    )
    files: tuple[r.StoredFile, ...] = ()
    if with_files and kind == r.EvidenceKind.WORK_PRODUCT:
        files = (
            _stored(
                root, f"screen-{i}.png", lambda p: _png(p, i), "image/png", "image"
            ),
        )
        if i % 12 == 0:
            files += (
                _stored(
                    root,
                    f"supplier-{i}.pdf",
                    lambda p: _pdf(p, "Supplier note"),
                    "application/pdf",
                    "pdf",
                ),
            )
    title = fake.sentence(6).rstrip(".")
    return r.EvidenceSection(
        key=f"evidence-{i + 1}",
        ref=f"E{i + 1}",
        version=1 + i % 2,
        kind=kind,
        title=title,
        description=fake.paragraph(5),
        status="Accepted" if i % 4 else "Submitted",
        submitted_at=when,
        criteria=codes,
        decisions=decisions,
        feedback=(fake.paragraph(2),) if i % 3 == 0 else (),
        files=files,
        body=_body(kind, fake, when, i),
        sha256=hashlib.sha256(f"{i}:{title}".encode()).hexdigest(),
    )


def sample_report(
    items: int, storage_root: Path, *, seed: int = 7, files: bool = True
) -> r.PortfolioReport:
    """A generated portfolio of ``items`` evidence items (files under storage_root)."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    evidence = tuple(_item(fake, i, storage_root, files) for i in range(items))
    rows = []
    for code, _kind, text, _ot in CRITERIA:
        entries = tuple(
            r.MatrixEntry(
                e.ref,
                e.title,
                next(
                    (d.outcome for d in e.decisions if d.criterion_code == code),
                    "pending",
                ),
            )
            for e in evidence
            if code in e.criteria
        )
        rows.append(
            r.MatrixRow(code, text, any(x.outcome == "met" for x in entries), entries)
        )
    cover = r.Cover(
        learner_name="Jordan Avery",
        learner_email="learner@example.com",
        unit_code="HSO",
        unit_title="Handle sales orders",
        centre="Northgate Training Centre",
        assessor_name="Alex Assessor",
        supervisor_name="Sam Supervisor",
        cohort="Sales Administration, January 2026",
        status="In progress",
        start_date=date(2026, 1, 12),
        planned_end_date=date(2027, 1, 29),
        signed_off_at=None,
        exported_at=datetime(2026, 11, 29, 10, 0, tzinfo=UTC),
        exported_by="Alex Assessor",
    )
    declarations = (
        r.Declaration(
            "Learner's declaration of authenticity",
            "I confirm that the evidence in this portfolio is my own work.",
            "Jordan Avery",
            "Learner",
            datetime(2026, 11, 20, 12, tzinfo=UTC),
        ),
        r.Declaration(
            "Assessor's sign-off",
            "I confirm the unit has been achieved.",
            "Alex Assessor",
            "Assessor",
            None,
        ),
    )
    criteria = tuple(
        r.CriterionInfo(c, k, t, ot, any(row.achieved for row in rows if row.code == c))
        for c, k, t, ot in CRITERIA
    )
    sampling = tuple(
        r.SamplingRecord(
            e.submitted_at,
            "Iris Quality",
            "Alex Assessor",
            e.ref,
            e.criteria[0],
            "agreed" if n % 4 else "sent_back",
            fake.sentence(10),
        )
        for n, e in enumerate(evidence[::10])
    )
    return r.PortfolioReport(
        cover, declarations, criteria, tuple(rows), evidence, sampling
    )
