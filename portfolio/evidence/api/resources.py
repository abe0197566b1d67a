"""Evidence in the JSON API: list, create, read, map and upload (/api/v1/evidence)."""

from __future__ import annotations

from typing import Any, NoReturn

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort

from portfolio.core.roles import Role
from portfolio.errors import ValidationError
from portfolio.evidence import services
from portfolio.evidence.api import schemas
from portfolio.evidence.domain.kinds import Kind
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.views._shared import upload_limit, upload_to_store
from portfolio.extensions import db

blp = Blueprint(
    "api_evidence",
    __name__,
    url_prefix="/api/v1/evidence",
    description="A learner's evidence: list, create, map criteria, upload files",
)
READERS = frozenset({Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN})
WRITERS = frozenset({Role.LEARNER})
PER_PAGE = 50


def item_out(item: EvidenceItem, full: bool = False) -> dict[str, Any]:
    """The API shape of one item."""
    t = item.testimony
    tampered = services.is_tampered(t)
    out: dict[str, Any] = {
        "id": item.id,
        "learner_id": item.learner_id,
        "kind": item.kind,
        "status": item.status,
        "context": item.context,
        "order_type": item.order_type,
        "version": item.current_number,
        "title": item.current.title,
        "evidence_date": item.current.evidence_date,
        "claims": [
            {"criterion": c.criterion.code, "justification": c.justification}
            for c in item.current.claims
        ],
        "tampered": tampered,
        "testimony": None
        if t is None
        else {
            "state": t.state,
            "witness_name": t.witness_name,
            "witness_job_title": t.witness_job_title,
            "signed_at": t.signed_at,
            "signer_name": t.signer_name,
            "statement": t.statement,
            "content_sha256": t.content_sha256,
            "tampered": tampered,
        },
    }
    if full:
        out["versions"] = item.versions
    return out


def _invalid(exc: ValidationError, location: str = "json") -> NoReturn:
    """Answer 422 naming the field (the edge writes nothing for a 422)."""
    abort(
        422, message=str(exc), errors={location: {exc.field or "_schema": [str(exc)]}}
    )
    raise AssertionError("abort() raises")  # pragma: no cover


def _details(args: dict[str, Any]) -> services.Details:
    """Service details from parsed arguments."""
    return services.Details(
        args["title"], args["evidence_date"], args["context"], args.get("order_type")
    )


@blp.route("")
class EvidenceList(MethodView):
    """A learner's evidence (your own unless ``learner_id`` is given)."""

    _access = READERS

    @blp.arguments(schemas.EvidenceListArgsSchema, location="query")
    @blp.response(200, schemas.EvidenceItemPageSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List evidence items, newest first, 50 a page."""
        learner_id = args.get("learner_id")
        if learner_id is None and not current_user.has_role(Role.LEARNER):
            _invalid(
                ValidationError("Give the learner_id to list.", "learner_id"), "query"
            )
        learner_id = learner_id or current_user.id
        rows, total = services.list_items(
            db.session,
            learner_id,
            actor=current_user,
            kind=args.get("kind"),
            status=args.get("status"),
            page=args["page"],
            per_page=PER_PAGE,
        )
        return {
            "items": [item_out(i) for i in rows],
            "total": total,
            "page": args["page"],
            "per_page": PER_PAGE,
        }

    @blp.arguments(schemas.EvidenceItemCreateSchema)
    @blp.response(201, schemas.EvidenceItemOutSchema)
    def post(self, args: dict[str, Any]) -> dict[str, Any]:
        """Create a draft reflection, discussion record or observation."""
        if current_user.roles.isdisjoint(WRITERS):
            abort(404)
        if args["kind"] == Kind.REFLECTION and "reflection" not in args:
            _invalid(ValidationError("Answer the four prompts.", "reflection"))
        try:
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=args["kind"],
                details=_details(args),
                body=args.get("body", ""),
                data=args.get("reflection"),
            )
        except ValidationError as exc:
            _invalid(exc)
        return item_out(item, full=True)


@blp.route("/files")
class EvidenceUpload(MethodView):
    """Upload a workplace document as a new draft work product."""

    _access = WRITERS

    @blp.arguments(schemas.EvidenceUploadSchema, location="form")
    @blp.arguments(schemas.EvidenceFileSchema, location="files")
    @blp.response(201, schemas.EvidenceItemOutSchema)
    def post(self, args: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        """Create a work product from a PDF, PNG, JPEG, DOCX, XLSX or TXT file."""
        posted = files["file"]
        try:
            upload = upload_to_store(
                posted.stream.read(upload_limit() + 1), posted.filename
            )
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=Kind.WORK_PRODUCT,
                details=_details(args),
                body=args.get("description", ""),
                upload=upload,
            )
        except ValidationError as exc:
            _invalid(exc, "files" if exc.field == "file" else "form")
        return item_out(item, full=True)


@blp.route("/<int:item_id>")
class EvidenceDetail(MethodView):
    """One evidence item."""

    _access = READERS

    @blp.response(200, schemas.EvidenceItemOutSchema)
    def get(self, item_id: int) -> dict[str, Any]:
        """Read an item with its versions, claims and testimony integrity."""
        return item_out(
            services.load_item(db.session, item_id, actor=current_user), full=True
        )


@blp.route("/<int:item_id>/claims")
class EvidenceClaims(MethodView):
    """The criteria an item claims."""

    _access = WRITERS

    @blp.arguments(schemas.EvidenceClaimsSchema)
    @blp.response(200, schemas.EvidenceItemOutSchema)
    def put(self, args: dict[str, Any], item_id: int) -> dict[str, Any]:
        """Replace the mapping (a returned item gets a new version)."""
        claims = {c["criterion"]: c["justification"] for c in args["claims"]}
        try:
            item = services.set_claims(db.session, item_id, claims, actor=current_user)
        except ValidationError as exc:
            _invalid(exc)
        return item_out(
            services.load_item(db.session, item.id, actor=current_user), full=True
        )
