"""Writing reports: submission, confirmation, following, the clerk's workflow, photos, forwarding.

Every change by staff or the system is audited; emails leave after commit, so a rolled-back
report sends nothing.
"""

from __future__ import annotations

import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core import audit
from platform_core.tasks import send_email

from . import photos as photo_adapter
from .models import Category, Follower, Note, Photo, Report, StatusChange, TextTemplate

Status = Report.Status
STAFF_CHANNELS = (Report.Channel.PHONE, Report.Channel.COUNTER)
# Which status a clerk may set from which (the public workflow).
TRANSITIONS = {
    Status.NEW: [Status.IN_REVIEW, Status.IN_PROGRESS, Status.SOLVED, Status.NOT_RESPONSIBLE, Status.REJECTED],
    Status.IN_REVIEW: [Status.IN_PROGRESS, Status.SOLVED, Status.NOT_RESPONSIBLE, Status.REJECTED],
    Status.IN_PROGRESS: [Status.IN_REVIEW, Status.SOLVED, Status.REJECTED],
    Status.NOT_RESPONSIBLE: [Status.IN_REVIEW],
    Status.SOLVED: [Status.IN_PROGRESS],
    Status.REJECTED: [Status.IN_REVIEW],
}


class ReportError(Exception):
    """A report action is not allowed or its input is invalid; the message says why (translated)."""


# --- links and emails ----------------------------------------------------------------------------
def current_tenant():
    """The municipality whose schema the connection is on (also inside ``schema_context``)."""
    from django_tenants.utils import get_tenant_model

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, get_tenant_model()):
        return None if tenant.schema_name == "public" else tenant
    return get_tenant_model().objects.filter(schema_name=connection.schema_name).exclude(schema_name="public").first()


def site_base() -> str:
    from reports.state.routing import site_url

    tenant = current_tenant()
    return site_url(tenant) if tenant is not None else ""


def tenant_reverse(name: str, *args) -> str:
    """A path on a municipality's site, also from the state portal (whose URL conf lacks these pages)."""
    return reverse(name, args=args, urlconf=settings.ROOT_URLCONF)


def status_link(report: Report) -> str:
    return site_base() + tenant_reverse("reports:status", report.token)


def municipality_name() -> str:
    return getattr(current_tenant(), "name", "")


def _mail(to: str, subject: str, body: str) -> None:
    if not to:
        return
    schema = connection.schema_name
    transaction.on_commit(lambda: send_email.enqueue(schema, subject, body, [to]))


def _receipt(report: Report) -> None:
    body = _(
        "Thank you for your report to {municipality}.\n\nReference number: {reference}\nCategory: {category}\n"
        "Place: {place}\n\nYou can follow its status at any time (this link is private):\n{link}\n\n"
        "We will write to you whenever its public status changes."
    ).format(municipality=municipality_name(), reference=report.reference, category=report.public_title(),
             place=report.address or f"{report.lat:.5f}, {report.lon:.5f}", link=status_link(report))  # fmt: skip
    _mail(report.reporter_email, _("Your report {reference} has been received").format(reference=report.reference),
          body)  # fmt: skip


def _recipients(report: Report) -> list[str]:
    emails = [report.reporter_email] if report.reporter_email and report.status != Status.UNCONFIRMED else []
    emails += [f.email for f in report.followers.filter(confirmed=True) if f.email not in emails]
    return emails


def notify_followers(report: Report, change: str) -> None:
    """A public change: every confirmed follower (and the reporter) gets an email."""
    for email in _recipients(report):
        body = _(
            "The report {reference} ({category}) to {municipality} has changed:\n\n{change}\n\n"
            "Status: {status}\n{reason}\n\nDetails: {link}"
        ).format(reference=report.reference, category=report.public_title(), municipality=municipality_name(),
                 change=change, status=report.get_status_display(), reason=report.public_reason,
                 link=status_link(report))  # fmt: skip
        _mail(email, _("Report {reference}: {status}").format(reference=report.reference,
                                                               status=report.get_status_display()), body)  # fmt: skip


# --- submission ----------------------------------------------------------------------------------
def _reference(report: Report) -> str:
    return f"{report.created_at:%Y}-{report.pk:05d}"


def _check_category(category: Category, subcategory: Category | None) -> None:
    if category.parent_id or not category.active:
        raise ReportError(_("Please choose a category."))
    if subcategory is not None and (subcategory.parent_id != category.pk or not subcategory.active):
        raise ReportError(_("The subcategory does not belong to the category."))


