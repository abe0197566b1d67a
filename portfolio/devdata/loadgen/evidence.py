"""Evidence items with versions, claims, assessor decisions and witness testimonies."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, select, update

from portfolio.assessment.domain.judging import Decision, Outcome
from portfolio.assessment.models import ItemDecision, Judgement
from portfolio.devdata.loadgen.bulk import AuditBatch, insert_ids, insert_rows
from portfolio.devdata.loadgen.spec import DOMAIN, LoadSpec, People, at
from portfolio.evidence.domain.kinds import Context, Kind
from portfolio.evidence.domain.signing import DECLARATION, TestimonyState, content_hash
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import (
    EvidenceClaim,
    EvidenceItem,
    EvidenceVersion,
    Testimony,
)
from portfolio.evidence.services.signatures import testimony_seal
from portfolio.evidence.services.testimonies import signed_content
from portfolio.framework.models import Criterion

TITLES = ("Order confirmation", "Stock check notes", "Customer call log", "Credit hold")
STATUSES = (
    (0.45, Status.ACCEPTED),
    (0.65, Status.SUBMITTED),
    (0.75, Status.RETURNED),
    (1.01, Status.DRAFT),
)


@dataclass(frozen=True)
class Planned:
    """One item to write: its learner, unit, kind, status and claimed criteria."""

    learner: tuple[int, str]
    unit_id: int
    kind: Kind
    status: Status
    criteria: tuple[tuple[int, str], ...]
    minute: int


def _criteria(conn: Connection) -> dict[int, list[tuple[int, str]]]:
    """Each unit's criteria as (id, code)."""
    by_unit: dict[int, list[tuple[int, str]]] = {}
    for cid, unit_id, code in conn.execute(
        select(Criterion.id, Criterion.unit_id, Criterion.code).order_by(Criterion.id)
    ):
        by_unit.setdefault(unit_id, []).append((cid, code))
    return by_unit


def _plan(
    spec: LoadSpec, rng: random.Random, people: People, units: dict
) -> list[Planned]:
    """Decide every item first (so the random draws do not depend on ids)."""
    unit_ids = sorted(units)
    plans = []
    for n in range(spec.evidence):
        learner = people.learners[n % len(people.learners)]
        testimony = n < spec.testimonies
        unit_id = unit_ids[rng.randrange(len(unit_ids))]
        draw = rng.random()
        status = next(s for limit, s in STATUSES if draw < limit)
        kind = (
            Kind.WITNESS_TESTIMONY
            if testimony
            else rng.choice((Kind.WORK_PRODUCT, Kind.REFLECTION))
        )
        pool = units[unit_id]
        claimed = tuple(rng.sample(pool, min(len(pool), rng.randint(1, 3))))
        plans.append(Planned(learner, unit_id, kind, status, claimed, 30 + n * 3))
    return plans


def make_evidence(
    conn: Connection,
    spec: LoadSpec,
    rng: random.Random,
    people: People,
    audit: AuditBatch,
) -> dict[str, int]:
    """Insert items, versions, claims, decisions and testimonies; return counts."""
    plans = _plan(spec, rng, people, _criteria(conn))
    item_ids = insert_ids(conn, EvidenceItem.__table__, [_item(p) for p in plans])  # type: ignore[arg-type]  # __table__ is a Table
    version_ids = insert_ids(
        conn,
        EvidenceVersion.__table__,  # type: ignore[arg-type]  # __table__ is a Table
        [
            _version(i, n, p)
            for n, (i, p) in enumerate(zip(item_ids, plans, strict=True))
        ],
    )
    claims = [
        {
            "version_id": v,
            "criterion_id": c[0],
            "justification": f"Shows {c[1]} in my work.",
        }
        for v, p in zip(version_ids, plans, strict=True)
        for c in p.criteria
    ]
    insert_rows(conn, EvidenceClaim.__table__, claims)  # type: ignore[arg-type]  # __table__ is a Table
    for item_id, p in zip(item_ids, plans, strict=True):
        if p.status != Status.DRAFT:
            audit.add(
                at(p.minute + 1),
                p.learner,
                "evidence.submitted",
                object_type="evidence_item",
                object_id=item_id,
                learner_id=p.learner[0],
            )
    decided = _decisions(conn, item_ids, version_ids, plans, people, audit)
    signed = _testimonies(conn, item_ids, plans, people, audit)
    return {
        "items": len(item_ids),
        "claims": len(claims),
        "decisions": decided,
        "testimonies": sum(1 for p in plans if p.kind == Kind.WITNESS_TESTIMONY),
        "signed": signed,
    }


def _item(p: Planned) -> dict[str, Any]:
    """One evidence_item row."""
    return {
        "learner_id": p.learner[0],
        "unit_id": p.unit_id,
        "kind": p.kind.value,
        "status": p.status.value,
        "context": Context.WORKPLACE.value,
        "order_type": None,
        "current_number": 1,
        "sim_run_id": None,
        "created_at": at(p.minute),
        "updated_at": at(p.minute + 2),
        "version_id": 1,
    }


