"""The clerk's side in the Wagtail admin (/cms/veranstaltungen/): dates, attendee lists, exports,
a printable and a phone check-in list, the QR code's check-in page, approvals, cancelling a date
and writing to everyone. Registered in ``wagtail_hooks``; permissions from ``rules``."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from platform_core.permissions import require_perm
from platform_core.spreadsheets import safe_row, safe_xlsx_row

from . import (
    questions,
    rules,  # noqa: F401 - declares the permissions used here
    services,
)
from .models import EventDate, Registration
from .services import EventError

Status = Registration.Status


def _attendees(date: EventDate):
    return date.registrations.filter(anonymised_at__isnull=True).order_by("name", "pk")


def _counts(date: EventDate) -> dict:
    rows = date.registrations.filter(anonymised_at__isnull=True)
    return {status: sum(r.seats for r in rows if r.status == status) for status in Status.values}


@require_perm("events.read_attendees")
def date_index(request):
    dates = EventDate.objects.select_related("page").filter(end__gte=timezone.now() - timezone.timedelta(days=60))
    return render(request, "events/admin/index.html",
                  {"dates": dates.order_by("start"), "page_title": _("Event registrations")})  # fmt: skip


@require_perm("events.read_attendees")
def date_detail(request, pk: int):
    date = get_object_or_404(EventDate.objects.select_related("page"), pk=pk)
    registrations = date.registrations.filter(anonymised_at__isnull=True).order_by("decided_at", "created_at", "pk")
    event = date.page.specific
    codes = questions.columns(event.registration_questions_id)
    rows = [(r, [r.answers.get(code, "") for code, _text in codes]) for r in registrations]
    return render(request, "events/admin/date.html", {
        "date": date, "event": event, "registrations": rows, "counts": _counts(date),
        "question_columns": codes, "page_title": str(date),
    })  # fmt: skip


def _export_rows(date: EventDate):
    """The list with one column per extra question (headed by its code, as in survey exports)."""
    codes = [code for code, _text in questions.columns(date.page.specific.registration_questions_id)]
    yield [_("Name"), _("Email"), _("Companions"), _("Status"), _("Registered at"), _("Checked in at"), *codes]
    for r in _attendees(date):
        yield [
            r.name, r.email, r.companions, r.get_status_display(),
            timezone.localtime(r.created_at).strftime("%d.%m.%Y %H:%M"),
            timezone.localtime(r.checked_in_at).strftime("%d.%m.%Y %H:%M") if r.checked_in_at else "",
            *(r.answers.get(code, "") for code in codes),
        ]  # fmt: skip


@require_perm("events.read_attendees")
def date_export(request, pk: int, fmt: str):
    """The attendee list as CSV or XLSX (formula-like names are written as text)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    date = get_object_or_404(EventDate.objects.select_related("page"), pk=pk)
    services.base.audit(f"event.attendees_export_{fmt}", actor=request.user, target=date)
    filename = f"teilnehmende-{date.page.slug}-{timezone.localtime(date.start):%Y-%m-%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in _export_rows(date):
            writer.writerow(safe_row(row))
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Attendees"))
        for row in _export_rows(date):
            sheet.append(safe_xlsx_row(sheet, row))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_perm("events.read_attendees")
def date_print(request, pk: int):
    """A printable list of confirmed people to tick at the door."""
    date = get_object_or_404(EventDate.objects.select_related("page"), pk=pk)
    confirmed = _attendees(date).filter(status=Status.CONFIRMED)
    return render(request, "events/admin/print.html", {"date": date, "registrations": confirmed})


@require_perm("events.read_attendees")
def date_checkin(request, pk: int):
    """Check-in on a phone: confirmed people by name, each with one button."""
    date = get_object_or_404(EventDate.objects.select_related("page"), pk=pk)
    confirmed = list(_attendees(date).filter(status=Status.CONFIRMED))
    present = sum(r.seats for r in confirmed if r.checked_in_at)
    return render(request, "events/admin/checkin.html", {
        "date": date, "registrations": confirmed, "present": present,
        "expected": sum(r.seats for r in confirmed), "page_title": _("Check-in"),
    })  # fmt: skip


