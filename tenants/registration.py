"""Self-registration of municipalities and its review by state staff.

A registration moves through a small state machine (see ``MunicipalityRegistration``). Every
transition locks the row (``select_for_update``) and checks the state it starts from, so two
staff members approving at once start provisioning once: the second finds it no longer pending.
Provisioning itself runs as a background task in the public schema (``registration_provision_task``).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from platform_core import audit
from platform_core.liveness import job_is_abandoned
from platform_core.tasks import TENANT_QUEUE_BACKEND

from .models import Municipality, MunicipalityRegistration, RegisterEntry
from .services import (
    ProvisioningError,
    municipality_provision,
    site_base_url,
    validate_slug,
)

logger = logging.getLogger("platform.registration")

# Addresses of free mail providers: a municipality registers with an address of its administration.
FREEMAIL_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "t-online.de",
    "yahoo.com",
    "yahoo.de",
    "outlook.com",
    "outlook.de",
    "hotmail.com",
    "hotmail.de",
    "live.de",
    "aol.com",
    "icloud.com",
    "posteo.de",
    "mailbox.org",
    "freenet.de",
    "proton.me",
    "protonmail.com",
}


class RegistrationError(Exception):
    """A registration step that cannot be carried out; the message is for the user."""


def portal_url(name: str, **kwargs) -> str:
    """Absolute URL of a state-portal page, also outside a request (tasks, tests)."""
    path = reverse(name, urlconf=settings.PUBLIC_SCHEMA_URLCONF, kwargs=kwargs)
    return site_base_url(settings.PLATFORM_BASE_DOMAIN) + path


def register_search(*, query: str, limit: int = 30):
    """Register entries whose name or AGS matches ``query``, with whether they can still register."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    entries = RegisterEntry.objects.all()
    if query.isdigit():
        entries = entries.filter(ags__startswith=query)
    else:
        entries = entries.filter(name__icontains=query)
    entries = list(entries.order_by("name")[:limit])
    taken = ags_taken(ags_list=[e.ags for e in entries])
    for entry in entries:
        entry.taken = entry.ags in taken
    return entries


def ags_taken(*, ags_list: list[str]) -> set[str]:
    """The AGS among ``ags_list`` that already take part or have an active registration."""
    taken = set(Municipality.objects.filter(ags__in=ags_list).values_list("ags", flat=True))
    taken |= set(
        MunicipalityRegistration.objects.filter(
            entry_id__in=ags_list, status__in=MunicipalityRegistration.ACTIVE_STATUSES
        ).values_list("entry_id", flat=True)
    )
    return taken


def registration_check_slug(*, slug: str, exclude_pk: int | None = None) -> None:
    """Raise RegistrationError if the subdomain is malformed, reserved, taken or wished by another."""
    try:
        validate_slug(slug)
    except ProvisioningError as error:
        raise RegistrationError(str(error)) from None
    others = MunicipalityRegistration.objects.filter(
        slug=slug, status__in=[MunicipalityRegistration.Status.PENDING, MunicipalityRegistration.Status.FAILED]
    )
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        from .services import slug_suggestion

        suggestion = slug_suggestion(slug)
        n = 2
        while MunicipalityRegistration.objects.filter(slug=suggestion).exclude(pk=exclude_pk).exists():
            suggestion = slug_suggestion(f"{slug}-{n}")
            n += 1
        raise RegistrationError(
            _("The subdomain “%(slug)s” is already taken. Suggestion: %(suggestion)s")
            % {"slug": slug, "suggestion": suggestion}
        )


def registration_rate_limited(*, ip: str) -> bool:
    """Count one attempt for ``ip``; True once it exceeds ``TENANT_REGISTRATION_RATE`` (e.g. "5/h")."""
    count_text, _sep, period = settings.TENANT_REGISTRATION_RATE.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(period or "h", 3600)
    # Only a hash of the address is kept, and only for the period.
    key = "registration-rate:" + hashlib.sha256(ip.encode()).hexdigest()[:32]
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count > int(count_text)