def _version(item_id: int, n: int, p: Planned) -> dict[str, Any]:
    """Version 1 of an item (submitted unless the item is a draft)."""
    title = f"{TITLES[n % len(TITLES)]} {n + 1}"
    return {
        "item_id": item_id,
        "number": 1,
        "title": title,
        "evidence_date": date(2026, 2, 1 + n % 27),
        "body": f"{title}: how I handled the customer's order and checked the stock.",
        "data": None,
        "created_at": at(p.minute),
        "submitted_at": None if p.status == Status.DRAFT else at(p.minute + 1),
    }


def _decisions(conn, item_ids, version_ids, plans, people, audit) -> int:  # noqa: ANN001
    """An accept or return decision, with judgements, on every decided item."""
    chosen = [
        (i, v, p)
        for i, v, p in zip(item_ids, version_ids, plans, strict=True)
        if p.status in (Status.ACCEPTED, Status.RETURNED)
    ]
    rows = [
        {
            "item_id": i,
            "version_id": v,
            "version_number": 1,
            "learner_id": p.learner[0],
            "assessor_id": people.assessor_of[p.learner[0]][0],
            "outcome": (
                Outcome.ACCEPT if p.status == Status.ACCEPTED else Outcome.RETURN
            ).value,
            "actions": ""
            if p.status == Status.ACCEPTED
            else "Add the customer's confirmation.",
            "created_at": at(p.minute + 2),
            "reopened_at": None,
        }
        for i, v, p in chosen
    ]
    ids = insert_ids(conn, ItemDecision.__table__, rows)  # type: ignore[arg-type]  # __table__ is a Table
    judgements = [
        {
            "decision_id": d,
            "criterion_id": c[0],
            "decision": (
                Decision.MET if p.status == Status.ACCEPTED else Decision.NOT_MET
            ).value,
            "feedback": "",
            "claimed": True,
        }
        for d, (_, _, p) in zip(ids, chosen, strict=True)
        for c in p.criteria
    ]
    insert_rows(conn, Judgement.__table__, judgements)  # type: ignore[arg-type]  # __table__ is a Table
    for d, row, (i, _, p) in zip(ids, rows, chosen, strict=True):
        audit.add(
            at(p.minute + 2),
            people.assessor_of[p.learner[0]],
            "assessment.decided",
            object_type="evidence_item",
            object_id=i,
            learner_id=p.learner[0],
            details={"decision_id": d, "outcome": row["outcome"]},
        )
    return len(ids)


def _testimonies(conn, item_ids, plans, people, audit) -> int:  # noqa: ANN001
    """A testimony per witness-testimony item; all but drafts signed and hashed."""
    chosen = [
        (i, p)
        for i, p in zip(item_ids, plans, strict=True)
        if p.kind == Kind.WITNESS_TESTIMONY
    ]
    rows = [_testimony(i, p, people) for i, p in chosen]
    ids = insert_ids(conn, Testimony.__table__, rows)  # type: ignore[arg-type]  # __table__ is a Table
    hashes = []
    for tid, row, (_, p) in zip(ids, rows, chosen, strict=True):
        if row["signed_at"] is None:
            continue
        view = SimpleNamespace(
            id=tid, criteria=json.loads(row["criteria_codes"]), **row
        )
        view.content_sha256 = content_hash(signed_content(view))  # type: ignore[arg-type]  # __table__ is a Table
        seal = testimony_seal(view)  # type: ignore[arg-type]  # __table__ is a Table
        hashes.append({"tid": tid, "sha": view.content_sha256, "seal": seal})
        audit.add(
            row["signed_at"],
            None,
            "testimony.signed",
            object_type="testimony",
            object_id=tid,
            learner_id=p.learner[0],
            details={"via": "link"},
        )
    table = cast(Table, Testimony.__table__)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("tid"))
        .values(
            content_sha256=bindparam("sha"),
            seal=bindparam("seal"),
            state=TestimonyState.SIGNED.value,
        )
    )
    if hashes:
        conn.execute(stmt, hashes)
    return len(hashes)


def _testimony(item_id: int, p: Planned, people: People) -> dict[str, Any]:
    """One testimony row: signed unless its item is still a draft."""
    supervisor = people.supervisor_of[p.learner[0]]
    name = people.supervisor_names[supervisor]
    signed = p.status != Status.DRAFT
    return {
        "item_id": item_id,
        "learner_id": p.learner[0],
        "witness_name": name,
        "witness_email": f"witness{supervisor}@{DOMAIN}",
        "witness_job_title": "Sales office supervisor",
        "relationship_to_learner": "Line manager",
        "witnessed": "Taking customer orders by phone and email and confirming them.",
        "date_from": date(2026, 2, 2),
        "date_to": date(2026, 3, 27),
        "criteria_codes": json.dumps([c[1] for c in p.criteria]),
        "draft_statement": "",
        # Signed by the UPDATE that adds the hash and seal: a signed row never changes.
        "state": TestimonyState.AWAITING.value,
        "requested_at": at(p.minute),
        "statement": "I saw every order confirmed in writing." if signed else None,
        "signer_name": name if signed else None,
        "signer_job_title": "Sales office supervisor" if signed else None,
        "declaration": DECLARATION if signed else None,
        "signed_at": at(p.minute + 1) if signed else None,
        "signed_via": "link" if signed else None,
        "version_id": 1,
    }
