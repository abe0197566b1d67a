"""Authorisation in one place: route declarations, the deny-by-default guard, scopes.

Every view declares who may use it with ``@public``, ``@signed_in`` or
``@roles(...)``. A view without a declaration is refused for everyone. A signed-in
user without the role gets a 404, so that ids and pages leak nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, jsonify, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import Select, select

from portfolio.auth.models import Enrolment, Role, User

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC = "public"
SIGNED_IN = "signed_in"
# Endpoints registered by libraries, which cannot carry our decorators.
LIBRARY_PUBLIC_ENDPOINTS = frozenset({"api-docs.openapi_json"})


def public(view: F) -> F:
    """Anyone, signed in or not, may use this view."""
    view._access = PUBLIC  # type: ignore[attr-defined]
    return view


def signed_in(view: F) -> F:
    """Any signed-in user may use this view."""
    view._access = SIGNED_IN  # type: ignore[attr-defined]
    return view


def roles(*names: Role) -> Callable[[F], F]:
    """Only users holding one of ``names`` may use this view."""

    def decorate(view: F) -> F:
        view._access = frozenset(Role(n) for n in names)  # type: ignore[attr-defined]
        return view

    return decorate


def declared_access(view: Callable[..., Any]) -> Any:
    """The access declaration of a view function (or its MethodView class)."""
    found = getattr(view, "_access", None)
    if found is None and hasattr(view, "view_class"):
        found = getattr(view.view_class, "_access", None)
    return found


def _wants_json() -> bool:
    """API requests get JSON errors instead of redirects."""
    return request.path.startswith("/api/")


def _guard() -> Any:
    """Refuse any request the endpoint's declaration does not allow."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    from flask import current_app

    view = current_app.view_functions.get(request.endpoint)
    access = declared_access(view) if view else None
    if request.endpoint in LIBRARY_PUBLIC_ENDPOINTS:
        access = PUBLIC
    if access == PUBLIC:
        return None
    if access is None:
        abort(403)
    if not current_user.is_authenticated:
        if _wants_json():
            resp = jsonify(
                code=401, status="Unauthorized", message="Sign in or send a token."
            )
            resp.status_code = 401
            return resp
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if access != SIGNED_IN and not (current_user.roles & access):
        abort(404)
    return None


def init_app(app: Flask) -> None:
    """Install the deny-by-default guard."""
    app.before_request(_guard)


# ---- object-level scopes -------------------------------------------------------


def learner_ids_visible_to(
    actor: User, *, supervisors: bool = True
) -> Select[tuple[int]]:
    """A SELECT of the learner ids whose records ``actor`` may see.

    Learners see their own, assessors their caseload, IQAs and admins everyone, and
    (unless ``supervisors`` is False) supervisors the learners they supervise.
    """
    stmt = select(Enrolment.learner_id)
    if actor.has_role(Role.ADMIN, Role.IQA):
        return stmt
    clauses = []
    if actor.has_role(Role.ASSESSOR):
        clauses.append(Enrolment.assessor_id == actor.id)
    if supervisors and actor.has_role(Role.SUPERVISOR):
        clauses.append(Enrolment.supervisor_id == actor.id)
    if actor.has_role(Role.LEARNER):
        clauses.append(Enrolment.learner_id == actor.id)
    if not clauses:
        return stmt.where(False)
    from sqlalchemy import or_

    return stmt.where(or_(*clauses))


def can_view_learner(session: Any, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` may see the portfolio of ``learner_id``."""
    if actor.id == learner_id and actor.has_role(Role.LEARNER):
        return True
    stmt = learner_ids_visible_to(actor).where(Enrolment.learner_id == learner_id)
    return session.scalar(stmt) is not None


def can_assess_learner(session: Any, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` is the learner's assessor (or an admin)."""
    if actor.has_role(Role.ADMIN):
        return True
    if not actor.has_role(Role.ASSESSOR) or actor.id == learner_id:
        return False
    stmt = select(Enrolment.id).where(
        Enrolment.learner_id == learner_id, Enrolment.assessor_id == actor.id
    )
    return session.scalar(stmt) is not None


# ---- evidence ------------------------------------------------------------------


def evidence_learner_ids_visible_to(actor: User) -> Select[tuple[int]]:
    """Learners whose evidence ``actor`` may read (supervisors see only testimonies)."""
    return learner_ids_visible_to(actor, supervisors=False)


def can_view_evidence(session: Any, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` may read the evidence of ``learner_id``."""
    if actor.id == learner_id and actor.has_role(Role.LEARNER):
        return True
    stmt = evidence_learner_ids_visible_to(actor).where(
        Enrolment.learner_id == learner_id
    )
    return session.scalar(stmt) is not None


def owns_evidence(actor: User, learner_id: int) -> bool:
    """Only the learner themself may change their evidence."""
    return actor.id == learner_id and actor.has_role(Role.LEARNER)


def is_testimony_addressee(actor: User, witness_email: str) -> bool:
    """Whether the signed-in ``actor`` is the witness a testimony was sent to."""
    return actor.email.strip().casefold() == witness_email.strip().casefold()


# ---- exports -------------------------------------------------------------------


def can_export_portfolio(session: Any, actor: User, learner_id: int) -> bool:
    """Whether ``actor`` may export (and download exports of) a portfolio.

    The same people who may read the evidence: the learner, their assessor, IQAs
    and administrators.
    """
    return can_view_evidence(session, actor, learner_id)


# ---- signed-off portfolios -----------------------------------------------------


def check_portfolio_unlocked(session: Any, learner_id: int) -> None:
    """Raise ConflictError when the learner's portfolio is signed off and locked."""
    from portfolio.assessment.models import UnitSignOff
    from portfolio.assessment.rules import check_unlocked

    locked = session.scalar(
        select(UnitSignOff.id).where(
            UnitSignOff.learner_id == learner_id,
            UnitSignOff.locked_at.is_not(None),
            UnitSignOff.unlocked_at.is_(None),
        )
    )
    check_unlocked(locked is not None)
