"""Writes on surveys: building, publishing, access codes, responses. Raises ``SurveyError``."""

from __future__ import annotations

import datetime
import secrets
import tempfile
import uuid
from decimal import Decimal

from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from platform_core import audit as platform_audit
from platform_core.liveness import job_is_abandoned, job_lock, job_lock_key
from platform_core.models import AuditEntry

from .forms import is_visible, parse_option_lines
from .models import (
    AccessCode,
    Answer,
    Option,
    Participation,
    Question,
    Response,
    Section,
    Survey,
    SurveyExport,
)

Kind = Question.Kind
# No 0/O, 1/I/L: codes are typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class SurveyError(Exception):
    """A survey action is not allowed or its input is invalid; the message says why (translated)."""


def audit(*, survey: Survey | None, action: str, actor=None, **data) -> AuditEntry:
    """Append a staff action to the municipality's audit log (platform_core.audit)."""
    return platform_audit.log(action, actor=actor, target=survey, **data)


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:70] or "umfrage"
    slug, n = base, 1
    qs = Survey.objects.all() if exclude_pk is None else Survey.objects.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Building --------------------------------------------------------------------------------


@transaction.atomic
def survey_create(*, title: str, actor=None, **fields) -> Survey:
    """A new draft survey with one empty page."""
    survey = Survey(title=title, slug=fields.pop("slug", "") or unique_slug(title), **fields)
    survey.full_clean()
    survey.save()
    Section.objects.create(survey=survey, position=0)
    audit(survey=survey, action="survey.create", actor=actor)
    return survey


def _next_position(qs) -> int:
    last = qs.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def section_add(*, survey: Survey, title: str = "", description: str = "") -> Section:
    return Section.objects.create(
        survey=survey, title=title, description=description, position=_next_position(survey.sections)
    )


def _require_draft_for_structure(survey: Survey, what: str) -> None:
    if survey.state != Survey.State.DRAFT and survey.responses.exists():
        raise SurveyError(
            _("The survey already has answers: %(what)s would make them meaningless. Copy the survey instead.")
            % {"what": what}
        )


@transaction.atomic
def question_save(
    *, question: Question, options: list[tuple[str, str]] | None = None, rows: list[tuple[str, str]] | None = None
) -> Question:
    """Save a question and its options/items (``[(value, label), ...]``).

    On a survey with answers the type cannot change and no option or item may disappear;
    wording may change and options may be added.
    """
    survey = question.survey
    existing = None
    if question.pk:
        existing = Question.objects.select_for_update().get(pk=question.pk)
        if existing.kind != question.kind:
            _require_draft_for_structure(survey, _("changing the question type"))
    else:
        question.position = _next_position(question.section.questions)
        if not question.code:
            question.code = f"Q{survey.questions.count() + 1}"
    question.full_clean(exclude=["show_if_option", "show_if_question"])
    question.save()
    wanted = []
    if question.kind in Question.OPTION_KINDS:
        wanted += [(v, label, False) for v, label in (options or [])]
    if question.kind == Kind.MATRIX:
        wanted += [(v, label, True) for v, label in (rows or [])]
    current = {(o.value, o.is_row): o for o in question.options.filter(is_other=False, is_dont_know=False)}
    if options is not None or rows is not None:
        keep = set()
        for position, (value, label, is_row) in enumerate(wanted):
            opt = current.get((value, is_row))
            if opt is None:
                opt = Option(question=question, value=value, is_row=is_row)
            opt.label, opt.position = label[:300], position
            opt.save()
            keep.add(opt.pk)
        gone = [o for o in current.values() if o.pk not in keep]
        if gone:
            _require_draft_for_structure(survey, _("removing options"))
            Option.objects.filter(pk__in=[o.pk for o in gone]).delete()
    _sync_special_option(question, "is_other", question.allow_other and question.kind in (Kind.SINGLE, Kind.MULTIPLE),
                         "other", _("Other, please specify"))
    _sync_special_option(question, "is_dont_know", question.dont_know and question.kind in (Kind.RATING, Kind.MATRIX),
                         "dk", _("Don't know"))
    return question


def _sync_special_option(question: Question, flag: str, wanted: bool, value: str, label: str) -> None:
    opt = question.options.filter(**{flag: True}).first()
    if wanted and opt is None:
        Option.objects.create(question=question, value=value, label=label, position=10_000, **{flag: True})
    elif not wanted and opt is not None:
        _require_draft_for_structure(question.survey, _("removing options"))
        opt.delete()


