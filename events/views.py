"""Citizens' side: the events list and month calendar, calendar files, registering, confirming
the email address, and the private page to view or cancel a registration."""

from __future__ import annotations

from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import RegistrationForm
from .ical import calendar_bytes
from .models import Category, EventPage, Registration
from .selectors import EventFilter, feed_dates, month_weeks, public_events, shift_month, upcoming_dates
from .services import EventError, registration_cancel, registration_confirm_email, registration_create


def _municipality_name() -> str:
    return getattr(getattr(connection, "tenant", None), "name", "") or ""


def event_list(request):
    """All upcoming dates of the municipality, with filters (the header navigation's entry)."""
    event_filter = EventFilter.from_query(request.GET)
    return render(
        request, "events/list.html",
        {"dates": upcoming_dates(event_filter), "filter": event_filter, "categories": Category.choices},
    )  # fmt: skip


def _month_param(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def event_calendar(request):
    """A month view (``?monat=2026-12``); a malformed month shows the current one."""
    today = timezone.localdate()
    year, month = today.year, today.month
    raw = request.GET.get("monat", "")
    try:
        y, m = (int(part) for part in raw.split("-"))
        if 2000 <= y <= 2100 and 1 <= m <= 12:
            year, month = y, m
    except ValueError:
        pass
    context = {
        "weeks": month_weeks(year, month), "month": timezone.datetime(year, month, 1), "today": today,
        "previous": _month_param(*shift_month(year, month, -1)), "next": _month_param(*shift_month(year, month, 1)),
    }  # fmt: skip
    return render(request, "events/calendar.html", context)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed(request, category: str = ""):
    """The municipality's iCalendar feed, or one category's."""
    if category and category not in Category.values:
        raise Http404
    name = _municipality_name() or _("Events")
    if category:
        name = f"{name}: {Category(category).label}"
    return _ics_response(calendar_bytes(feed_dates(category), name=name), "veranstaltungen.ics")


def event_ics(request, page_id: int):
    event = get_object_or_404(EventPage.objects.live().public(), pk=page_id)
    return _ics_response(calendar_bytes(event.dates.order_by("start"), name=event.title), f"{event.slug}.ics")


def _event_page_response(request, event: EventPage, form: RegistrationForm, status: int = 200):
    context = event.get_context(request)
    context["form"] = form
    return TemplateResponse(request, event.get_template(request), context, status=status)


@require_POST
def register(request, page_id: int):
    """The form on the event page posts here; errors show the event page again with the input."""
    event = get_object_or_404(public_events(), pk=page_id)
    form = RegistrationForm(request.POST, event=event, user=request.user)
    if not form.is_valid():
        return _event_page_response(request, event, form, status=400)
    user = request.user if request.user.is_authenticated else None
    verified = bool(user) and _has_verified_email(user, form.cleaned_data["email"])
    try:
        registration, created = registration_create(
            date=form.cleaned_data["date"], name=form.cleaned_data["name"], email=form.cleaned_data["email"],
            companions=form.cleaned_data.get("companions") or 0, user=user, email_verified=verified, event=event,
            answers=form.answer_texts(),
        )  # fmt: skip
    except EventError as error:
        form.add_error(None, str(error))
        return _event_page_response(request, event, form, status=400)
    if registration.status == Registration.Status.PENDING_EMAIL:
        if not created:
            messages.info(request, _("You have already registered with this address. Please check your email."))
        return render(request, "events/check_email.html", {"event": event, "email": registration.email})
    if not created:
        messages.info(request, _("You were already registered for this date."))
    return redirect("events:registration", token=registration.token)


def _has_verified_email(user, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _registration_or_404(token: str) -> Registration:
    return get_object_or_404(Registration.objects.select_related("date"), token=token, anonymised_at__isnull=True)


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """The double opt-in link: GET only shows a button (mail scanners follow links), POST confirms."""
    registration = _registration_or_404(token)
    if request.method == "POST":
        try:
            registration_confirm_email(registration=registration)
        except EventError as error:
            messages.error(request, str(error))
        return redirect("events:registration", token=registration.token)
    if registration.status != Registration.Status.PENDING_EMAIL:
        return redirect("events:registration", token=registration.token)
    return render(request, "events/confirm.html", {"registration": registration, "event": registration.date.page})


@require_http_methods(["GET", "POST"])
def registration_detail(request, token: str):
    """The private link: see the registration (and the online link once confirmed), or cancel it."""
    registration = _registration_or_404(token)
    if request.method == "POST":
        if registration.status == Registration.Status.CANCELLED:
            messages.info(request, _("This registration is already cancelled."))
        else:
            registration_cancel(registration=registration)
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("events:registration", token=registration.token)
    registration.refresh_from_db()
    return render(
        request, "events/registration.html",
        {"registration": registration, "event": registration.date.page.specific, "date": registration.date},
    )  # fmt: skip
