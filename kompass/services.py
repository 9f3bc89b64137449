"""Writes of KOMPASS: the programme's steps, the survey from the template, aggregates, measures, seal.

Each service validates, writes inside ``transaction.atomic`` and raises ``KompassError`` with a
translated message. Steps a municipality takes are logged in its own audit log and in the
state's; the programme office's steps in the state's.
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from platform_core import audit
from platform_core.audit import Actor, actor_of

from .state.models import (
    HeadquartersDistrict,
    Participation,
    ParticipationDocument,
    QuestionnaireTemplate,
    Seal,
    SealCriteria,
    StateMirror,
)

Status = Participation.Status
# Advisory lock key (pg_advisory_xact_lock) for handing out admission numbers one at a time.
ADMISSION_LOCK = 0x4B4F4D50  # "KOMP"


class KompassError(Exception):
    """A KOMPASS step is not allowed or its input is invalid; the message says why (translated)."""


def _log(action: str, *, actor, target=None, municipality=None, **data) -> None:
    """The current schema's log and, for a municipality's step, the state's log as well."""
    audit.log(action, actor=actor, target=target, municipality=municipality, **data)
    if connection.schema_name != "public":
        who = actor_of(actor)
        with schema_context("public"):
            audit.log(
                action, actor=Actor(who.kind, who.id, who.label), target=target, municipality=municipality, **data
            )


def _today() -> str:
    return timezone.localdate().isoformat()


def _reach(participation: Participation, status: str, *, when: str | None = None) -> bool:
    """Move the participation forward to ``status`` (never back); record the date."""
    if participation.reached(status):
        return False
    participation.status = status
    participation.dates = {**participation.dates, status: when or _today()}
    participation.save(update_fields=["status", "dates", "updated_at"])
    return True


# --- The programme -----------------------------------------------------------------------------


@transaction.atomic
def participation_declare_interest(
    *, municipality, actor, contact: str, email: str, motivation: str = ""
) -> Participation:
    """The municipality says it wants to take part (from its admin)."""
    if Participation.objects.filter(municipality=municipality).exists():
        raise KompassError(_("Your municipality has already declared its interest."))
    if not contact.strip() or not email.strip():
        raise KompassError(_("Please name a contact person and an email address."))
    district_ags = (municipality.ags or "")[:5]
    district = HeadquartersDistrict.objects.filter(district_ags=district_ags).first()
    participation = Participation.objects.create(
        municipality=municipality,
        municipality_name=municipality.name,
        district_ags=district_ags,
        district=district.district if district else municipality.district,
        headquarters=district.headquarters if district else None,
        municipality_contact=contact.strip(),
        municipality_email=email.strip(),
        motivation=motivation.strip(),
        dates={Status.INTERESTED: _today()},
    )
    _log("kompass.interest", actor=actor, target=participation, municipality=municipality)
    return participation


@transaction.atomic
def participation_apply(*, participation: Participation, actor) -> Participation:
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status != Status.INTERESTED:
        raise KompassError(_("Only a municipality that has declared its interest can apply."))
    _reach(participation, Status.APPLIED)
    _log("kompass.apply", actor=actor, target=participation, municipality=participation.municipality)
    return participation


@transaction.atomic
def participation_admit(*, participation: Participation, actor, office_contact: str = "", office_email: str = ""):
    """Admit an applicant and give it the next admission number.

    Two staff admitting at once: the row lock makes the second see the first's decision, and
    the transaction-wide advisory lock hands out numbers one at a time (the unique constraint
    is the last guard).
    """
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status != Status.APPLIED:
        raise KompassError(_("Only an application can be admitted."))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADMISSION_LOCK])
    last = Participation.objects.exclude(admission_number=None).order_by("-admission_number").first()
    participation.admission_number = (last.admission_number if last else 0) + 1
    if office_contact:
        participation.office_contact = office_contact
    if office_email:
        participation.office_email = office_email
    participation.save()
    _reach(participation, Status.ADMITTED)
    _log("kompass.admit", actor=actor, target=participation, number=participation.admission_number)
    return participation