def question_save_from_form(*, form, survey: Survey) -> Question:
    question = form.save(commit=False)
    question.survey = survey
    kind = form.cleaned_data["kind"]
    options = parse_option_lines(form.cleaned_data.get("options_text", "")) if kind in Question.OPTION_KINDS else []
    rows = parse_option_lines(form.cleaned_data.get("rows_text", "")) if kind == Kind.MATRIX else []
    return question_save(question=question, options=options, rows=rows)


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _require_draft_for_structure(question.survey, _("deleting a question"))
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    siblings = list(question.section.questions.order_by("position", "pk"))
    i = siblings.index(question)
    j = i - 1 if up else i + 1
    if 0 <= j < len(siblings):
        siblings[i], siblings[j] = siblings[j], siblings[i]
    for position, q in enumerate(siblings):
        if q.position != position:
            Question.objects.filter(pk=q.pk).update(position=position)


@transaction.atomic
def survey_update(*, survey: Survey, actor=None) -> Survey:
    survey.full_clean()
    survey.save()
    audit(survey=survey, action="survey.update", actor=actor)
    return survey


@transaction.atomic
def survey_publish(*, survey: Survey, actor=None) -> Survey:
    """Make the survey answerable (from ``opens_at``). Needs at least one question."""
    if not survey.questions.exists():
        raise SurveyError(_("A survey needs at least one question before it can be published."))
    survey.state = Survey.State.PUBLISHED
    survey.save(update_fields=["state", "updated_at"])
    audit(survey=survey, action="survey.publish", actor=actor)
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, actor=None) -> Survey:
    survey.state = Survey.State.CLOSED
    survey.save(update_fields=["state", "updated_at"])
    audit(survey=survey, action="survey.close", actor=actor)
    return survey


@transaction.atomic
def survey_delete(*, survey: Survey, actor=None) -> None:
    audit(survey=survey, action="survey.delete", actor=actor, title=survey.title)
    survey.delete()


@transaction.atomic
def survey_copy(*, survey: Survey, actor=None, title: str = "") -> Survey:
    """A new draft with the same settings and questions, without codes or answers."""
    from .importers import survey_from_json, survey_to_json

    data = survey_to_json(survey=survey)
    copy = survey_from_json(data=data, title=title or _("Copy of %(title)s") % {"title": survey.title}, actor=actor)
    audit(survey=copy, action="survey.copy", actor=actor, source=survey.pk)
    return copy


# --- Access codes ------------------------------------------------------------------------------


def _random_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else raw


@transaction.atomic
def access_codes_generate(*, survey: Survey, count: int, actor=None) -> list[AccessCode]:
    """Create ``count`` random single-use codes (one batch) for a mailing."""
    if not 1 <= count <= 20000:
        raise SurveyError(_("Choose between 1 and 20,000 codes."))
    batch = (survey.access_codes.order_by("-batch").values_list("batch", flat=True).first() or 0) + 1
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(_random_code())
    taken = set(AccessCode.objects.filter(code__in=codes).values_list("code", flat=True))
    while taken:  # 31^10 codes: practically never
        codes -= taken
        while len(codes) < count:
            codes.add(_random_code())
        taken = set(AccessCode.objects.filter(code__in=codes).values_list("code", flat=True))
    created = AccessCode.objects.bulk_create(
        [AccessCode(survey=survey, code=c, batch=batch) for c in sorted(codes)], batch_size=2000
    )
    audit(survey=survey, action="survey.codes_generate", actor=actor, count=count, batch=batch)
    return created


def access_code_find(*, survey: Survey, code: str) -> AccessCode:
    """The unused code of this survey, or SurveyError (same message for unknown and used codes)."""
    found = AccessCode.objects.filter(survey=survey, code=normalise_code(code)).first()
    if found is None or found.used_at is not None:
        raise SurveyError(_("This access code is not valid or has already been used."))
    return found


def access_code_save_draft(*, code: AccessCode, answers: dict, page: int, token: str) -> None:
    AccessCode.objects.filter(pk=code.pk, used_at__isnull=True).update(
        draft={"answers": answers, "page": page, "token": token}
    )