ACTIONS = {
    "approve": (services.registration_approve, gettext_lazy("Registration approved; the person has been told.")),
    "reject": (services.registration_reject, gettext_lazy("Registration declined; the person has been told.")),
    "checkin": (services.registration_check_in, gettext_lazy("Checked in.")),
    "cancel": (services.registration_cancel, gettext_lazy("Registration cancelled; the person has been told.")),
}


@require_POST
@require_perm("events.manage_attendees")
def registration_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    registration = get_object_or_404(Registration, pk=pk, anonymised_at__isnull=True)
    service, done = ACTIONS[action]
    try:
        service(registration=registration, actor=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(done))
    back = request.POST.get("next", "")
    if back == "checkin":
        return redirect("events_admin:checkin", registration.date_id)
    return redirect("events_admin:date", registration.date_id)


def checkin_by_token(request, token: str):
    """The QR code's link: a logged-in clerk sees who it is and confirms with one button."""
    if not request.user.has_perm("events.manage_attendees"):
        raise PermissionDenied
    registration = get_object_or_404(
        Registration.objects.select_related("date"), token=token, anonymised_at__isnull=True
    )
    if request.method == "POST":
        try:
            services.registration_check_in(registration=registration, actor=request.user)
        except EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        return redirect("events_admin:checkin_token", token=token)
    return render(request, "events/admin/checkin_token.html", {
        "registration": registration, "date": registration.date, "page_title": _("Check-in"),
    })  # fmt: skip


class CancelDateForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason (for the log)"), required=False, max_length=500)


@require_perm("events.cancel_date")
def date_cancel_view(request, pk: int):
    date = get_object_or_404(EventDate.objects.select_related("page"), pk=pk)
    form = CancelDateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.date_cancel(date=date, actor=request.user, reason=form.cleaned_data["reason"])
        except EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Date cancelled; %(n)s people have been told.") % {"n": count})
        return redirect("events_admin:date", date.pk)
    return render(request, "events/admin/form.html", {
        "form": form, "date": date, "page_title": _("Cancel date"), "submit": _("Cancel this date and notify everyone"),
    })  # fmt: skip


class MoveDateForm(forms.Form):
    FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
    start = forms.DateTimeField(
        label=gettext_lazy("New start"), input_formats=FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": gettext_lazy("Please enter a date and time such as 31.12.2026 18:00.")},
    )  # fmt: skip
    end = forms.DateTimeField(
        label=gettext_lazy("New end"), input_formats=FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": gettext_lazy("Please enter a date and time such as 31.12.2026 18:00.")},
    )  # fmt: skip


@require_perm("events.move_date")
def date_move_view(request, pk: int):
    """Move a date to a new time; everyone registered or waiting is told with a new calendar file."""
    date = get_object_or_404(EventDate.objects.select_related("page"), pk=pk)
    initial = {"start": timezone.localtime(date.start), "end": timezone.localtime(date.end)}
    form = MoveDateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.date_move(date=date, actor=request.user, **form.cleaned_data)
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Date moved; %(n)s people have been told.") % {"n": count})
            return redirect("events_admin:date", date.pk)
    return render(request, "events/admin/form.html", {
        "form": form, "date": date, "page_title": _("Move date"), "submit": _("Move this date and notify everyone"),
    }, status=400 if form.errors else 200)  # fmt: skip


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea, max_length=5000)


@require_perm("events.manage_attendees")
def date_message(request, pk: int):
    date = get_object_or_404(EventDate.objects.select_related("page"), pk=pk)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.date_message_all(date=date, actor=request.user, **form.cleaned_data)
        except EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Message sent to %(n)s people.") % {"n": count})
            return redirect("events_admin:date", date.pk)
    return render(request, "events/admin/form.html", {
        "form": form, "date": date, "page_title": _("Message to everyone registered"), "submit": _("Send"),
    })  # fmt: skip
