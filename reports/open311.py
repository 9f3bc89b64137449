"""Open311 GeoReport v2: discovery, services and requests (GET and POST) in JSON and XML.

On a municipality's site the endpoints serve its own categories and public reports; on the state
portal a POST is routed by its coordinates into the right municipality's schema. POST needs an
API key (``reports_state.ApiKey``) and is rate-limited per key.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django_tenants.utils import tenant_context

from . import selectors, services
from .models import Category, Report

FORMATS = {"json", "xml"}
OPEN_STATUSES = set(Report.OPEN)


class Open311Error(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code = code
        self.description = description


def _render(data, fmt: str, *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        top = ET.Element(root)
        for entry in data if isinstance(data, list) else [data]:
            element = ET.SubElement(top, item)
            for key, value in entry.items():
                if isinstance(value, list):
                    holder = ET.SubElement(element, key)
                    for sub in value:
                        ET.SubElement(holder, key.rstrip("s")).text = str(sub)
                else:
                    ET.SubElement(element, key).text = "" if value is None else str(value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
        return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _error(exc: Open311Error, fmt: str) -> HttpResponse:
    return _render([{"code": exc.code, "description": exc.description}], fmt, root="errors", item="error",
                   status=exc.code)  # fmt: skip


def _fmt(fmt: str) -> str:
    return fmt if fmt in FORMATS else "json"


def _portal() -> bool:
    return connection.schema_name == "public"


def discovery(request, fmt: str = "json"):
    base = request.build_absolute_uri("/open311/v2/")
    data = {"changeset": "2026-12-01T00:00:00Z", "contact": "Beteiligungsplattform Hessen",
            "key_service": request.build_absolute_uri("/"),
            "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
                           "changeset": "2026-12-01T00:00:00Z", "type": "production",
                           "formats": ["application/json", "text/xml"]}]}  # fmt: skip
    if _fmt(fmt) == "xml":
        top = ET.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            ET.SubElement(top, key).text = data[key]
        endpoint = ET.SubElement(ET.SubElement(top, "endpoints"), "endpoint")
        for key in ("specification", "url", "changeset", "type"):
            ET.SubElement(endpoint, key).text = data["endpoints"][0][key]
        formats = ET.SubElement(endpoint, "formats")
        for f in data["endpoints"][0]["formats"]:
            ET.SubElement(formats, "format").text = f
        return HttpResponse(b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8"),
                            content_type="text/xml; charset=utf-8")  # fmt: skip
    return JsonResponse(data)


def _service(category: Category) -> dict:
    return {"service_code": category.service_code(), "service_name": str(category), "description": "",
            "metadata": "false", "type": "realtime", "keywords": "", "group": category.root().name}  # fmt: skip


def _services_here() -> list[dict]:
    """Each category followed by its subcategories."""
    out = []
    for root in Category.objects.filter(active=True, parent=None):
        out.append(_service(root))
        out += [_service(c) for c in root.children.filter(active=True).select_related("parent")]
    return out


def _at_point(request):
    """On the portal: the municipality at ``lat``/``long`` (or an Open311 error)."""
    from reports.state.routing import route_point

    try:
        lat, lon = float(request.POST.get("lat") or request.GET.get("lat")), float(
            request.POST.get("long") or request.GET.get("long"))  # fmt: skip
    except (TypeError, ValueError):
        raise Open311Error(400, "lat and long are required on the state-wide endpoint") from None
    route = route_point(lat, lon)
    if not route.accepted:
        messages = {"not_participating": f"{route.name} does not take reports through this platform",
                    "unknown": "no municipal boundary known for this place",
                    "outside": "the place is outside Hessen"}  # fmt: skip
        raise Open311Error(400, messages[route.kind])
    return route.municipality


def services_list(request, fmt: str = "json"):
    fmt = _fmt(fmt)
    try:
        if _portal():
            with tenant_context(_at_point(request)):
                data = _services_here()
        else:
            data = _services_here()
    except Open311Error as exc:
        return _error(exc, fmt)
    return _render(data, fmt, root="services", item="service")


def _request_data(report: Report, site: str) -> dict:
    media = [p for p in report.photos.all() if p.status == "published"]
    return {
        "service_request_id": report.reference, "status": "open" if report.status in OPEN_STATUSES else "closed",
        "status_notes": report.public_reason, "service_name": report.public_title(),
        "service_code": (report.subcategory or report.category).service_code(), "description": report.description,
        "agency_responsible": services.municipality_name(), "service_notice": "",
        "requested_datetime": report.created_at.isoformat(), "updated_datetime": report.updated_at.isoformat(),
        "expected_datetime": None, "address": report.address, "address_id": None, "zipcode": None,
        "lat": report.lat, "long": report.lon,
        "media_url": site + services.tenant_reverse("reports:photo", media[0].pk) if media else None,
    }  # fmt: skip


def _requests_here(request) -> list[dict]:
    qs = selectors.public_reports().select_related("category", "subcategory").prefetch_related("photos")
    ids = [i for i in request.GET.get("service_request_id", "").split(",") if i]
    if ids:
        qs = qs.filter(reference__in=ids)
    if code := request.GET.get("service_code"):
        qs = qs.filter(category__open311_code=code) | qs.filter(subcategory__open311_code=code)
    if status := request.GET.get("status"):
        qs = qs.filter(status__in=Report.OPEN) if status == "open" else qs.exclude(status__in=Report.OPEN)
    site = services.site_base()
    return [_request_data(r, site) for r in qs.order_by("-created_at")[:1000]]


def _check_key(request) -> None:
    from reports.state.models import ApiKey

    raw = request.POST.get("api_key", "")
    key = ApiKey.objects.filter(key_hash=ApiKey.hash(raw), active=True).first() if raw else None
    slug = getattr(services.current_tenant(), "slug", "")
    if key is None or (key.municipality_slug and key.municipality_slug != slug):
        raise Open311Error(403, "a valid api_key is required")
    bucket = f"reports:open311:{key.pk}:{timezone.now():%Y%m%d%H%M}"
    cache.add(bucket, 0, 70)
    if cache.incr(bucket) > settings.REPORTS_OPEN311_RATE_PER_MINUTE:
        raise Open311Error(429, "rate limit exceeded, try again in a minute")


def _create_here(request) -> Report:
    code = request.POST.get("service_code", "")
    category = Category.objects.filter(active=True, open311_code=code).first() or (
        Category.objects.filter(active=True, pk=code).first() if code.isdigit() else None)  # fmt: skip
    if category is None:
        raise Open311Error(404, "unknown service_code")
    try:
        lat, lon = float(request.POST.get("lat", "")), float(request.POST.get("long", ""))
    except ValueError:
        raise Open311Error(400, "lat and long are required") from None
    from reports.state.models import Boundary
    from reports.state.routing import area_at

    here = getattr(services.current_tenant(), "ags", "")
    if Boundary.objects.filter(ags=here).exists() and getattr(area_at(lat, lon), "ags", "") != here:
        raise Open311Error(400, "the place is not in this municipality")
    root, sub = (category.parent, category) if category.parent_id else (category, None)
    name = " ".join(p for p in (request.POST.get("first_name", ""), request.POST.get("last_name", "")) if p)
    photos = [f.read() for f in request.FILES.getlist("media")[: settings.REPORTS_MAX_PHOTOS]]
    try:
        return services.report_create(
            category=root, subcategory=sub, description=request.POST.get("description", ""), lat=lat, lon=lon,
            address=request.POST.get("address_string", ""), name=name, email=request.POST.get("email", ""),
            channel=Report.Channel.OPEN311, photos=photos,
        )  # fmt: skip
    except services.ReportError as exc:
        raise Open311Error(400, str(exc)) from exc


@csrf_exempt
def requests_view(request, fmt: str = "json"):
    fmt = _fmt(fmt)
    try:
        if request.method == "POST":
            _check_key(request)
            if _portal():
                with tenant_context(_at_point(request)), transaction.atomic():
                    report = _create_here(request)
            else:
                with transaction.atomic():
                    report = _create_here(request)
            data = [{"service_request_id": report.reference, "service_notice": "", "account_id": None}]
            return _render(data, fmt, root="service_requests", item="request", status=201)
        if _portal():
            with tenant_context(_at_point(request)):
                data = _requests_here(request)
        else:
            data = _requests_here(request)
    except Open311Error as exc:
        return _error(exc, fmt)
    return _render(data, fmt, root="service_requests", item="request")


def request_detail(request, reference: str, fmt: str = "json"):
    fmt = _fmt(fmt)
    if _portal():
        return _error(Open311Error(404, "ask the municipality's endpoint for a single request"), fmt)
    report = selectors.public_reports().filter(reference=reference).first()
    if report is None:
        return _error(Open311Error(404, "no such service request"), fmt)
    return _render([_request_data(report, services.site_base())], fmt, root="service_requests", item="request")
