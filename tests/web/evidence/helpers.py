"""Evidence objects for the access-control matrix (one per route that changes state)."""

from __future__ import annotations

import re

from sqlalchemy import select

from portfolio.evidence import services
from portfolio.evidence.services.uploads import check_upload
from portfolio.framework.models import Unit
from portfolio.framework.services import load_framework
from portfolio.mail.models import OutboxMessage
from tests.integration.evidence.helpers import (
    ROOT,
    details,
    links,
    make_request,
    pdf_bytes,
    stored,
)


def _token(session) -> str:
    """The signing token in the newest outbox message."""
    body = (
        session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        .first()
        .body
    )
    return re.search(r"/evidence/sign/(\S+)", body).group(1)


def evidence_matrix_ids(app, session, people) -> dict:
    """Create the learner's evidence the matrix rows point at; return their ids."""
    if session.scalar(select(Unit.id).limit(1)) is None:
        load_framework(session, ROOT / "seeds" / "framework.yaml")
    learner = people["learner"]

    def reflection(title: str):
        return services.create_item(
            session,
            actor=learner,
            kind="reflection",
            details=details(title),
            data={"what_happened": "x"},
        )

    ids = {"ev_number": 1}
    ids["ev_item"] = reflection("Matrix reflection").id
    upload = check_upload(pdf_bytes(), "matrix.pdf", max_bytes=1 << 22)
    ids["ev_file_item"] = services.create_item(
        session,
        actor=learner,
        kind="work_product",
        details=details("Matrix file"),
        upload=stored(upload),
    ).id
    ids["ev_submit_item"] = reflection("To submit").id
    services.set_claims(
        session, ids["ev_submit_item"], {"K1": "explains"}, actor=learner
    )
    ids["ev_withdraw_item"] = reflection("To withdraw").id
    resend = services.request_testimony(
        session, make_request(), actor=learner, links=links()
    )
    ids["ev_resend_item"] = resend.id
    cancel = services.request_testimony(
        session, make_request(), actor=learner, links=links()
    )
    ids["ev_cancel_item"] = cancel.id
    sign = services.request_testimony(
        session, make_request(), actor=learner, links=links()
    )
    ids["ev_testimony"] = sign.testimony.id
    ids["ev_sign_token"] = _token(session)
    session.commit()
    return ids
