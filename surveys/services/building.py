"""Building surveys: create, edit, publish, close, copy, delete, import; access codes."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..forms import parse_option_lines
from ..importers import (
    ImportError_,
    ImportReport,
    ParsedSurvey,
    SectionData,
    survey_parse_json,
    survey_parse_lss,
    survey_to_json,
)
from ..locks import question_lock_reason, survey_closed
from ..models import AccessCode, Option, Question, Section, Survey
from .base import SurveyError, audit, unique_slug

Kind = Question.Kind
# No 0/O, 1/I/L: codes are typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


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


def _require_unlocked(question: Question) -> None:
    """Another app (KOMPASS) keeps this question fixed: no change, move or deletion."""
    reason = question_lock_reason(question)
    if reason:
        raise SurveyError(reason)


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
        _require_unlocked(existing)
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
    _sync_special_option(
        question,
        "is_other",
        question.allow_other and question.kind in (Kind.SINGLE, Kind.MULTIPLE),
        "other",
        _("Other, please specify"),
    )
    _sync_special_option(
        question,
        "is_dont_know",
        question.dont_know and question.kind in (Kind.RATING, Kind.MATRIX),
        "dk",
        _("Don't know"),
    )
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
    _require_unlocked(question)
    _require_draft_for_structure(question.survey, _("deleting a question"))
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    siblings = list(question.section.questions.order_by("position", "pk"))
    i = siblings.index(question)
    j = i - 1 if up else i + 1
    if 0 <= j < len(siblings):
        _require_unlocked(siblings[i])
        _require_unlocked(siblings[j])
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
    survey_closed.send(sender=Survey, survey=survey, actor=actor)
    return survey


@transaction.atomic
def survey_delete(*, survey: Survey, actor=None) -> None:
    audit(survey=survey, action="survey.delete", actor=actor, title=survey.title)
    survey.delete()


@transaction.atomic
def survey_copy(*, survey: Survey, actor=None, title: str = "") -> Survey:
    """A new draft with the same settings and questions, without codes or answers."""
    parsed = survey_parse_json(data=survey_to_json(survey=survey))
    title = title or _("Copy of %(title)s") % {"title": survey.title}
    copy = survey_import(parsed=parsed, title=title, actor=actor).survey
    audit(survey=copy, action="survey.copy", actor=actor, source=survey.pk)
    return copy


# --- Imports -------------------------------------------------------------------------------------


def survey_import(*, parsed: ParsedSurvey, title: str = "", actor=None) -> ImportReport:
    """Save a parsed structure (``importers``) as a new draft survey: all of it, or nothing.

    Anything the models refuse (a code used twice, a number out of range) ends the import with
    ``ImportError_`` naming the place; the transaction leaves no half-made survey behind.
    """
    title = (title or parsed.title or _("Imported survey"))[:200]
    report = ImportReport(problems=list(parsed.problems))
    where = _("Settings")
    try:
        with transaction.atomic():
            survey = Survey(title=title, slug=unique_slug(title), **parsed.settings)
            survey.full_clean()
            survey.save()
            by_code: dict[str, Question] = {}
            pending = []
            for n, data in enumerate(parsed.sections or [SectionData()], start=1):
                where = _("Page %(n)s") % {"n": n}
                section = Section.objects.create(
                    survey=survey, title=data.title[:200], description=data.description, position=n - 1
                )
                for m, item in enumerate(data.questions, start=1):
                    where = _("Page %(n)s, question %(m)s") % {"n": n, "m": m}
                    question = question_save(
                        question=Question(survey=survey, section=section, **item.fields),
                        options=item.options,
                        rows=item.rows,
                    )
                    by_code[question.code] = question
                    report.questions += 1
                    if item.show_if:
                        pending.append((question, item.show_if))
            for question, (code, value) in pending:
                source = by_code.get(code)
                option = source.options.filter(value=value, is_row=False).first() if source else None
                if option is not None:
                    Question.objects.filter(pk=question.pk).update(show_if_question=source, show_if_option=option)
            audit(
                survey=survey,
                action=f"survey.import_{parsed.source}",
                actor=actor,
                questions=report.questions,
                problems=len(report.problems),
            )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            messages = [f"{key}: {'; '.join(values)}" for key, values in exc.message_dict.items()]
        else:
            messages = exc.messages
        raise ImportError_([f"{where}, {m}" for m in messages]) from exc
    except SurveyError as exc:
        raise ImportError_(f"{where}: {exc}") from exc
    report.survey = survey
    return report


def survey_import_json(*, data, title: str = "", actor=None) -> Survey:
    """A new draft survey from ``survey_to_json`` output; ``ImportError_`` says what is wrong."""
    return survey_import(parsed=survey_parse_json(data=data), title=title, actor=actor).survey


def survey_import_lss(*, content: bytes, title: str = "", actor=None) -> ImportReport:
    """A new draft survey from a LimeSurvey structure export, with a report of what was left out."""
    return survey_import(parsed=survey_parse_lss(content=content), title=title, actor=actor)


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
