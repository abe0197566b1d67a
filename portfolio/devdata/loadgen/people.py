"""Users, roles, cohorts and enrolments for the volume data."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import Connection

from portfolio.audit.models import AuditEvent  # noqa: F401  (table registered)
from portfolio.auth import passwords
from portfolio.auth.models import Cohort, Enrolment, User, UserRole
from portfolio.core.roles import Role
from portfolio.devdata.loadgen.bulk import AuditBatch, insert_ids, insert_rows
from portfolio.devdata.loadgen.spec import DOMAIN, PASSWORD, LoadSpec, People, at

FIRST = (
    "Alex",
    "Sam",
    "Jordan",
    "Priya",
    "Chen",
    "Aisha",
    "Tom",
    "Maya",
    "Leo",
    "Zara",
)
LAST = ("Hale", "Patel", "Okafor", "Nowak", "Evans", "Khan", "Reid", "Singh", "Ward")


def _users(
    conn: Connection,
    rng: random.Random,
    prefix: str,
    count: int,
    role: Role,
    title: str,
) -> list[tuple[int, str]]:
    """``count`` users holding one role; one shared password hash (hashing is slow)."""
    digest = passwords.hash_password(PASSWORD)
    width = len(str(count))
    rows = [
        {
            "email": f"{prefix}{n:0{width}d}@{DOMAIN}",
            "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "password_hash": digest,
            "job_title": title,
            "active": True,
            "created_at": at(0),
        }
        for n in range(1, count + 1)
    ]
    ids = insert_ids(conn, User.__table__, rows)  # type: ignore[arg-type]  # __table__ is a Table
    insert_rows(
        conn,
        UserRole.__table__,  # type: ignore[arg-type]  # __table__ is a Table
        [{"user_id": i, "role": role.value} for i in ids],
    )
    return [(i, str(row["email"])) for i, row in zip(ids, rows, strict=True)]


def make_people(
    conn: Connection, spec: LoadSpec, rng: random.Random, audit: AuditBatch
) -> People:
    """Every person, then the cohorts and one enrolment per learner."""
    admin = _users(conn, rng, "admin", 1, Role.ADMIN, "Centre administrator")[0]
    assessors = _users(conn, rng, "assessor", spec.assessors, Role.ASSESSOR, "Assessor")
    iqas = _users(conn, rng, "iqa", spec.iqas, Role.IQA, "Internal quality assurer")
    supervisors = _users(
        conn,
        rng,
        "supervisor",
        spec.cohorts,
        Role.SUPERVISOR,
        "Sales office supervisor",
    )
    learners = _users(conn, rng, "learner", spec.learners, Role.LEARNER, "Apprentice")
    for person in (admin, *assessors, *iqas, *supervisors, *learners):
        audit.add(
            at(0),
            admin,
            "user.create",
            object_type="user",
            object_id=person[0],
            details={"email": person[1]},
        )
    cohort_ids = insert_ids(
        conn,
        Cohort.__table__,  # type: ignore[arg-type]  # __table__ is a Table
        [
            {
                "name": f"Load cohort {n:02d}",
                "start_date": date(2026, 1, 12),
                "planned_end_date": date(2027, 1, 29),
            }
            for n in range(1, spec.cohorts + 1)
        ],
    )
    supervisor_of: dict[int, int] = {}
    assessor_of: dict[int, tuple[int, str]] = {}
    rows = []
    for n, (learner_id, _) in enumerate(learners):
        supervisor_of[learner_id] = supervisors[n % spec.cohorts][0]
        assessor_of[learner_id] = assessors[n % spec.assessors]
        rows.append(
            {
                "learner_id": learner_id,
                "cohort_id": cohort_ids[n % spec.cohorts],
                "assessor_id": assessors[n % spec.assessors][0],
                "supervisor_id": supervisor_of[learner_id],
                "start_date": date(2026, 1, 12),
                "planned_end_date": date(2027, 1, 29),
            }
        )
    insert_rows(conn, Enrolment.__table__, rows)  # type: ignore[arg-type]  # __table__ is a Table
    names = {s[0]: f"Supervisor {n + 1}" for n, s in enumerate(supervisors)}
    return People(
        admin, learners, assessors, iqas, supervisors, supervisor_of, assessor_of, names
    )
