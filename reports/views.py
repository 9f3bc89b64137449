"""Citizens' side on a municipality's site: report a problem, confirm, follow, the private status
page, the public map and list with their JSON data, and published photos."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import FollowForm, ReportForm
from .models import Category, Photo, Report


def map_context(centre=None) -> dict:
    lat, lon = centre or selectors.default_point() or (51.3127, 9.4797)
    return {
        "tile_url": settings.REPORTS_MAP_TILE_URL,
        "tile_attribution": settings.REPORTS_MAP_TILE_ATTRIBUTION,
        "map_lat": f"{lat:.5f}",
        "map_lon": f"{lon:.5f}",
    }


def report_list(request):
    """The public map and list of approved reports, filtered by category and status."""
    report_filter = selectors.PublicFilter.from_query(request.GET)
    reports = report_filter.apply(selectors.public_reports()).select_related("category", "subcategory")
    page = Paginator(reports, 25).get_page(request.GET.get("seite"))
    statuses = [(s, Report.Status(s).label) for s in Report.Status.values if s not in selectors.HIDDEN]
    return render(request, "reports/list.html", {
        "page": page, "filter": report_filter, "categories": Category.objects.filter(parent=None, active=True),
        "statuses": statuses, "query": request.GET.urlencode(), **map_context(),
    })  # fmt: skip


def map_data(request):
    """JSON for the map: the viewport's points, or clusters when there are many (``?bbox=w,s,e,n``)."""
    bbox = selectors.parse_bbox(request.GET.get("bbox", ""))
    data = selectors.map_data(bbox, selectors.PublicFilter.from_query(request.GET))
    response = JsonResponse(data)
    response["Cache-Control"] = "public, max-age=30"
    return response


def submit(request, *, form, duplicates_context=None):
    """Shared by the municipality's form and the state portal: duplicates first, then the report."""
    data = form.cleaned_data
    if not data.get("no_duplicate"):
        nearby = services.nearby_open(category=data["category"], lat=data["lat"], lon=data["lon"])
        if nearby:
            return None, nearby
    report = services.report_create(
        category=data["category"], subcategory=data.get("subcategory"), description=data["description"],
        lat=data["lat"], lon=data["lon"], address=data.get("address", ""), name=data.get("name", ""),
        email=data.get("email", ""), user=request.user, photos=data.get("photos") or [],
        channel=Report.Channel.PORTAL if getattr(request, "portal", False) else Report.Channel.WEB,
        answers=form.answer_texts(),
    )  # fmt: skip
    return report, []


@require_http_methods(["GET", "POST"])
def report_new(request):
    initial = {key: request.GET.get(key, "") for key in ("lat", "lon", "category")}  # ?category= shows its questions
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial,
                      default_point=selectors.default_point())  # fmt: skip
    nearby = []
    if request.method == "POST" and form.is_valid():
        try:
            report, nearby = submit(request, form=form)
        except services.ReportError as exc:
            form.add_error(None, str(exc))
        else:
            if report is not None:
                return redirect("reports:thanks", token=report.token)
            form.data = form.data.copy()
            form.data["no_duplicate"] = "1"
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "reports/new.html", {"form": form, "nearby": nearby, **map_context()}, status=status)


def thanks(request, token: str):
    report = get_object_or_404(Report, token=token)
    return render(request, "reports/thanks.html", {"report": report})


@require_http_methods(["GET", "POST"])
def confirm(request, key: str):
    """The email's link: a page with a button (mail scanners that open links confirm nothing)."""
    report = Report.objects.filter(confirm_key=key, confirm_key__gt="").first()
    if report is None:
        return render(request, "reports/message.html", {"title": _("Link not valid"),
                      "text": _("This confirmation link is not valid (any more).")}, status=404)  # fmt: skip
    if request.method == "POST":
        services.report_confirm(key=key)
        return redirect("reports:status", token=report.token)
    return render(request, "reports/confirm.html", {"report": report})


def status(request, token: str):
    """The private status page (link in the receipt): the report with its full public history."""
    report = get_object_or_404(Report.objects.select_related("category", "subcategory"), token=token)
    photos = report.photos.exclude(status=Photo.Status.WITHHELD)
    return render(request, "reports/status.html", {"report": report, "changes": report.changes.all(),
                                                   "photos": photos, "private": True})  # fmt: skip


def detail(request, reference: str):
    report = get_object_or_404(selectors.public_reports().select_related("category", "subcategory"),
                               reference=reference)  # fmt: skip
    photos = report.photos.filter(status=Photo.Status.PUBLISHED)
    return render(request, "reports/status.html", {
        "report": report, "changes": report.changes.exclude(status=Report.Status.UNCONFIRMED), "photos": photos,
        "follow_form": FollowForm() if report.is_open else None,
    })  # fmt: skip


@require_POST
def follow(request, reference: str):
    report = get_object_or_404(selectors.public_reports(), reference=reference)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/status.html", {"report": report, "changes": report.changes.all(),
                      "photos": report.photos.filter(status=Photo.Status.PUBLISHED), "follow_form": form},
                      status=400)  # fmt: skip
    try:
        follower = services.report_follow(report=report, email=form.cleaned_data["email"],
                                          name=form.cleaned_data["name"], user=request.user)  # fmt: skip
    except services.ReportError as exc:
        return render(request, "reports/message.html", {"title": _("Not possible"), "text": str(exc)}, status=400)
    text = (_("You are following this report and will get an email on every change.") if follower.confirmed
            else _("Please confirm with the link in the email we sent you; then you will get an email on every "
                   "change of this report."))  # fmt: skip
    return render(request, "reports/message.html", {"title": _("Thank you for your support"), "text": text,
                                                    "report": report})  # fmt: skip


@require_http_methods(["GET", "POST"])
def follow_confirm(request, key: str):
    try:
        follower = services.follow_confirm(key=key) if request.method == "POST" else None
    except services.ReportError as exc:
        return render(request, "reports/message.html", {"title": _("Link not valid"), "text": str(exc)}, status=404)
    if follower is None:
        return render(request, "reports/confirm.html", {"follow": True})
    return render(request, "reports/message.html", {"title": _("Confirmed"),
                  "text": _("You will get an email on every change of this report.")})  # fmt: skip


def photo(request, pk: int, token: str = ""):
    """A blurred photo: public when staff published it, for the reporter's private link once blurred."""
    item = get_object_or_404(Photo.objects.select_related("report"), pk=pk)
    allowed = (item.status == Photo.Status.PUBLISHED and selectors.public_reports().filter(pk=item.report_id).exists()
               ) or (token and token == item.report.token and item.status != Photo.Status.WITHHELD)  # fmt: skip
    if not allowed or not item.blurred:
        raise Http404
    response = FileResponse(item.blurred.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response