def registration_create(
    *,
    ags: str,
    contact_name: str,
    contact_email: str,
    slug: str,
    contact_role: str = "",
    contact_phone: str = "",
) -> MunicipalityRegistration:
    """Store a new registration (unverified) and email the contact a confirmation link."""
    entry = RegisterEntry.objects.filter(ags=ags).first()
    if entry is None:
        raise RegistrationError(
            _("There is no municipality with the key (AGS) “%(ags)s” in the register of Hessen.") % {"ags": ags}
        )
    if not entry.can_register:
        raise RegistrationError(
            _("%(name)s is an unincorporated area, not a municipality, and cannot take part.") % {"name": entry.name}
        )
    if ags_taken(ags_list=[ags]):
        raise RegistrationError(_("%(name)s already takes part or has already registered.") % {"name": entry.name})
    registration_check_slug(slug=slug)
    registration = MunicipalityRegistration(
        entry=entry,
        contact_name=contact_name.strip(),
        contact_role=contact_role.strip(),
        contact_email=contact_email.strip().lower(),
        contact_phone=contact_phone.strip(),
        slug=slug,
        terms_version=settings.TENANT_TERMS_VERSION,
        dpa_version=settings.TENANT_DPA_VERSION,
        accepted_at=timezone.now(),
        verification_key=secrets.token_urlsafe(32),
        status_token=secrets.token_urlsafe(32),
    )
    registration.full_clean()
    with transaction.atomic():
        registration.save()
        audit.log(
            "registration.submitted",
            actor=audit.Actor.applicant(registration.contact_email),
            target=registration,
            ags=ags,
        )
    subject = _("Please confirm the registration of %(name)s") % {"name": entry.short_name}
    body = _(
        "Hello %(contact)s,\n\nyou have registered %(name)s for the participation platform Hessen.\n"
        "Please confirm your email address with this link:\n%(url)s\n\n"
        "You can see the status of your registration at any time here (keep this link private):\n%(status_url)s\n\n"
        "If you did not register, ignore this email; nothing will happen.\n\nParticipation platform Hessen"
    ) % {
        "contact": registration.contact_name,
        "name": entry.name,
        "url": portal_url("registration_verify", key=registration.verification_key),
        "status_url": registration_status_url(registration=registration),
    }
    _send_public_email(subject, body, [registration.contact_email])
    return registration


def registration_status_url(*, registration: MunicipalityRegistration) -> str:
    return portal_url("registration_status", token=registration.status_token)


def _send_public_email(subject: str, body: str, to: list[str]) -> None:
    from platform_core.tasks import send_email

    transaction.on_commit(lambda: send_email.enqueue("public", subject, body, to))


def registration_verify(*, key: str) -> MunicipalityRegistration:
    """Confirm the contact's email; the registration then enters the state's queue."""
    with transaction.atomic():
        registration = (
            MunicipalityRegistration.objects.select_for_update()
            .select_related("entry")
            .filter(verification_key=key)
            .first()
        )
        if registration is None:
            raise RegistrationError(_("This confirmation link is invalid."))
        if registration.status != MunicipalityRegistration.Status.UNVERIFIED:
            return registration  # confirmed before: a second click changes nothing
        if ags_taken(ags_list=[registration.entry_id]):
            raise RegistrationError(
                _("%(name)s already takes part or has already registered.") % {"name": registration.entry.name}
            )
        registration.status = MunicipalityRegistration.Status.PENDING
        registration.verified_at = timezone.now()
        try:
            with transaction.atomic():
                registration.save(update_fields=["status", "verified_at", "updated_at"])
        except IntegrityError:  # another registration of the same AGS was confirmed meanwhile
            raise RegistrationError(
                _("%(name)s already takes part or has already registered.") % {"name": registration.entry.name}
            ) from None
        audit.log(
            "registration.verified",
            actor=audit.Actor.applicant(registration.contact_email),
            target=registration,
            ags=registration.entry_id,
        )
    if settings.TENANT_REGISTRATION_NOTIFY:
        _send_public_email(
            _("New registration: %(name)s") % {"name": registration.entry.name},
            _("A new registration waits for review in the state console:\n%(url)s")
            % {"url": portal_url("console:registration", pk=registration.pk)},
            list(settings.TENANT_REGISTRATION_NOTIFY),
        )
    return registration


