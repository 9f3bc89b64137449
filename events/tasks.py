"""Emails of events, sent by the tenant task queue after the transaction that caused them."""

from __future__ import annotations

import io

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from platform_core.tasks import tenant_task

from .ical import calendar_bytes
from .links import base_url, checkin_url, confirm_url, registration_url
from .models import EventDate, Registration

# Which emails carry the calendar file and the QR code for the entrance.
WITH_TICKET = {"confirmed", "promoted", "reminder"}


def qr_png(text: str) -> bytes:
    import qrcode

    buffer = io.BytesIO()
    qrcode.make(text, box_size=8, border=2).save(buffer, format="PNG")
    return buffer.getvalue()


def registration_email(registration: Registration, kind: str) -> EmailMultiAlternatives:
    date = registration.date
    event = date.page.specific
    ticket = kind in WITH_TICKET or (kind == "date_moved" and registration.status == Registration.Status.CONFIRMED)
    context = {
        "kind": kind, "registration": registration, "date": date, "event": event,
        "registration_url": registration_url(registration), "confirm_url": confirm_url(registration),
        "event_url": base_url() + event.url, "ticket": ticket,
    }  # fmt: skip
    subject = " ".join(render_to_string("events/email/subject.txt", context).split())
    body = render_to_string("events/email/registration.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[registration.email])
    if event.organiser_email:
        message.reply_to = [event.organiser_email]
    if ticket or kind == "date_moved":  # a moved date: everyone gets the new calendar entry
        message.attach("termin.ics", calendar_bytes([date], name=event.title, online_link=ticket), "text/calendar")
    if ticket:
        message.attach("einlass-qr-code.png", qr_png(checkin_url(registration)), "image/png")
    return message


@tenant_task
def send_registration_email(registration_id: int, kind: str) -> None:
    registration = Registration.objects.select_related("date").filter(pk=registration_id).first()
    if registration is None or not registration.email:
        return  # deleted or anonymised meanwhile
    with translation.override("de"):
        registration_email(registration, kind).send()


@tenant_task
def send_staff_email(date_id: int, kind: str) -> None:
    """Tell the organiser that a seat is free and people wait for approval."""
    date = EventDate.objects.filter(pk=date_id).first()
    event = date.page.specific if date else None
    if event is None or not event.organiser_email:
        return
    from django.urls import reverse

    with translation.override("de"):
        context = {"date": date, "event": event, "list_url": base_url() + reverse("events_admin:date", args=[date.pk])}
        body = render_to_string("events/email/staff_seat_free.txt", context)
        subject = " ".join(render_to_string("events/email/staff_subject.txt", context).split())
        EmailMultiAlternatives(subject=subject, body=body, to=[event.organiser_email]).send()
