"""Registrations: taking seats, the waiting list, confirmation, cancellation, approval, check-in.

Seats: one conditional ``UPDATE events_eventdate SET seats_taken = seats_taken + n WHERE id = %s
AND seats_taken + n <= capacity`` inside the registration's transaction. PostgreSQL locks that
one row until the transaction ends and re-checks the condition on the newest version of it, so
concurrent registrations for a date queue on its row only (no lock per event or global lock), a
registration is confirmed only when its seat is committed with it, and the check constraint
``events_date_not_overbooked`` backs the rule. Whoever finds the date full is put on the waiting
list; ``decided_at`` is taken after the UPDATE, so every waitlisted person's time is later than
every confirmed one's (their UPDATE could only fail after the last seat was committed).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import EventDate, EventPage, Registration
from .base import EventError, audit, notify

Status = Registration.Status


def _take_seats(date: EventDate, seats: int) -> bool:
    """Take ``seats`` on ``date`` if they are free; the caller's transaction holds them."""
    return bool(
        EventDate.objects.filter(
            pk=date.pk, status=EventDate.Status.SCHEDULED, seats_taken__lte=F("capacity") - seats
        ).update(seats_taken=F("seats_taken") + seats)
    )


def _free_seats(date_id: int, seats: int) -> None:
    EventDate.objects.filter(pk=date_id).update(seats_taken=F("seats_taken") - seats)


def registration_refusal(*, event: EventPage, date: EventDate, email: str, companions: int = 0) -> str | None:
    """Why this registration cannot be made (None: it can). Messages are for the citizen."""
    now = timezone.now()
    if event.registration_mode == EventPage.RegistrationMode.OFF:
        return _("This event has no registration.")
    if date.page_id != event.pk:
        return _("Please choose one of the dates of this event.")
    if date.is_cancelled:
        return _("This date has been cancelled.")
    if date.start <= now:
        return _("This date has already started.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration has not opened yet.")
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Registration has closed.")
    if companions > event.max_companions:
        return _("You can bring at most %(n)s companions.") % {"n": event.max_companions}
    if (
        event.registration_mode == EventPage.RegistrationMode.INVITATION
        and email.strip().lower() not in event.invited()
    ):
        return _("This event is by invitation only, and this email address is not on the list of invited people.")
    return None


def _decide(registration: Registration, event: EventPage) -> None:
    """Decide the seat of a registration whose email is confirmed (seat, approval or waiting list),
    taking the seat in the caller's transaction; the caller saves the registration."""
    if event.approval_required:
        registration.status = Status.AWAITING_APPROVAL
    elif _take_seats(registration.date, registration.seats):
        registration.status = Status.CONFIRMED
    elif event.waitlist_enabled:
        registration.status = Status.WAITLISTED
    else:
        raise EventError(_("Sorry, this date is fully booked."))
    registration.decided_at = timezone.now()


def _place(registration: Registration, event: EventPage) -> None:
    """Decide the seat of a stored registration whose email is now confirmed, save it and tell the person."""
    _decide(registration, event)
    registration.save(update_fields=["status", "decided_at"])
    notify(registration, registration.status)