def registration_approve(*, registration_id: int, actor: audit.ActorLike) -> MunicipalityRegistration:
    """Approve a pending (or retry a failed) registration and queue its provisioning.

    The row lock makes the check and the change one step: of two staff approving at once,
    one queues the task and the other gets RegistrationError.
    """
    with transaction.atomic():
        registration = MunicipalityRegistration.objects.select_for_update().get(pk=registration_id)
        if not registration.is_open:
            raise RegistrationError(
                _("This registration is no longer waiting for a decision (status: %(status)s).")
                % {"status": registration.get_status_display()}
            )
        retry = registration.status == MunicipalityRegistration.Status.FAILED
        registration.status = MunicipalityRegistration.Status.PROVISIONING
        registration.decided_by = audit.actor_label(actor)
        registration.decided_at = timezone.now()
        registration.progress = 0
        registration.progress_step = _("Waiting for the background worker")
        registration.error = ""
        registration.save()
        audit.log(
            "registration.retried" if retry else "registration.approved",
            actor=actor,
            target=registration,
            ags=registration.entry_id,
        )
        pk = registration.pk
        transaction.on_commit(lambda: registration_provision_task.enqueue(pk))
    return registration


def registration_reject(*, registration_id: int, actor: audit.ActorLike, reason: str) -> MunicipalityRegistration:
    """Reject a registration; the applicant receives the reason by email."""
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(_("Please give a reason; the applicant receives it."))
    with transaction.atomic():
        registration = (
            MunicipalityRegistration.objects.select_for_update().select_related("entry").get(pk=registration_id)
        )
        if registration.status not in (
            MunicipalityRegistration.Status.PENDING,
            MunicipalityRegistration.Status.FAILED,
            MunicipalityRegistration.Status.UNVERIFIED,
        ):
            raise RegistrationError(
                _("This registration is no longer waiting for a decision (status: %(status)s).")
                % {"status": registration.get_status_display()}
            )
        registration.status = MunicipalityRegistration.Status.REJECTED
        registration.decided_by = audit.actor_label(actor)
        registration.decided_at = timezone.now()
        registration.rejection_reason = reason
        registration.save()
        audit.log("registration.rejected", actor=actor, target=registration, ags=registration.entry_id, reason=reason)
        subject = _("Your registration of %(name)s for the participation platform Hessen") % {
            "name": registration.entry.short_name
        }
        body = _(
            "Hello %(contact)s,\n\nwe cannot approve the registration of %(name)s. Reason:\n\n%(reason)s\n\n"
            "Status of your registration:\n%(status_url)s\n\nParticipation platform Hessen"
        ) % {
            "contact": registration.contact_name,
            "name": registration.entry.name,
            "reason": reason,
            "status_url": registration_status_url(registration=registration),
        }
        _send_public_email(subject, body, [registration.contact_email])
    return registration


def _progress_writer(registration_id: int):
    """Write progress on a connection of its own: the provisioning transaction is not yet visible."""

    def write(percent: int, step: str) -> None:
        conn = connections.create_connection("default")
        try:
            with conn.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {MunicipalityRegistration._meta.db_table} SET progress = %s, progress_step = %s WHERE id = %s",
                    [percent, step[:200], registration_id],
                )
        except Exception:  # noqa: BLE001 - progress is a courtesy; provisioning goes on
            logger.warning("could not write progress of registration %s", registration_id, exc_info=True)
        finally:
            conn.close()

    return write


