"""Evidence in the JSON API: list, create, read, map and upload (/api/v1/evidence)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from portfolio.auth.models import Role
from portfolio.errors import ValidationError
from portfolio.evidence import rules, services
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.uploads import check_upload
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


class EvidenceClaimSchema(Schema):
    """One criterion claimed, with the learner's one-line justification."""

    criterion = fields.Str(required=True, validate=validate.Length(min=1, max=20))
    justification = fields.Str(
        required=True, validate=validate.Length(min=1, max=rules.JUSTIFICATION_MAX)
    )


class EvidenceTestimonyOutSchema(Schema):
    """A testimony's state and integrity."""

    state = fields.Str()
    witness_name = fields.Str()
    witness_job_title = fields.Str()
    signed_at = fields.DateTime(allow_none=True)
    signer_name = fields.Str(allow_none=True)
    statement = fields.Str(allow_none=True)
    content_sha256 = fields.Str(allow_none=True)
    tampered = fields.Bool()


class EvidenceVersionOutSchema(Schema):
    """One version of an item."""

    number = fields.Int()
    title = fields.Str()
    evidence_date = fields.Date()
    submitted_at = fields.DateTime(allow_none=True)
    file_name = fields.Str(allow_none=True)
    media_type = fields.Str(allow_none=True)
    file_size = fields.Int(allow_none=True)
    file_sha256 = fields.Str(allow_none=True)


class EvidenceItemOutSchema(Schema):
    """An evidence item with its current version and claims."""

    id = fields.Int()
    learner_id = fields.Int()
    kind = fields.Str()
    status = fields.Str()
    context = fields.Str()
    order_type = fields.Str(allow_none=True)
    version = fields.Int()
    title = fields.Str()
    evidence_date = fields.Date()
    claims = fields.List(fields.Nested(EvidenceClaimSchema))
    tampered = fields.Bool()
    testimony = fields.Nested(EvidenceTestimonyOutSchema, allow_none=True)
    versions = fields.List(fields.Nested(EvidenceVersionOutSchema))


class EvidenceItemPageSchema(Schema):
    """One page of items."""

    items = fields.List(fields.Nested(EvidenceItemOutSchema))
    total = fields.Int()
    page = fields.Int()
    per_page = fields.Int()


class EvidenceListArgsSchema(Schema):
    """Filters for the list."""

    learner_id = fields.Int()
    kind = fields.Str(validate=validate.OneOf([k.value for k in rules.Kind]))
    status = fields.Str(validate=validate.OneOf([s.value for s in rules.Status]))
    page = fields.Int(load_default=1, validate=validate.Range(min=1))


class EvidenceDetailsSchema(Schema):
    """Fields every new item has."""

    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    evidence_date = fields.Date(required=True)
    context = fields.Str(required=True, validate=validate.OneOf(list(rules.CONTEXTS)))
    order_type = fields.Str(
        allow_none=True, validate=validate.OneOf(list(rules.ORDER_TYPES))
    )


class EvidenceReflectionSchema(Schema):
    """The four reflection prompts."""

    what_happened = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    decisions = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    procedure = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    differently = fields.Str(required=True, validate=validate.Length(min=1, max=5000))


class EvidenceItemCreateSchema(EvidenceDetailsSchema):
    """A new reflection, professional discussion record or observation."""

    kind = fields.Str(
        required=True,
        validate=validate.OneOf(
            ["reflection", "professional_discussion", "observation"]
        ),
    )
    body = fields.Str(load_default="", validate=validate.Length(max=5000))
    reflection = fields.Nested(EvidenceReflectionSchema)


class EvidenceUploadSchema(EvidenceDetailsSchema):
    """Form fields that come with an uploaded file."""

    description = fields.Str(load_default="", validate=validate.Length(max=5000))


class EvidenceFileSchema(Schema):
    """The uploaded file."""

    file = Upload(required=True)


class EvidenceClaimsSchema(Schema):
    """The whole mapping of an item (replaces the current one)."""

    claims = fields.List(fields.Nested(EvidenceClaimSchema), required=True)


def item_out(item: EvidenceItem, full: bool = False) -> dict[str, Any]:
    """The API shape of one item."""
    t = item.testimony
    tampered = services.is_tampered(t)
    out = {
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


def _invalid(exc: ValidationError, location: str = "json") -> None:
    """Answer 422 naming the field, and write nothing."""
    db.session.rollback()
    abort(
        422, message=str(exc), errors={location: {exc.field or "_schema": [str(exc)]}}
    )


def _details(args: dict) -> services.Details:
    """Service details from parsed arguments."""
    return services.Details(
        args["title"], args["evidence_date"], args["context"], args.get("order_type")
    )


@blp.route("")
class EvidenceList(MethodView):
    """A learner's evidence (your own unless ``learner_id`` is given)."""

    _access = READERS

    @blp.arguments(EvidenceListArgsSchema, location="query")
    @blp.response(200, EvidenceItemPageSchema)
    def get(self, args):  # type: ignore[no-untyped-def]
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

    @blp.arguments(EvidenceItemCreateSchema)
    @blp.response(201, EvidenceItemOutSchema)
    def post(self, args):  # type: ignore[no-untyped-def]
        """Create a draft reflection, discussion record or observation."""
        if current_user.roles.isdisjoint(WRITERS):
            abort(404)
        if args["kind"] == "reflection" and "reflection" not in args:
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
        db.session.commit()
        return item_out(item, full=True)


@blp.route("/files")
class EvidenceUpload(MethodView):
    """Upload a workplace document as a new draft work product."""

    _access = WRITERS

    @blp.arguments(EvidenceUploadSchema, location="form")
    @blp.arguments(EvidenceFileSchema, location="files")
    @blp.response(201, EvidenceItemOutSchema)
    def post(self, args, files):  # type: ignore[no-untyped-def]
        """Create a work product from a PDF, PNG, JPEG, DOCX, XLSX or TXT file."""
        limit = int(float(current_app.config["UPLOAD_MAX_MB"]) * 1024 * 1024)
        storage = files["file"]
        try:
            upload = check_upload(
                storage.stream.read(limit + 1), storage.filename, max_bytes=limit
            )
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=rules.Kind.WORK_PRODUCT,
                details=_details(args),
                body=args.get("description", ""),
                upload=upload,
            )
        except ValidationError as exc:
            _invalid(exc, "files" if exc.field == "file" else "form")
        db.session.commit()
        return item_out(item, full=True)


@blp.route("/<int:item_id>")
class EvidenceDetail(MethodView):
    """One evidence item."""

    _access = READERS

    @blp.response(200, EvidenceItemOutSchema)
    def get(self, item_id: int):  # type: ignore[no-untyped-def]
        """Read an item with its versions, claims and testimony integrity."""
        return item_out(
            services.load_item(db.session, item_id, actor=current_user), full=True
        )


@blp.route("/<int:item_id>/claims")
class EvidenceClaims(MethodView):
    """The criteria an item claims."""

    _access = WRITERS

    @blp.arguments(EvidenceClaimsSchema)
    @blp.response(200, EvidenceItemOutSchema)
    def put(self, args, item_id: int):  # type: ignore[no-untyped-def]
        """Replace the mapping (a returned item gets a new version)."""
        claims = {c["criterion"]: c["justification"] for c in args["claims"]}
        try:
            item = services.set_claims(db.session, item_id, claims, actor=current_user)
        except ValidationError as exc:
            _invalid(exc)
        db.session.commit()
        return item_out(
            services.load_item(db.session, item.id, actor=current_user), full=True
        )