# --- Responses ----------------------------------------------------------------------------------


def _answer_rows(*, survey: Survey, response: Response, questions: list[Question], answers: dict) -> list[Answer]:
    rows: list[Answer] = []
    for q in questions:
        value = answers.get(str(q.pk))
        if value in (None, "", [], {}) or not is_visible(q, answers):
            continue
        new: list[Answer] = []

        def add(_new=new, _q=q, **kw):
            _new.append(Answer(survey=survey, response=response, question=_q, **kw))

        if q.kind in (Kind.SINGLE, Kind.RATING):
            if isinstance(value, dict):
                add(option_id=value["o"], text=value.get("other", ""))
            else:
                add(option_id=value)
        elif q.kind == Kind.MULTIPLE:
            other_ids = {o.pk for o in q.options.all() if o.is_other}
            for pk in value["o"]:
                add(option_id=pk, text=value.get("other", "") if pk in other_ids else "")
        elif q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            add(text=value)
        elif q.kind == Kind.NUMBER:
            add(number=Decimal(value))
        elif q.kind == Kind.DATE:
            add(date=datetime.date.fromisoformat(value))
        elif q.kind == Kind.MATRIX:
            for row_id, option_id in value.items():
                add(row_id=int(row_id), option_id=option_id)
        elif q.kind == Kind.RANKING:
            for option_id, rank in value.items():
                add(option_id=int(option_id), number=Decimal(rank))
        elif q.kind == Kind.MAP_POINT:
            add(lat=value.get("lat"), lng=value.get("lng"), text=value.get("text", ""))
        for i, a in enumerate(new):
            a.is_first = i == 0
        rows += new
    return rows


def response_submit(
    *,
    survey: Survey,
    questions: list[Question],
    answers: dict,
    token: str | uuid.UUID,
    user=None,
    access_code: AccessCode | None = None,
    channel: str = Response.Channel.ONLINE,
    actor=None,
) -> Response:
    """Store a completed questionnaire once.

    A repeated submit with the same token returns the response stored the first time. In an
    anonymous survey neither the user nor the code is stored with the response; the code is
    only marked used and its unfinished answers are deleted.
    """
    token = uuid.UUID(str(token))
    existing = Response.objects.filter(survey=survey, token=token).first()
    if existing is not None:
        return existing
    if channel == Response.Channel.ONLINE and not survey.is_open():
        raise SurveyError(_("This survey is not open for answers."))
    try:
        with transaction.atomic():
            if access_code is not None:
                # Locks the code: two submits with one code cannot both pass.
                code = AccessCode.objects.select_for_update().get(pk=access_code.pk)
                if code.used_at is not None:
                    raise SurveyError(_("This access code is not valid or has already been used."))
                code.used_at = timezone.now()
                code.draft = {}
                code.save(update_fields=["used_at", "draft"])
            elif survey.audience == Survey.Audience.ACCESS_CODE and channel == Response.Channel.ONLINE:
                raise SurveyError(_("This survey can only be answered with an access code."))
            if user is not None and user.is_authenticated and channel == Response.Channel.ONLINE:
                if survey.one_response_per_person:
                    Participation.objects.create(survey=survey, user=user)
            elif survey.audience == Survey.Audience.LOGGED_IN and channel == Response.Channel.ONLINE:
                raise SurveyError(_("Please log in to answer this survey."))
            keep_link = not survey.anonymous
            response = Response.objects.create(
                survey=survey,
                token=token,
                channel=channel,
                user=user if keep_link and user is not None and user.is_authenticated else None,
                access_code=access_code if keep_link else None,
                submitted_at=None if survey.anonymous else timezone.now(),
            )
            Answer.objects.bulk_create(
                _answer_rows(survey=survey, response=response, questions=questions, answers=answers)
            )
            if channel == Response.Channel.PAPER:
                audit(survey=survey, action="survey.paper_entry", actor=actor, with_code=access_code is not None)
    except IntegrityError as exc:
        existing = Response.objects.filter(survey=survey, token=token).first()
        if existing is not None:
            return existing
        raise SurveyError(_("You have already answered this survey.")) from exc
    return response


# --- Exports -----------------------------------------------------------------------------------


