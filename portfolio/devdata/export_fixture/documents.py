"""Generated documents for the export fixture: screenshots, uploads, simulator records.

Faker-seeded, so the same seed gives the same report (and the same part cache keys).
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faker import Faker

from portfolio.exports.domain import report as r

PRODUCTS = [
    ("DSK-STD-1200-OAK", "Straight desk 1200 mm, oak", "189.00"),
    ("CHR-OPR-MESH-BLK", "Mesh operator chair, black", "124.50"),
    ("PAP-A4-80-BOX", "A4 copier paper 80 gsm, box of 5 reams", "21.99"),
    ("STO-PED-3D-WHT", "Three-drawer pedestal, white", "96.00"),
    ("TEC-MON-ARM-DUAL", "Dual monitor arm", "74.25"),
]


def png(path: Path, seed: int) -> bytes:
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


def pdf(path: Path, title: str) -> bytes:
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


def stored(
    root: Path,
    name: str,
    data_fn: Callable[[Path], bytes],
    media: str,
    disposition: str,
) -> r.StoredFile:
    """Write a file with ``data_fn`` under ``root`` and describe it for the report."""
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


def _order_form(fake: Faker, i: int) -> dict[str, Any]:
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


def simulator_record(fake: Faker, i: int) -> r.SimulatorRecord:
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
