"""Shared builders for the evidence tests: seeded people, sample files, requests."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from flask import current_app
from PIL import Image

from portfolio.evidence import services
from portfolio.evidence.domain.files import CheckedFile, Quota
from portfolio.evidence.services.storage import storage_for
from portfolio.framework.services import load_framework
from tests.factories import make_people

ROOT = Path(__file__).resolve().parents[3]
TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


def seed(session) -> dict:
    """The criteria framework plus one person per role."""
    load_framework(session, ROOT / "seeds" / "framework.yaml")
    return make_people(session)


@cache
def pdf_bytes(text: str = "Order 1234 for Hale and Co, 12 boxes of A4 paper") -> bytes:
    """A real one-page PDF containing ``text``."""
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@cache
def png_bytes() -> bytes:
    """A small PNG."""
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


@cache
def jpeg_bytes() -> bytes:
    """A small JPEG with EXIF data."""
    img = Image.new("RGB", (16, 16), (10, 200, 10))
    exif = img.getexif()
    exif[0x010F] = "SecretCam"  # Make
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def ooxml_bytes(
    kind: str = "docx", text: str = "Hello", extra: dict | None = None
) -> bytes:
    """A minimal DOCX or XLSX zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types></Types>')
        if kind == "docx":
            z.writestr(
                "word/document.xml",
                f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
            )
        else:
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/sharedStrings.xml", f"<sst><si><t>{text}</t></si></sst>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def details(
    title: str = "Order form for Hale",
    context: str = "workplace",
    order_type: str | None = "standard",
) -> services.Details:
    """Valid item details."""
    return services.Details(title, YESTERDAY, context, order_type)


def make_request(**overrides) -> services.TestimonyRequest:
    """A valid request to the seeded supervisor."""
    values = dict(
        witness_name="Sam Supervisor",
        witness_email="supervisor@test.example",
        witness_job_title="Sales office manager",
        relationship="My line manager",
        witnessed="Entered and confirmed three urgent orders with customers.",
        date_from=TODAY - timedelta(days=10),
        date_to=YESTERDAY,
        criteria=("MP1", "MP2"),
        draft_statement="I saw the learner enter orders accurately.",
        order_type="urgent",
    )
    values.update(overrides)
    return services.TestimonyRequest(**values)


def link_url(token: str) -> str:
    """The signing URL shape the views use."""
    return f"http://portfolio.test/evidence/sign/{token}"


def links() -> services.SigningLinks:
    """The current app's signing-link settings, with the URL shape of the views."""
    config = current_app.config
    return services.SigningLinks(
        config["SECRET_KEY"], int(config["TESTIMONY_LINK_DAYS"]), link_url
    )


def stored(checked: CheckedFile) -> services.Upload:
    """A checked file bound for the current app's storage, under its quota."""
    config = current_app.config
    quota = Quota(int(config["UPLOAD_QUOTA_FILES"]), float(config["UPLOAD_QUOTA_MB"]))
    return services.Upload(checked, storage_for(config), quota)


def seeded_app(tmp_path, name: str, **overrides):  # noqa: ANN001, ANN201
    """An app on its own SQLite file with the framework and one person per role.

    The people's ids are in ``app.config["IDS"]``.
    """
    from portfolio.extensions import db
    from tests.conftest import make_test_app

    app = make_test_app(
        tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / name}.db", **overrides
    )
    with app.app_context():
        db.create_all()
        people = seed(db.session)
        db.session.commit()
        app.config["IDS"] = {k: u.id for k, u in people.items()}
    return app
