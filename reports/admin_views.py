"""The clerk's side in the Wagtail admin (/cms/maengel/): the department's inbox with filters, a
report's page with the workflow, photos, notes, assignment, resubmission, merge and forwarding,
reports typed in from phone or counter, and the evaluation. Permissions from ``rules``."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.permissions import require_perm
from platform_core.spreadsheets import safe_row, safe_xlsx_row

from . import evaluation as ev
from . import rules, selectors, services  # noqa: F401 - rules declares the permissions used here
from .forms import StaffReportForm, StatusForm
from .models import Category, Photo, Report, TextTemplate
from .questions import answer_rows
from .services import ReportError


def _report(request, pk: int) -> Report:
    """The report, if this clerk may see it (their departments, assigned to them, or all)."""
    return get_object_or_404(selectors.inbox(request.user, selectors.InboxFilter()), pk=pk)


@require_perm("reports.read_reports")
def inbox(request):
    inbox_filter = selectors.InboxFilter.from_query(request.GET)
    if not request.GET:
        inbox_filter.status = "open"
    page = Paginator(selectors.inbox(request.user, inbox_filter), 50).get_page(request.GET.get("page"))
    return render(request, "reports/admin/inbox.html", {
        "page": page, "filter": inbox_filter, "categories": selectors.category_choices(),
        "statuses": Report.Status.choices, "page_title": _("Issue reports"), "query": request.GET.urlencode(),
    })  # fmt: skip


@require_perm("reports.read_reports")
def report_detail(request, pk: int):
    report = _report(request, pk)
    allowed = services.TRANSITIONS.get(report.status, [])
    return render(request, "reports/admin/report.html", {
        "report": report, "photos": report.photos.all(), "notes": report.notes.all(), "changes": report.changes.all(),
        "followers": report.followers.filter(confirmed=True).count(),
        "status_form": StatusForm(choices=allowed) if allowed else None, "templates": TextTemplate.objects.all(),
        "staff": get_user_model().objects.filter(Q(groups__isnull=False) | Q(is_superuser=True), is_active=True)
        .distinct().order_by("email"),
        "departments": Group.objects.filter(report_categories__isnull=False).distinct(),
        "municipalities": _other_municipalities(), "page_title": str(report),
        "answers": answer_rows(report),
    })  # fmt: skip


def _other_municipalities():
    from django.db import connection
    from django_tenants.utils import get_tenant_model

    return (
        get_tenant_model().objects.filter(status="active").exclude(schema_name__in=["public", connection.schema_name])
    )


def _done(request, report: Report, text: str):
    messages.success(request, text)
    return redirect("reports_admin:report", pk=report.pk)


def _refused(request, report: Report, exc: Exception):
    messages.error(request, str(exc))
    return redirect("reports_admin:report", pk=report.pk)


@require_POST
@require_perm("reports.handle_reports")
def report_status(request, pk: int):
    report = _report(request, pk)
    form = StatusForm(request.POST, choices=services.TRANSITIONS.get(report.status, []))
    if not form.is_valid():
        return _refused(request, report, ReportError(_("Please choose a status.")))
    reason = form.cleaned_data["reason"]
    if not reason and form.cleaned_data["template"]:
        reason = services.template_render(form.cleaned_data["template"], report)
    try:
        services.report_set_status(report=report, status=form.cleaned_data["status"], reason=reason, actor=request.user)
    except ReportError as exc:
        return _refused(request, report, exc)
    return _done(request, report, _("Status changed; everyone following the report has been told."))


@require_POST
@require_perm("reports.handle_reports")
def report_publication(request, pk: int):
    report = _report(request, pk)
    publish = request.POST.get("publish") == "1"
    try:
        services.report_publish(report=report, publish=publish, actor=request.user)
    except ReportError as exc:
        return _refused(request, report, exc)
    return _done(request, report, _("The report is public.") if publish else _("The report is no longer public."))


@require_POST
@require_perm("reports.handle_reports")
def report_assignment(request, pk: int):
    report = _report(request, pk)
    User = get_user_model()
    raw_user, raw_group = request.POST.get("assignee", ""), request.POST.get("department", "")
    assignee = User.objects.filter(pk=raw_user, is_active=True).first() if raw_user.isdigit() else None
    department = Group.objects.filter(pk=raw_group).first() if raw_group.isdigit() else None
    services.report_assign(report=report, assignee=assignee, department=department, actor=request.user)
    return _done(request, report, _("Assignment saved."))


@require_POST
@require_perm("reports.handle_reports")
def report_resubmission(request, pk: int):
    report = _report(request, pk)
    raw = request.POST.get("resubmit_on", "")
    on = parse_date(raw) if raw else None
    if raw and on is None:
        return _refused(request, report, ReportError(_("Please enter a date such as 2026-12-24.")))
    services.report_resubmit(report=report, on=on, actor=request.user)
    return _done(request, report, _("Resubmission date saved."))


@require_POST
@require_perm("reports.handle_reports")
def report_note(request, pk: int):
    report = _report(request, pk)
    try:
        services.note_add(report=report, text=request.POST.get("text", ""), actor=request.user)
    except ReportError as exc:
        return _refused(request, report, exc)
    return _done(request, report, _("Note saved."))


@require_POST
@require_perm("reports.handle_reports")
def report_merge_view(request, pk: int):
    report = _report(request, pk)
    into = Report.objects.filter(reference=request.POST.get("into", "").strip()).first()
    if into is None:
        return _refused(request, report, ReportError(_("No report with this reference number.")))
    try:
        services.report_merge(duplicate=report, into=into, actor=request.user)
    except ReportError as exc:
        return _refused(request, report, exc)
    return _done(request, report, _("Merged into %(reference)s.") % {"reference": into.reference})


@require_POST
@require_perm("reports.handle_reports")
def report_forward_view(request, pk: int):
    report = _report(request, pk)
    target = _other_municipalities().filter(pk=request.POST.get("municipality") or 0).first()
    if target is None or not report.is_open:
        return _refused(request, report, ReportError(_("Choose another municipality for an open report.")))
    try:
        services.report_forward(report=report, municipality=target, actor=request.user)
    except ReportError as exc:
        return _refused(request, report, exc)
    return _done(request, report, _("Forwarded to %(name)s.") % {"name": target.name})


@require_POST
@require_perm("reports.handle_reports")
def photo_review_view(request, pk: int):
    photo = get_object_or_404(Photo, pk=pk)
    report = _report(request, photo.report_id)
    try:
        services.photo_review(photo=photo, publish=request.POST.get("publish") == "1", actor=request.user)
    except ReportError as exc:
        return _refused(request, report, exc)
    return _done(request, report, _("Photo saved."))


def parse_boxes(text: str) -> list[list]:
    """'x,y,w,h' per line (pixels) -> boxes; a fifth value is the kind."""
    boxes = []
    for line in (text or "").replace(";", "\n").splitlines():
        parts = [p.strip() for p in line.split(",") if p.strip()]
        if not parts:
            continue
        if len(parts) < 4:
            raise ValueError(line)
        x, y, w, h = (int(float(p)) for p in parts[:4])
        if w <= 0 or h <= 0 or x < 0 or y < 0:
            raise ValueError(line)
        boxes.append([x, y, w, h, parts[4] if len(parts) > 4 else "manual"])
    return boxes


@require_POST
@require_perm("reports.handle_reports")
def photo_boxes_view(request, pk: int):
    photo = get_object_or_404(Photo, pk=pk)
    report = _report(request, photo.report_id)
    try:
        boxes = parse_boxes(request.POST.get("boxes", ""))
        services.photo_set_boxes(photo=photo, boxes=boxes, actor=request.user)
    except ValueError:
        return _refused(request, report, ReportError(_("Please give one box per line as x, y, width, height.")))
    except ReportError as exc:
        return _refused(request, report, exc)
    return _done(request, report, _("Blur boxes applied; please review the photo again."))


@require_perm("reports.read_reports")
def photo_file(request, pk: int, kind: str):
    photo = get_object_or_404(Photo, pk=pk)
    _report(request, photo.report_id)
    if kind == "original":
        if not request.user.has_perm("reports.see_originals"):
            raise Http404
        field = photo.original
    elif kind == "blurred":
        field = photo.blurred
    else:
        raise Http404
    if not field:
        raise Http404
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@require_perm("reports.handle_reports")
def staff_new(request):
    """A report taken by phone or at the counter, marked with its channel."""
    form = StaffReportForm(request.POST or None, request.FILES or None, default_point=selectors.default_point())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_create(
                category=data["category"], subcategory=data.get("subcategory"), description=data["description"],
                lat=data["lat"], lon=data["lon"], address=data["address"], name=data["name"], email=data["email"],
                channel=data["channel"], photos=data.get("photos") or [], actor=request.user,
                answers=form.answer_texts(),
            )  # fmt: skip
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Report %(reference)s saved.") % {"reference": report.reference})
            return redirect("reports_admin:report", pk=report.pk)
    return render(request, "reports/admin/new.html", {"form": form, "page_title": _("New report (phone or counter)")})


def _evaluation_filter(request) -> ev.Period:
    return ev.Period.from_query(request.GET)


@require_perm("reports.read_reports")
def evaluation(request):
    period = _evaluation_filter(request)
    tables = ev.tables(period)
    return render(request, "reports/admin/evaluation.html", {
        "period": period, "tables": tables, "times": ev.response_times(period), "months": ev.by_month(period),
        "page_title": _("Evaluation of issue reports"), "query": request.GET.urlencode(),
    })  # fmt: skip


@require_perm("reports.read_reports")
def evaluation_export(request, fmt: str):
    period = _evaluation_filter(request)
    rows = ev.export_rows(period)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        for row in rows:
            writer.writerow(safe_row(row))
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Issue reports"))
        for row in rows:
            sheet.append(safe_xlsx_row(sheet, row))
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="meldungen-{date.today():%Y-%m-%d}.{fmt}"'
    return response


__all__ = ["Category"]