# Statuses the programme office sets by hand; the others follow from what the municipality does.
OFFICE_STATUSES = [Status.KICKOFF, Status.SURVEY, Status.ANALYSIS, Status.CONFERENCES, Status.MEASURES]


@transaction.atomic
def participation_set_status(*, participation: Participation, status: str, actor, on: datetime.date | None = None):
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if status not in OFFICE_STATUSES or not participation.reached(Status.ADMITTED):
        raise KompassError(_("This status cannot be set here."))
    if participation.reached(status):
        raise KompassError(_("The municipality has already reached this status."))
    _reach(participation, status, when=(on or timezone.localdate()).isoformat())
    _log("kompass.status", actor=actor, target=participation, status=status)
    return participation


@transaction.atomic
def participation_update_contacts(*, participation: Participation, actor, **contacts) -> Participation:
    fields = [
        "municipality_contact", "municipality_email", "police_contact", "police_email", "office_contact",
        "office_email",
    ]  # fmt: skip
    for name in fields:
        if name in contacts:
            setattr(participation, name, (contacts[name] or "").strip())
    participation.full_clean(exclude=["municipality", "headquarters"])
    participation.save()
    _log("kompass.contacts", actor=actor, target=participation)
    return participation


@transaction.atomic
def participation_add_document(*, participation: Participation, actor, title: str, url: str):
    document = ParticipationDocument(
        participation=participation, title=title.strip(), url=url.strip(), added_by=actor_of(actor).label
    )
    try:
        document.full_clean()
    except Exception as exc:
        raise KompassError(_("Please give a title and a complete link (https://…).")) from exc
    document.save()
    _log("kompass.document", actor=actor, target=participation, title=document.title)
    return document


def participation_of_current() -> Participation | None:
    """The participation of the municipality whose schema the connection is on."""
    if connection.schema_name == "public":
        return None
    return Participation.objects.filter(municipality__schema_name=connection.schema_name).first()


def current_municipality():
    """The municipality whose schema the connection is on (also inside ``schema_context``)."""
    from django_tenants.utils import get_tenant_model

    return get_tenant_model().objects.get(schema_name=connection.schema_name)


# --- Questionnaire template ----------------------------------------------------------------------


def template_current(variant: str = "full") -> QuestionnaireTemplate:
    template = QuestionnaireTemplate.objects.filter(variant=variant).order_by("-version").first()
    if template is None:
        raise KompassError(_("There is no KOMPASS questionnaire yet."))
    return template


def _comparable_signature(question: dict) -> tuple:
    """What must stay the same for answers to mean the same: type, options and rows (by value)."""
    return (
        question.get("kind"),
        tuple(v for v, _label in question.get("options") or []),
        tuple(v for v, _label in question.get("rows") or []),
        bool(question.get("dont_know")),
    )


@transaction.atomic
def template_version_add(*, structure: dict, actor, variant: str = "full") -> QuestionnaireTemplate:
    """A new version of the template. Core items of the previous version must stay, with the same
    type, option values and rows (wording may improve): otherwise rounds are no longer comparable."""
    from surveys.importers import ImportError_, survey_parse_json

    try:
        survey_parse_json(data=structure)
    except ImportError_ as exc:
        raise KompassError(" ".join(exc.problems)) from exc
    previous = template_current(variant)
    new_questions = {q["code"]: q for s in structure["sections"] for q in s["questions"]}
    old_questions = previous.questions()
    problems = []
    for code in previous.core:
        if code not in new_questions:
            problems.append(_("Core item %(code)s is missing.") % {"code": code})
        elif code not in previous.slots and _comparable_signature(new_questions[code]) != _comparable_signature(
            old_questions[code]
        ):
            problems.append(_("Core item %(code)s changes its type or answer options.") % {"code": code})
    if problems:
        raise KompassError(" ".join(problems))
    core = sorted(set(previous.core) | {c for c in new_questions if c.startswith("K_")})
    template = QuestionnaireTemplate.objects.create(
        version=previous.version + 1,
        variant=variant,
        title=structure.get("title") or previous.title,
        structure=structure,
        core=core,
        slots=previous.slots,
    )
    _log("kompass.template_version", actor=actor, target=template, version=template.version)
    return template