def report_create(
    *, category: Category, subcategory: Category | None = None, description: str, lat: float, lon: float,
    address: str = "", name: str = "", email: str = "", user=None, channel: str = Report.Channel.WEB,
    photos: list[bytes] | None = None, actor=None, answers: dict[str, str] | None = None,
) -> Report:  # fmt: skip
    """A new report in the current municipality's schema.

    Citizens without a confirmed account confirm their email first (double opt-in); reports by
    signed-in citizens with a verified address and those typed in by staff are new at once.
    """
    _check_category(category, subcategory)
    photos = photos or []
    if len(photos) > settings.REPORTS_MAX_PHOTOS:
        raise ReportError(_("At most %(count)s photos.") % {"count": settings.REPORTS_MAX_PHOTOS})
    if not description.strip():
        raise ReportError(_("Please describe the problem."))
    verified = bool(user and user.is_authenticated and _has_verified_email(user, email))
    staff = channel in STAFF_CHANNELS
    # An app with an API key may send reports without an email address (nobody to confirm).
    trusted = staff or (channel == Report.Channel.OPEN311 and not email)
    if not trusted and not email:
        raise ReportError(_("Please give your email address."))
    with transaction.atomic():
        report = Report.objects.create(
            reference=secrets.token_hex(8), category=category, subcategory=subcategory, description=description.strip(),
            lat=lat, lon=lon, address=address.strip(), reporter_name=name.strip(), reporter_email=email.strip(),
            reporter_user=user if user and user.is_authenticated and not staff else None, channel=channel,
            status=Status.NEW if (verified or trusted) else Status.UNCONFIRMED,
            confirm_key="" if (verified or trusted) else secrets.token_urlsafe(24),
            department=(subcategory or category).department or category.department, answers=answers or {},
        )  # fmt: skip
        report.reference = _reference(report)
        report.save(update_fields=["reference"])
        StatusChange.objects.create(report=report, status=report.status)
        for data in photos:
            photo = Photo.objects.create(report=report)
            photo.original.save(f"{report.reference}-{photo.pk}.img", ContentFile(data), save=True)
            _enqueue_blur(photo)
        audit.log("report.created", actor=actor if staff else audit.SYSTEM, target=report, channel=channel)
        if report.status == Status.UNCONFIRMED:
            link = site_base() + tenant_reverse("reports:confirm", report.confirm_key)
            _mail(report.reporter_email, _("Please confirm your report"), _(
                "Please confirm your report to {municipality} with this link:\n{link}\n\n"
                "If you did not send a report, you can ignore this email."
            ).format(municipality=municipality_name(), link=link))  # fmt: skip
        else:
            _receipt(report)
    return report


def _has_verified_email(user, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def report_confirm(*, key: str) -> Report:
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(confirm_key=key, confirm_key__gt="").first()
        if report is None:
            raise ReportError(_("This confirmation link is not valid (any more)."))
        if report.status == Status.UNCONFIRMED:
            report.status = Status.NEW
            report.save(update_fields=["status", "updated_at"])
            StatusChange.objects.create(report=report, status=Status.NEW)
            audit.log("report.confirmed", actor=audit.SYSTEM, target=report)
            _receipt(report)
    return report


def nearby_open(*, category: Category, lat: float, lon: float) -> list[Report]:
    """Published open reports of the same category near the point (the category's radius and age)."""
    from reports.state.geo import distance_m

    root = category.root()
    radius = root.duplicate_radius_m
    dlat = radius / 111_000 + 1e-9
    dlon = dlat / max(0.2, abs(math.cos(math.radians(lat))))
    since = timezone.now() - timedelta(days=root.duplicate_days)
    candidates = Report.objects.select_related("category", "subcategory").filter(
        category=root, published=True, status__in=Report.OPEN, created_at__gte=since,
        lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon),
    )  # fmt: skip
    return sorted((r for r in candidates if distance_m(lat, lon, r.lat, r.lon) <= radius),
                  key=lambda r: distance_m(lat, lon, r.lat, r.lon))[:5]  # fmt: skip


def report_follow(*, report: Report, email: str, name: str = "", user=None) -> Follower:
    """Support a report instead of sending a duplicate: the person gets its status emails."""
    if not report.published or not report.is_open:
        raise ReportError(_("This report cannot be followed."))
    with transaction.atomic():
        follower, created = Follower.objects.get_or_create(report=report, email=email.strip().lower(),
                                                           defaults={"name": name})  # fmt: skip
        if follower.confirmed:
            return follower
        if user and user.is_authenticated and _has_verified_email(user, email):
            follower.confirmed = True
            follower.save(update_fields=["confirmed"])
            return follower
        link = site_base() + tenant_reverse("reports:follow_confirm", follower.confirm_key)
        _mail(follower.email, _("Please confirm that you want to follow report {reference}").format(
            reference=report.reference), _(
            "You asked to be told about changes of report {reference} ({category}). Please confirm:\n{link}"
        ).format(reference=report.reference, category=report.public_title(), link=link))  # fmt: skip
    return follower


