"""Evidence pages: lists, add and edit, mapping, submit, versions, files, coverage."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.auth.scopes import owns_evidence
from portfolio.core.access import roles, signed_in
from portfolio.auth.models import Role
from portfolio.errors import ValidationError
from portfolio.evidence import bp, forms, rules, services
from portfolio.evidence.rendering import render_markdown
from portfolio.evidence.storage import get_storage
from portfolio.evidence.uploads import check_upload
from portfolio.evidence.web import USER_ERRORS, form_error
from portfolio.extensions import db
from portfolio.core.edge import form_status as _status
from portfolio.core.pagination import Page, page_arg

LEARNER = roles(Role.LEARNER)
STAFF = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN)
PER_PAGE = 20


@bp.app_template_filter("markdown")
def _markdown(text: str | None):  # type: ignore[no-untyped-def]
    """Template filter: sanitised Markdown."""
    return render_markdown(text)


@bp.app_context_processor
def _evidence_globals() -> dict:
    """Labels and the tamper check for every template (dashboard panels use them)."""
    return {
        "EVIDENCE_KINDS": rules.KIND_LABELS,
        "EVIDENCE_STATUSES": rules.STATUS_LABELS,
        "ORDER_TYPES": rules.ORDER_TYPES,
        "CONTEXTS": rules.CONTEXTS,
        "is_tampered": services.is_tampered,
        "DECLARATION": rules.DECLARATION,
        "evidence_panel_data": _panel_data,
    }


def _panel_data() -> dict:
    """Numbers for the dashboard panels of the signed-in user."""
    from portfolio.evidence.panels import panel_data

    return panel_data(db.session, current_user)


def _list(learner_id: int, endpoint: str, args: dict) -> ResponseReturnValue:
    """Render one learner's evidence list with filters and a pager."""
    kind, status = request.args.get("kind"), request.args.get("status")
    rows, total = services.list_items(
        db.session,
        learner_id,
        actor=current_user,
        kind=kind,
        status=status,
        page=page_arg(),
        per_page=PER_PAGE,
    )
    page = Page(rows, page_arg(), PER_PAGE, total)
    return render_template(
        "evidence/list.html",
        page=page,
        kind=kind,
        status=status,
        learner_id=learner_id,
        endpoint=endpoint,
        args=args,
        own=learner_id == current_user.id,
    )


@bp.get("/")
@LEARNER
def index() -> ResponseReturnValue:
    """The learner's own evidence."""
    return _list(current_user.id, "evidence.index", {})


@bp.get("/learners/<int:learner_id>")
@STAFF
def learner_index(learner_id: int) -> ResponseReturnValue:
    """A learner's evidence, read-only, for their assessor, an IQA or an admin."""
    return _list(learner_id, "evidence.learner_index", {"learner_id": learner_id})


@bp.get("/new")
@LEARNER
def new() -> ResponseReturnValue:
    """Choose what kind of evidence to add."""
    return render_template("evidence/new.html")


def _details(form: forms.DetailsForm) -> services.Details:
    """The common details from a posted form."""
    return services.Details(
        form.title.data,
        form.evidence_date.data,
        form.context.data,
        form.order_type.data or None,
    )


def _upload(form: forms.UploadForm, required: bool):  # type: ignore[no-untyped-def]
    """Check the posted file (None when optional and absent)."""
    storage = request.files.get(form.file.name)
    if storage is None or not storage.filename:
        if required:
            raise ValidationError("Choose a file to upload.", "file")
        return None
    limit = int(float(current_app.config["UPLOAD_MAX_MB"]) * 1024 * 1024)
    data = storage.stream.read(limit + 1)
    return check_upload(data, storage.filename, max_bytes=limit)


def _flash_pii(item) -> None:  # type: ignore[no-untyped-def]
    """Warn when the uploaded text looks like it holds personal data."""
    findings = [rules.PiiFinding(**f) for f in item.current.findings]
    if findings:
        flash(
            f"The document seems to contain {rules.describe_findings(findings)}. "
            "Remove customers' personal data before you submit it.",
            "warning",
        )


@bp.route("/new/upload", methods=["GET", "POST"])
@LEARNER
def new_upload() -> ResponseReturnValue:
    """Upload a workplace document as a work product."""
    form = forms.UploadForm()
    if form.validate_on_submit():
        try:
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=rules.Kind.WORK_PRODUCT,
                details=_details(form),
                body=form.description.data or "",
                upload=_upload(form, required=True),
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash("Evidence saved as a draft. Map it to criteria next.", "success")
            _flash_pii(item)
            return redirect(url_for("evidence.mapping", item_id=item.id))
    return render_template("evidence/upload.html", form=form, item=None), _status(form)


def _reflection_data(form: forms.ReflectionForm) -> dict:
    """The four prompt answers as structured content."""
    return {key: getattr(form, key).data for key, *_ in forms.REFLECTION_PROMPTS}


@bp.route("/new/reflection", methods=["GET", "POST"])
@LEARNER
def new_reflection() -> ResponseReturnValue:
    """Write a reflection through the four prompts."""
    form = forms.ReflectionForm()
    if form.validate_on_submit():
        try:
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=rules.Kind.REFLECTION,
                details=_details(form),
                data=_reflection_data(form),
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash("Reflection saved as a draft. Map it to criteria next.", "success")
            return redirect(url_for("evidence.mapping", item_id=item.id))
    return render_template("evidence/reflection.html", form=form, item=None), _status(
        form
    )


@bp.route("/new/record", methods=["GET", "POST"])
@LEARNER
def new_record() -> ResponseReturnValue:
    """Write up a professional discussion or an observation."""
    form = forms.RecordForm()
    if form.validate_on_submit():
        try:
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=form.kind.data,
                details=_details(form),
                body=form.body.data,
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash("Record saved as a draft. Map it to criteria next.", "success")
            return redirect(url_for("evidence.mapping", item_id=item.id))
    return render_template("evidence/record.html", form=form, item=None), _status(form)


def _show(item_id: int, number: int | None) -> ResponseReturnValue:
    """Render an item at its current or an earlier version."""
    item = services.load_item(db.session, item_id, actor=current_user)
    version = next((v for v in item.versions if v.number == number), None)
    if number is not None and version is None:
        abort(404)
    version = version or item.current
    intact = get_storage().verify(version.file_sha256) if version.file_sha256 else True
    return render_template(
        "evidence/item.html",
        item=item,
        version=version,
        intact=intact,
        own=owns_evidence(current_user, item.learner_id),
        criteria=services.unit_criteria(db.session, item.unit_id),
        submit_form=forms.SubmitForm(version=item.version_id),
        action_form=forms.ActionForm(),
        needs_redaction=services.needs_redaction_confirmation(item),
    )


@bp.get("/<int:item_id>")
@signed_in
def item(item_id: int) -> ResponseReturnValue:
    """One evidence item: content, mapping, versions, actions."""
    return _show(item_id, None)


@bp.get("/<int:item_id>/versions/<int:number>")
@signed_in
def version(item_id: int, number: int) -> ResponseReturnValue:
    """An earlier (or the current) version of an item, read-only."""
    return _show(item_id, number)


from portfolio.evidence import views_changes, views_testimony  # noqa: E402, F401