def registrations_abandoned(*, min_age_seconds: int = 30):
    """Registrations whose provisioning worker died (a read: nothing is changed).

    Provisioning runs in one transaction holding an advisory lock (tenants.services); a worker
    that dies takes both with it: nothing half-made stays, and the lock is free. A registration
    still "being set up" whose task had started while nobody holds the lock was abandoned.
    """
    from .services import PROVISIONING_LOCK_KEY

    stale = MunicipalityRegistration.objects.filter(
        status=MunicipalityRegistration.Status.PROVISIONING,
        # The task commits its start and then takes the lock; give it a moment for that step.
        provisioning_started_at__lt=timezone.now() - datetime.timedelta(seconds=min_age_seconds),
    ).filter(Q(provisioning_finished_at__isnull=True) | Q(provisioning_finished_at__lt=F("provisioning_started_at")))
    if not stale.exists() or not job_is_abandoned(PROVISIONING_LOCK_KEY):
        return stale.none()
    return stale


def registrations_recover_abandoned(*, min_age_seconds: int = 30) -> int:
    """Mark registrations whose provisioning worker died as failed, so staff can retry."""
    count = 0
    for registration in registrations_abandoned(min_age_seconds=min_age_seconds).select_related("entry"):
        count += MunicipalityRegistration.objects.filter(
            pk=registration.pk, status=MunicipalityRegistration.Status.PROVISIONING, municipality__isnull=True
        ).update(
            status=MunicipalityRegistration.Status.FAILED,
            progress=0,
            progress_step="",
            updated_at=timezone.now(),
            provisioning_finished_at=timezone.now(),
            error=_("The background process stopped during set-up; nothing was created. Please try again."),
        )
        audit.log("registration.abandoned", actor=audit.SYSTEM, target=registration, ags=registration.entry_id)
    return count


def registration_provision(*, registration_id: int) -> MunicipalityRegistration:
    """Provision the municipality of an approved registration (run by the background task).

    Success and the link to the new municipality are written in the provisioning transaction;
    a failure leaves nothing half-made and marks the registration ``failed`` with the reason.
    """
    with transaction.atomic():
        registration = (
            MunicipalityRegistration.objects.select_for_update().select_related("entry").get(pk=registration_id)
        )
        if registration.status != MunicipalityRegistration.Status.PROVISIONING:
            return registration  # a repeated task run: someone else already finished it
        registration.attempts += 1
        registration.provisioning_started_at = timezone.now()
        registration.progress = 5
        registration.progress_step = _("Starting")
        registration.save()

    def link(municipality: Municipality) -> None:
        MunicipalityRegistration.objects.filter(pk=registration_id).update(
            status=MunicipalityRegistration.Status.LIVE,
            municipality=municipality,
            progress=100,
            progress_step=_("Done"),
            provisioning_finished_at=timezone.now(),
            updated_at=timezone.now(),
        )

    try:
        municipality_provision(
            ags=registration.entry_id,
            slug=registration.slug,
            admin_email=registration.contact_email,
            admin_name=registration.contact_name,
            actor=registration.decided_by or "system",
            progress=_progress_writer(registration_id),
            before_commit=link,
        )
    except ProvisioningError as error:
        MunicipalityRegistration.objects.filter(pk=registration_id).update(
            status=MunicipalityRegistration.Status.FAILED,
            error=str(error),
            progress=0,
            progress_step="",
            provisioning_finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        audit.log(
            "registration.failed", actor=audit.SYSTEM, target=registration, ags=registration.entry_id, error=str(error)
        )
    registration.refresh_from_db()
    if registration.municipality_id:
        from .stats import stats_refresh

        stats_refresh(municipalities=[registration.municipality])
    return registration


@task(backend=TENANT_QUEUE_BACKEND)
def registration_provision_task(registration_id: int) -> str:
    """Provision the municipality of an approved registration; returns its new status.

    Provisioning belongs to no municipality yet, so this is not a ``tenant_task``; it runs in
    the public schema on the database queue that one worker serves for the whole platform.
    """
    connections["default"].set_schema_to_public()
    return registration_provision(registration_id=registration_id).status