def follow_confirm(*, key: str) -> Follower:
    follower = Follower.objects.select_related("report").filter(confirm_key=key).first()
    if follower is None:
        raise ReportError(_("This confirmation link is not valid (any more)."))
    if not follower.confirmed:
        follower.confirmed = True
        follower.save(update_fields=["confirmed"])
    return follower


# --- clerks --------------------------------------------------------------------------------------
def report_set_status(*, report: Report, status: str, reason: str = "", actor) -> Report:
    """Move a report along the workflow; the public reason goes to everyone who follows it."""
    if status not in TRANSITIONS.get(report.status, []):
        raise ReportError(_("A report with status “%(old)s” cannot be set to “%(new)s”.")
                          % {"old": report.get_status_display(), "new": Status(status).label})  # fmt: skip
    if status in (Status.REJECTED, Status.NOT_RESPONSIBLE) and not reason.strip():
        raise ReportError(_("Please give the public reason."))
    with transaction.atomic():
        report.status = status
        report.public_reason = reason.strip()
        now = timezone.now()
        report.first_response_at = report.first_response_at or now
        report.closed_at = now if status in Report.CLOSED else None
        report.save()
        StatusChange.objects.create(report=report, status=status, reason=report.public_reason)
        audit.log("report.status", actor=actor, target=report, status=status, reason=report.public_reason)
        if status in Report.CLOSED:
            _drop_originals(report)
        if report.published:
            notify_followers(report, _("New status: {status}").format(status=report.get_status_display()))
    return report


def report_publish(*, report: Report, publish: bool, actor) -> Report:
    """Moderation: show the report on the public map and list (or take it off)."""
    if report.status == Status.UNCONFIRMED:
        raise ReportError(_("The reporter has not yet confirmed this report."))
    with transaction.atomic():
        report.published = publish
        report.first_response_at = report.first_response_at or timezone.now()
        report.save(update_fields=["published", "first_response_at", "updated_at"])
        audit.log("report.published" if publish else "report.unpublished", actor=actor, target=report)
        if publish:
            notify_followers(report, _("Your report is now shown on the public map."))
    return report


def report_assign(*, report: Report, assignee, department=None, actor) -> Report:
    report.assignee = assignee
    if department is not None:
        report.department = department
    report.save(update_fields=["assignee", "department", "updated_at"])
    audit.log("report.assigned", actor=actor, target=report, assignee=getattr(assignee, "email", ""),
              department=getattr(report.department, "name", ""))  # fmt: skip
    return report


def report_resubmit(*, report: Report, on, actor) -> Report:
    """Wiedervorlage: the report comes back to the top of the inbox on that day."""
    report.resubmit_on = on
    report.save(update_fields=["resubmit_on", "updated_at"])
    audit.log("report.resubmission", actor=actor, target=report, on=str(on or ""))
    return report


def note_add(*, report: Report, text: str, actor) -> Note:
    if not text.strip():
        raise ReportError(_("The note is empty."))
    note = Note.objects.create(report=report, text=text.strip(), author=audit.actor_label(actor))
    audit.log("report.note", actor=actor, target=report)
    return note


def template_render(template: TextTemplate, report: Report) -> str:
    values = {"reference": report.reference, "category": report.public_title(), "address": report.address,
              "municipality": municipality_name(), "status": report.get_status_display()}  # fmt: skip
    text = template.body
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def report_merge(*, duplicate: Report, into: Report, actor) -> Report:
    """The duplicate closes as merged; its reporter and followers follow the report it duplicates."""
    if duplicate.pk == into.pk or not into.is_open:
        raise ReportError(_("Merge only into another open report."))
    with transaction.atomic():
        for email, name in [(duplicate.reporter_email, duplicate.reporter_name)] + [
            (f.email, f.name) for f in duplicate.followers.filter(confirmed=True)
        ]:
            if email and email != into.reporter_email:
                Follower.objects.get_or_create(report=into, email=email.lower(),
                                               defaults={"name": name, "confirmed": True})  # fmt: skip
        duplicate.status = Status.MERGED
        duplicate.merged_into = into
        duplicate.public_reason = _("Merged into report {reference}.").format(reference=into.reference)
        duplicate.closed_at = timezone.now()
        duplicate.save()
        StatusChange.objects.create(report=duplicate, status=Status.MERGED, reason=duplicate.public_reason)
        _drop_originals(duplicate)
        audit.log("report.merged", actor=actor, target=duplicate, into=into.reference)
    return duplicate