# --- The municipality's KOMPASS survey -----------------------------------------------------------


def lock_reason(question) -> str | None:
    """surveys' lock checker: core items of a KOMPASS survey never change."""
    from .models import KompassSurvey

    locked = KompassSurvey.objects.filter(survey_id=question.survey_id).values_list("locked_codes", flat=True).first()
    if locked and question.code in locked:
        return _("%(code)s is a KOMPASS core item: it cannot be changed, moved or deleted.") % {"code": question.code}
    return None


def _district_options(districts: list[str]) -> list[list[str]]:
    seen, options = set(), []
    for name in districts:
        name = name.strip()[:300]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            options.append([f"d{len(options) + 1}", name])
    return options


@transaction.atomic
def kompass_survey_create(*, variant: str, districts: list[str], actor, title: str = ""):
    """The municipality's KOMPASS survey from the current template: local slots filled, core items locked."""
    from surveys.importers import survey_parse_json
    from surveys.services import survey_import

    from .models import KompassSurvey

    participation = participation_of_current()
    if participation is None or not participation.reached(Status.ADMITTED):
        raise KompassError(_("Only an admitted municipality can create its KOMPASS survey."))
    if KompassSurvey.objects.filter(survey__state__in=["draft", "published"]).exists():
        raise KompassError(_("Your KOMPASS survey is still running. Close it before you start the next round."))
    options = _district_options(districts)
    if len(options) < 2:
        raise KompassError(_("Please enter at least two districts, one a line."))
    template = template_current(variant)
    data = {**template.structure, "sections": []}
    for section in template.structure["sections"]:
        questions = []
        for question in section["questions"]:
            if template.slots.get(question["code"]) == "districts":
                question = {**question, "options": options}
            questions.append(question)
        data["sections"].append({**section, "questions": questions})
    rnd = (KompassSurvey.objects.order_by("-round").values_list("round", flat=True).first() or 0) + 1
    title = title or _("KOMPASS citizen survey %(year)s") % {"year": timezone.localdate().year}
    survey = survey_import(parsed=survey_parse_json(data=data), title=title, actor=actor).survey
    kompass = KompassSurvey.objects.create(
        survey=survey, round=rnd, template_version=template.version, variant=variant, locked_codes=template.core
    )
    _reach(participation, Status.SURVEY)
    _log("kompass.survey_create", actor=actor, target=participation, survey=survey.pk, round=rnd,
         version=template.version, variant=variant)  # fmt: skip
    return kompass


# --- Measures and conferences: what the state sees ---------------------------------------------


def measure_save(*, measure, actor):
    """Save a measure and show its progress to the programme office and the police."""
    participation = participation_of_current()
    if participation is None or not participation.reached(Status.ADMITTED):
        raise KompassError(_("Only an admitted municipality can plan measures."))
    created = measure.pk is None
    with transaction.atomic():
        measure.full_clean()
        measure.save()
        StateMirror.objects.update_or_create(
            participation=participation,
            kind=StateMirror.Kind.MEASURE,
            key=str(measure.pk),
            defaults={
                "title": measure.title,
                "status": measure.get_status_display(),
                "owner": measure.owner_name or measure.get_owner_display(),
                "date": measure.done_on or measure.due_on,
                "detail": measure.need_item or measure.need_place,
            },
        )
        if participation.reached(Status.CONFERENCES) or participation.reached(Status.ANALYSIS):
            _reach(participation, Status.MEASURES)
        _log("kompass.measure_create" if created else "kompass.measure_update", actor=actor, target=measure,
             status=measure.status)  # fmt: skip
    return measure