def registration_create(
    *,
    date: EventDate,
    name: str,
    email: str,
    companions: int = 0,
    user=None,
    email_verified: bool = False,
    event: EventPage | None = None,
    answers: dict | None = None,
) -> tuple[Registration, bool]:
    """Register someone for ``date``; returns the registration and whether it is new.

    With ``email_verified`` (a logged-in account with a verified address) the seat is decided
    at once; otherwise the person is sent a link and the seat is decided when they confirm.
    A second submit with the same email returns the first registration unchanged. ``event`` is the
    date's event page if the caller has it already (saves reading it again). ``answers``: the
    answers to the event's extra questions as text by question code (``events.questions``).

    One short transaction: the seat's conditional ``UPDATE``, the ``INSERT`` with the decided
    status, the email task; a double submit fails on the unique constraint, which rolls the
    whole transaction back (its seat too) and returns the first registration.
    """
    if event is None or event.pk != date.page_id:
        event = date.page.specific
    refusal = registration_refusal(event=event, date=date, email=email, companions=companions)
    if refusal:
        raise EventError(refusal)
    registration = Registration(
        date=date, name=name.strip(), email=email.strip(), companions=companions, user=user,
        status=Status.PENDING_EMAIL, answers=answers or {},
    )  # fmt: skip
    # The token is random and backed by its unique index: no query to check it beforehand.
    registration.full_clean(exclude=["user", "date"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            if email_verified:
                _decide(registration, event)
            registration.save(force_insert=True)
            notify(registration, registration.status if email_verified else "confirm_email")
    except IntegrityError:
        existing = (
            Registration.objects.filter(date=date, email__iexact=email.strip())
            .exclude(status=Status.CANCELLED)
            .filter(anonymised_at__isnull=True)
            .first()
        )
        if existing is None:
            raise
        return existing, False
    return registration, True


def registration_confirm_email(*, registration: Registration) -> Registration:
    """The person confirmed their address (double opt-in): now decide their seat."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("date").get(pk=registration.pk)
        if registration.status != Status.PENDING_EMAIL:
            return registration  # a second click changes nothing
        event = registration.date.page.specific
        if registration.date.is_cancelled:
            raise EventError(_("This date has been cancelled."))
        _place(registration, event)
    return registration


def _promote_waitlist(date: EventDate, event: EventPage) -> list[Registration]:
    """Give freed seats to the waiting list in order of arrival (everyone who fits), in the
    caller's transaction; with approval on, staff are asked instead."""
    if event.approval_required:
        if Registration.objects.filter(date=date, status__in=(Status.WAITLISTED, Status.AWAITING_APPROVAL)).exists():
            notify_staff_seat_free(date)
        return []
    promoted = []
    waiting = (
        Registration.objects.select_for_update()
        .filter(date=date, status=Status.WAITLISTED)
        .order_by("decided_at", "pk")
    )
    for candidate in waiting:
        if _take_seats(date, candidate.seats):
            candidate.status = Status.CONFIRMED
            candidate.save(update_fields=["status"])
            notify(candidate, "promoted")
            promoted.append(candidate)
    return promoted


def notify_staff_seat_free(date: EventDate) -> None:
    from .base import notify_staff

    notify_staff(date, "seat_free")


def registration_cancel(*, registration: Registration, actor=None) -> Registration:
    """Cancel (by the person through their private link, or by staff); a freed seat goes to the
    first person on the waiting list who fits, in the same transaction."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("date").get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return registration
        had_seat = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status"])
        if actor is not None:
            audit("event.registration_cancelled", actor=actor, target=registration, date=registration.date_id)
        if had_seat:
            _free_seats(registration.date_id, registration.seats)
            date = EventDate.objects.get(pk=registration.date_id)
            _promote_waitlist(date, date.page.specific)
        notify(registration, "cancelled")
    return registration


def registration_approve(*, registration: Registration, actor) -> Registration:
    """Staff give a waiting or to-be-approved person a seat, if one is free."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("date").get(pk=registration.pk)
        if registration.status not in (Status.WAITLISTED, Status.AWAITING_APPROVAL):
            raise EventError(_("Only waiting registrations can be approved."))
        if not _take_seats(registration.date, registration.seats):
            raise EventError(_("There is no free seat for this registration."))
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
        audit("event.registration_approved", actor=actor, target=registration, date=registration.date_id)
        notify(registration, "confirmed")
    return registration


def registration_reject(*, registration: Registration, actor) -> Registration:
    """Staff decline a waiting or to-be-approved person; they are told."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (Status.WAITLISTED, Status.AWAITING_APPROVAL):
            raise EventError(_("Only waiting registrations can be declined."))
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status"])
        audit("event.registration_rejected", actor=actor, target=registration, date=registration.date_id)
        notify(registration, "rejected")
    return registration


def registration_check_in(*, registration: Registration, actor) -> Registration:
    """Mark a confirmed person as present (by name on the list or by the QR code's link)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.CONFIRMED:
            raise EventError(_("Only confirmed registrations can be checked in."))
        if registration.checked_in_at is None:
            registration.checked_in_at = timezone.now()
            registration.save(update_fields=["checked_in_at"])
            audit("event.checked_in", actor=actor, target=registration, date=registration.date_id)
    return registration