def survey_export_request(*, survey: Survey, format: str, requested_by=None) -> SurveyExport:
    """Queue an export of ``survey`` in ``format`` (csv, xlsx, pdf); a task builds the file.

    The task is enqueued only when the transaction commits, so the worker never looks for a
    row that is not there yet.
    """
    from .tasks import survey_export_run

    if format not in SurveyExport.Format.values:
        raise SurveyError(_("Unknown export format."))
    user = requested_by if getattr(requested_by, "is_authenticated", False) else None
    with transaction.atomic():
        export = SurveyExport.objects.create(survey=survey, format=format, requested_by=user)
        audit(survey=survey, action=f"survey.export_{format}", actor=requested_by, export=export.pk)
        schema_name, export_id = connection.schema_name, export.pk
        transaction.on_commit(lambda: survey_export_run.enqueue(schema_name, export_id))
    return export


def survey_export_build(*, export_id: int) -> SurveyExport | None:
    """Build the file of a queued export (called by the task, inside the municipality's schema).

    Only a queued export is taken, with one conditional UPDATE, so a repeated or duplicate task
    does nothing. The file is written to a temporary file with the streaming writers (flat
    memory) and then moved to private storage. Any error marks the export failed, with the
    message, and is raised again for the task runner's record.
    """
    # Held from the claim until the file is written: if this worker dies, the lock goes with its
    # session and survey_exports_recover_abandoned() marks the export failed (platform_core.liveness).
    with job_lock(export_lock_key(export_id)):
        claimed = SurveyExport.objects.filter(pk=export_id, status=SurveyExport.Status.QUEUED).update(
            status=SurveyExport.Status.RUNNING, started_at=timezone.now()
        )
        if not claimed:
            return None
        export = SurveyExport.objects.select_related("survey").get(pk=export_id)
        return _export_build_claimed(export, export_id)


def export_lock_key(export_id: int) -> int:
    return job_lock_key("survey-export", connection.schema_name, export_id)


def survey_exports_recover_abandoned() -> int:
    """Mark running exports whose worker died as failed, so the clerk sees it and asks again."""
    recovered = 0
    for export_id in SurveyExport.objects.filter(status=SurveyExport.Status.RUNNING).values_list("pk", flat=True):
        if job_is_abandoned(export_lock_key(export_id)):
            recovered += SurveyExport.objects.filter(pk=export_id, status=SurveyExport.Status.RUNNING).update(
                status=SurveyExport.Status.FAILED, finished_at=timezone.now(), file="",
                error=_("The background process stopped while writing the file. Please request the export again."),
            )  # fmt: skip
    return recovered


def _export_build_claimed(export: SurveyExport, export_id: int) -> SurveyExport:
    try:
        _export_write(export)
        export.status = SurveyExport.Status.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "size", "row_count", "status", "finished_at"])
    except Exception as exc:
        if export.file:
            export.file.storage.delete(export.file.name)
        SurveyExport.objects.filter(pk=export_id).update(
            status=SurveyExport.Status.FAILED, finished_at=timezone.now(), file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )  # fmt: skip
        raise
    return export


def _export_write(export: SurveyExport) -> None:
    from . import exports

    survey, Format = export.survey, SurveyExport.Format
    stamp = timezone.localdate().isoformat()
    with tempfile.NamedTemporaryFile(suffix=f".{export.format}") as out:
        if export.format == Format.CSV:
            export.row_count = exports.write_responses_csv(survey, out)
            name = f"{survey.slug}-{stamp}.csv"
        elif export.format == Format.XLSX:
            export.row_count = exports.write_responses_xlsx(survey, out)
            name = f"{survey.slug}-{stamp}.xlsx"
        else:
            out.write(exports.results_pdf(survey, municipality_name=_municipality_name()))
            export.row_count = Response.objects.filter(survey=survey).count()
            name = f"{survey.slug}-{stamp}-report.pdf"
        out.flush()
        export.size = out.tell()
        out.seek(0)
        export.file.save(name, File(out), save=False)


def _municipality_name() -> str:
    # Inside a task the connection knows only the schema name, not the municipality.
    from django_tenants.utils import get_tenant_model

    tenant = getattr(connection, "tenant", None)
    name = getattr(tenant, "name", "")
    if not name:
        name = get_tenant_model().objects.filter(schema_name=connection.schema_name).values_list(
            "name", flat=True).first() or ""  # fmt: skip
    return name