def conferences_sync(*, page=None) -> int:
    """Mirror the municipality's live security conferences (events of category ``security``) to the state.

    Called when such an event page is published, unpublished or deleted; returns how many are shown.
    """
    from events.models import Category, EventPage

    participation = participation_of_current()
    if participation is None:
        return 0
    pages = EventPage.objects.live().filter(category=Category.SECURITY)
    keep = []
    with transaction.atomic():
        for event in pages:
            first = event.dates.order_by("start").first()
            minutes = [d.display_title for d in event.documents.select_related("document")]
            mirror, _created = StateMirror.objects.update_or_create(
                participation=participation,
                kind=StateMirror.Kind.CONFERENCE,
                key=str(event.pk),
                defaults={
                    "title": event.title,
                    "date": timezone.localdate(first.start) if first else None,
                    "status": _("Minutes available") if minutes else _("No minutes yet"),
                    "detail": ", ".join(minutes),
                },
            )
            keep.append(mirror.pk)
        StateMirror.objects.filter(participation=participation, kind=StateMirror.Kind.CONFERENCE).exclude(
            pk__in=keep
        ).delete()
        if keep and participation.reached(Status.ANALYSIS):
            _reach(participation, Status.CONFERENCES)
    return len(keep)


# --- Seal ----------------------------------------------------------------------------------------


@transaction.atomic
def seal_criteria_add(*, items: list[str], actor) -> SealCriteria:
    items = [i.strip() for i in items if i.strip()]
    if not items:
        raise KompassError(_("Please enter at least one criterion, one a line."))
    last = SealCriteria.objects.order_by("-version").first()
    criteria = SealCriteria.objects.create(
        version=(last.version if last else 0) + 1, items=items, created_by=actor_of(actor).label
    )
    _log("kompass.seal_criteria", actor=actor, target=criteria, version=criteria.version)
    return criteria


@transaction.atomic
def seal_check(*, participation: Participation, met: list[int], actor) -> Seal:
    """Record which criteria are met (against the newest criteria when the seal is started)."""
    if not participation.reached(Status.ADMITTED):
        raise KompassError(_("Only an admitted municipality can work towards the seal."))
    seal = Seal.objects.select_for_update().filter(participation=participation).first()
    if seal is None:
        seal = Seal(participation=participation, criteria=SealCriteria.objects.order_by("-version").first())
    seal.met = sorted({i for i in met if 0 <= i < len(seal.criteria.items)})
    seal.save()
    _log("kompass.seal_check", actor=actor, target=participation, met=seal.met, criteria=seal.criteria.version)
    return seal


@transaction.atomic
def seal_award(*, participation: Participation, actor, renew: bool = False) -> Seal:
    """Award (or renew) the seal: every criterion met and confirmed by the programme office."""
    seal = Seal.objects.select_for_update().filter(participation=participation).first()
    if seal is None or not seal.all_met:
        raise KompassError(_("The seal can only be awarded when every criterion is met."))
    if renew != (seal.status == Seal.Status.AWARDED):
        raise KompassError(_("Renew an awarded seal; award one that is not awarded."))
    today = timezone.localdate()
    seal.status = Seal.Status.AWARDED
    seal.awarded_on = today
    seal.valid_until = today.replace(year=today.year + 3) if not (today.month == 2 and today.day == 29) else None
    seal.confirmed_by = actor_of(actor).label
    seal.withdrawn_reason = ""
    seal.save()
    participation = Participation.objects.get(pk=participation.pk)
    _reach(participation, Status.SEAL)
    _log("kompass.seal_renew" if renew else "kompass.seal_award", actor=actor, target=participation)
    return seal


@transaction.atomic
def seal_withdraw(*, participation: Participation, actor, reason: str) -> Seal:
    seal = Seal.objects.select_for_update().filter(participation=participation).first()
    if seal is None or seal.status != Seal.Status.AWARDED:
        raise KompassError(_("Only an awarded seal can be withdrawn."))
    if not reason.strip():
        raise KompassError(_("Please give the reason for the withdrawal."))
    seal.status = Seal.Status.WITHDRAWN
    seal.withdrawn_reason = reason.strip()
    seal.save()
    _log("kompass.seal_withdraw", actor=actor, target=participation, reason=seal.withdrawn_reason)
    return seal