def report_forward(*, report: Report, municipality, actor) -> Report:
    """Hand a report to another municipality (e.g. a point right on the border): a copy is made
    in its schema with a new reference, ours closes as forwarded."""
    from django_tenants.utils import schema_context

    if municipality.schema_name in (connection.schema_name, "public"):
        raise ReportError(_("Choose another municipality."))
    here = connection.schema_name
    originals = [p.original.read() for p in report.photos.all() if p.original] if report.is_open else []
    snapshot = {"description": report.description, "lat": report.lat, "lon": report.lon, "address": report.address,
                "name": report.reporter_name, "email": report.reporter_email, "category": report.category.name}  # fmt: skip
    with transaction.atomic():
        with schema_context(municipality.schema_name):
            category = Category.objects.filter(parent=None, name=snapshot["category"], active=True).first()
            category = category or Category.objects.filter(parent=None, active=True).first()
            if category is None:
                raise ReportError(_("The other municipality has no report categories yet."))
            copy = report_create(category=category, description=snapshot["description"], lat=snapshot["lat"],
                                 lon=snapshot["lon"], address=snapshot["address"], name=snapshot["name"],
                                 email=snapshot["email"], channel=Report.Channel.PHONE, photos=originals,
                                 actor=audit.SYSTEM)  # fmt: skip
            copy.channel = report.channel
            copy.save(update_fields=["channel"])
            audit.log("report.received_forwarded", actor=audit.SYSTEM, target=copy, source=here)
        report.forwarded_to = municipality.name
        report.status = Status.FORWARDED
        report.public_reason = _("Forwarded to {municipality} (new reference {reference}).").format(
            municipality=municipality.name, reference=copy.reference)  # fmt: skip
        report.closed_at = timezone.now()
        report.save()
        StatusChange.objects.create(report=report, status=Status.FORWARDED, reason=report.public_reason)
        _drop_originals(report)
        audit.log("report.forwarded", actor=actor, target=report, to=municipality.name)
        if report.published:
            notify_followers(report, report.public_reason)
    return report


# --- photos --------------------------------------------------------------------------------------
def _enqueue_blur(photo: Photo) -> None:
    from .tasks import blur_photo

    schema, pk = connection.schema_name, photo.pk
    transaction.on_commit(lambda: blur_photo.enqueue(schema, pk))


def photo_blur(*, photo_id: int) -> Photo | None:
    """The background step: blur faces and plates; until then only staff see anything of it."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or not photo.original or photo.status != Photo.Status.PENDING:
        return photo
    with photo.original.open("rb") as f:
        data = f.read()
    try:
        image, boxes = photo_adapter.blur(data)
    except photo_adapter.UnsupportedPhoto:
        photo.status = Photo.Status.WITHHELD
        photo.save(update_fields=["status"])
        audit.log("report.photo_unreadable", actor=audit.SYSTEM, target=photo.report, photo=photo.pk)
        return photo
    photo.blurred.save(f"{photo.report.reference}-{photo.pk}.jpg", ContentFile(image), save=False)
    photo.boxes = boxes
    photo.status = Photo.Status.BLURRED
    photo.save(update_fields=["blurred", "boxes", "status"])
    audit.log("report.photo_blurred", actor=audit.SYSTEM, target=photo.report, photo=photo.pk, boxes=len(boxes))
    return photo


def photo_set_boxes(*, photo: Photo, boxes: list, actor) -> Photo:
    """Staff corrected the blur boxes by hand: blur the original again with exactly these."""
    if not photo.original:
        raise ReportError(_("The original is no longer kept; the boxes cannot be changed."))
    with photo.original.open("rb") as f:
        image = photo_adapter.apply_boxes(f.read(), boxes)
    if photo.blurred:
        photo.blurred.delete(save=False)
    photo.blurred.save(f"{photo.report.reference}-{photo.pk}.jpg", ContentFile(image), save=False)
    photo.boxes = boxes
    if photo.status == Photo.Status.PUBLISHED:
        photo.status = Photo.Status.BLURRED  # changed pixels are reviewed again before they are public
    photo.save(update_fields=["blurred", "boxes", "status"])
    audit.log("report.photo_boxes", actor=actor, target=photo.report, photo=photo.pk, boxes=len(boxes))
    return photo


def photo_review(*, photo: Photo, publish: bool, actor) -> Photo:
    if publish and not photo.blurred:
        raise ReportError(_("The photo has not been blurred yet."))
    photo.status = Photo.Status.PUBLISHED if publish else Photo.Status.WITHHELD
    photo.save(update_fields=["status"])
    audit.log("report.photo_published" if publish else "report.photo_withheld", actor=actor, target=photo.report,
              photo=photo.pk)  # fmt: skip
    return photo


def _drop_originals(report: Report) -> None:
    """A closed report keeps no original photo (only the blurred copy, if any)."""
    for photo in report.photos.all():
        if photo.original:
            photo.original.delete(save=False)
            photo.original = ""
            photo.save(update_fields=["original"])
