"""Evidence item services on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence import services
from portfolio.evidence.models import EvidenceItem, EvidenceVersion, ImmutableError
from portfolio.evidence.services.uploads import check_upload
from portfolio.framework.models import Criterion, Unit
from tests.integration.evidence.helpers import details, pdf_bytes, seed, stored

LIMIT = 5 * 1024 * 1024


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _upload(session, learner, text: str = "Order for Hale"):
    checked = check_upload(pdf_bytes(text), "order.pdf", max_bytes=LIMIT)
    return services.create_item(
        session,
        actor=learner,
        kind="work_product",
        details=details(),
        upload=stored(checked),
    )


def test_create_map_submit_return_and_resubmit_as_a_new_version(session) -> None:
    p = seed(session)
    item = _upload(session, p["learner"])
    assert item.status == "draft" and item.current.file_sha256
    services.update_item(
        session, item.id, actor=p["learner"], details=details("Renamed"), body="v1"
    )
    assert (
        len(item.versions) == 1 and item.current.title == "Renamed"
    )  # draft: in place
    services.set_claims(
        session, item.id, {"MP1": "Entered every field"}, actor=p["learner"]
    )
    with pytest.raises(ValidationError, match="personal data"):
        services.submit_item(session, item.id, actor=p["learner"])
    services.submit_item(session, item.id, actor=p["learner"], redaction_confirmed=True)
    assert item.status == "submitted" and item.current.submitted_at is not None
    with pytest.raises(ConflictError):
        services.update_item(session, item.id, actor=p["learner"], details=details("x"))
    services.set_item_status(session, item, "returned", actor=p["assessor"])
    with pytest.raises(ConflictError, match="new version"):
        services.submit_item(
            session, item.id, actor=p["learner"], redaction_confirmed=True
        )
    services.update_item(
        session, item.id, actor=p["learner"], details=details("Fixed"), body="v2"
    )
    session.expire_all()
    item = session.get(EvidenceItem, item.id)
    assert [v.number for v in item.versions] == [1, 2]
    v1, v2 = item.versions
    assert (v1.title, v1.body) == ("Renamed", "v1") and v1.submitted_at is not None
    assert (v2.title, v2.body, v2.submitted_at) == ("Fixed", "v2", None)
    assert [c.criterion.code for c in v2.claims] == ["MP1"]  # the mapping carries over
    services.submit_item(session, item.id, actor=p["learner"], redaction_confirmed=True)
    services.set_item_status(session, item, "accepted", actor=p["assessor"])
    assert item.status == "accepted"
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("evidence.submitted") == 2 and "evidence.accepted" in actions


def test_submitted_versions_are_immutable_in_the_orm(session) -> None:
    p = seed(session)
    item = _upload(session, p["learner"])
    services.set_claims(session, item.id, {"MP1": "x"}, actor=p["learner"])
    services.submit_item(session, item.id, actor=p["learner"], redaction_confirmed=True)
    item.current.title = "rewritten"
    with pytest.raises(ImmutableError):
        session.flush()


def test_bad_input_writes_nothing(session) -> None:
    p = seed(session)
    other = Unit(code="XYZ", title="Another unit")
    session.add(other)
    session.flush()
    session.add(Criterion(unit_id=other.id, code="X1", kind="marking_point", text="x"))
    item = _upload(session, p["learner"])
    session.commit()
    before = (
        _count(session, EvidenceItem),
        _count(session, EvidenceVersion),
        _count(session, AuditEvent),
    )
    with pytest.raises(ValidationError) as exc:
        services.create_item(
            session, actor=p["learner"], kind="reflection", details=details(title="  ")
        )
    assert exc.value.field == "title"
    session.rollback()
    with pytest.raises(ValidationError, match="not a criterion of unit HSO"):
        services.set_claims(session, item.id, {"X1": "other unit"}, actor=p["learner"])
    session.rollback()
    assert (
        _count(session, EvidenceItem),
        _count(session, EvidenceVersion),
        _count(session, AuditEvent),
    ) == before


def test_other_learners_cannot_see_change_or_list(session) -> None:
    p = seed(session)
    item = _upload(session, p["learner"])
    for actor in (p["learner_b"], p["supervisor"], p["assessor_b"]):
        with pytest.raises(NotFoundError):
            services.load_item(session, item.id, actor=actor)
        with pytest.raises(NotFoundError):
            services.list_items(session, p["learner"].id, actor=actor)
    with pytest.raises(NotFoundError):
        services.set_claims(session, item.id, {"MP1": "x"}, actor=p["learner_b"])
    with pytest.raises(NotFoundError):
        services.set_claims(session, item.id, {"MP1": "x"}, actor=p["assessor"])
    with pytest.raises(NotFoundError):
        services.set_item_status(session, item, "accepted", actor=p["assessor_b"])
    for actor in (p["assessor"], p["iqa"], p["admin"]):
        assert services.load_item(session, item.id, actor=actor).id == item.id


def test_a_stale_page_gets_a_conflict(session) -> None:
    p = seed(session)
    item = _upload(session, p["learner"])
    seen = item.version_id
    services.update_item(
        session,
        item.id,
        actor=p["learner"],
        details=details("A"),
        expected_version=seen,
    )
    with pytest.raises(ConflictError, match="another window"):
        services.update_item(
            session,
            item.id,
            actor=p["learner"],
            details=details("B"),
            expected_version=seen,
        )


def test_quota_refuses_the_upload_beyond_it(session) -> None:
    p = seed(session)
    session.info  # noqa: B018 - the app config is read through current_app
    from flask import current_app

    current_app.config["UPLOAD_QUOTA_FILES"] = 1
    _upload(session, p["learner"], "first")
    with pytest.raises(ValidationError, match="storage limit"):
        _upload(session, p["learner"], "second")


def test_list_filters_and_paginates(session) -> None:
    p = seed(session)
    for n in range(3):
        services.create_item(
            session,
            actor=p["learner"],
            kind="reflection",
            details=details(f"R{n}"),
            data={"what_happened": "a"},
        )
    _upload(session, p["learner"])
    rows, total = services.list_items(
        session, p["learner"].id, actor=p["learner"], kind="reflection", per_page=2
    )
    assert total == 3 and len(rows) == 2
    rows, total = services.list_items(
        session, p["learner"].id, actor=p["learner"], status="nonsense"
    )
    assert total == 4
