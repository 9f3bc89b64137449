"""State portal pages (public schema) and the tenant-scoped media view."""

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import render
from django.views.static import serve

from platform_core import listings

from .selectors import participating_municipalities

LEGAL_PAGES = {
    "impressum": "tenants/legal/impressum.html",
    "datenschutz": "tenants/legal/datenschutz.html",
    "barrierefreiheit": "tenants/legal/barrierefreiheit.html",
    "nutzungsbedingungen": "tenants/legal/nutzungsbedingungen.html",
    "auftragsverarbeitung": "tenants/legal/auftragsverarbeitung.html",
}


def portal_home(request):
    """The state portal's start page: what the platform is and which municipalities take part."""
    from .services import site_base_url

    municipalities = list(participating_municipalities())
    for municipality in municipalities:
        domains = municipality.domains.all()
        municipality.site_url = site_base_url(domains[0].domain, request=request) if domains else ""
    events = _with_links(list(listings.upcoming("event", limit=PORTAL_HOME_EVENTS)), request)
    return render(request, "tenants/portal_home.html", {"municipalities": municipalities, "events": events})


PORTAL_HOME_EVENTS = 6


def _with_links(entries, request):
    """Give each listing row the absolute link to its page on the municipality's own site."""
    from .models import Domain
    from .services import site_base_url

    ids = {entry.municipality_id for entry in entries}
    domains = {}
    for domain in Domain.objects.filter(tenant_id__in=ids).order_by("-is_primary", "pk"):
        domains.setdefault(domain.tenant_id, domain.domain)
    for entry in entries:
        domain = domains.get(entry.municipality_id)
        entry.link = site_base_url(domain, request=request) + entry.path if domain else ""
    return entries


def portal_events(request):
    """All upcoming events of all municipalities, from the rows they publish to the public schema."""
    districts = sorted({d for d in participating_municipalities().values_list("district", flat=True) if d})
    district = request.GET.get("kreis", "")
    if district not in districts:
        district = ""
    events = _with_links(list(listings.upcoming("event", district=district)), request)
    return render(
        request, "tenants/portal_events.html", {"events": events, "districts": districts, "district": district}
    )


def portal_legal(request, page):
    template = LEGAL_PAGES.get(page)
    if template is None:
        raise Http404
    return render(
        request, template, {"terms_version": settings.TENANT_TERMS_VERSION, "dpa_version": settings.TENANT_DPA_VERSION}
    )


def serve_media(request, path):
    """Serve an uploaded file from the current municipality's media folder only; anything but a
    verified raster image as a download that cannot run scripts (see platform_core.csp)."""
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or "\x00" in path:
        raise Http404
    root = Path(default_storage.location)
    file_path = root / path
    if not file_path.is_file():
        raise Http404
    from platform_core.csp import harden_download, raster_image_type

    # Old uploads were never checked: decide by the bytes, not by the name, what may show inline.
    with file_path.open("rb") as file:
        inline_type = raster_image_type(file.read(262))
    response = serve(request, path, document_root=str(root))
    return harden_download(response, filename=file_path.name, inline_type=inline_type)


# --- Self-registration of municipalities -------------------------------------------------


def _client_ip(request) -> str:
    """The visitor's address by the same rule as every login limit (allauth's): REMOTE_ADDR, or
    behind a proxy the one that ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies reported."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all (never behind a correctly counted proxy)
        return "unknown"


def registration_start(request):
    """Step 1: find the municipality in the official register by name or AGS."""
    from .registration import register_search

    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    results = register_search(query=query) if query else []
    return render(request, "tenants/registration/start.html", {"query": query, "results": results})


def registration_create_view(request, ags):
    """Step 2: contact, subdomain, acceptance of terms and data-processing agreement."""
    from django.shortcuts import get_object_or_404, redirect
    from django.utils.translation import gettext as _

    from .forms import RegistrationForm
    from .models import RegisterEntry
    from .registration import RegistrationError, ags_taken, registration_create, registration_rate_limited
    from .services import slug_from_name, slug_suggestion

    if not ags.isdigit():  # an AGS has digits only; anything else (a NUL byte, too) is no entry
        raise Http404
    entry = get_object_or_404(RegisterEntry, ags=ags)
    blocked = None
    if not entry.can_register:
        blocked = _("%(name)s is an unincorporated area, not a municipality, and cannot take part.") % {
            "name": entry.name
        }
    elif ags_taken(ags_list=[ags]):
        blocked = _("%(name)s already takes part or has already registered.") % {"name": entry.name}
    if request.method == "POST" and blocked is None:
        form = RegistrationForm(request.POST)
        if registration_rate_limited(ip=_client_ip(request)):
            form.is_valid()
            form.add_error(None, _("Too many registrations from your network. Please try again in an hour."))
            return render(request, "tenants/registration/form.html", {"entry": entry, "form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration_create(
                    ags=entry.ags,
                    contact_name=data["contact_name"],
                    contact_role=data["contact_role"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    slug=data["slug"],
                )
            except RegistrationError as error:
                form.add_error(None, str(error))
            else:
                # The page says it; a flash message would repeat it (and themes' message list
                # with role="status" is flagged by axe).
                return redirect("registration_sent")
    else:
        form = RegistrationForm(initial={"slug": slug_suggestion(slug_from_name(entry.name))})
    context = {
        "entry": entry,
        "form": form,
        "blocked": blocked,
        "terms_version": settings.TENANT_TERMS_VERSION,
        "dpa_version": settings.TENANT_DPA_VERSION,
    }
    return render(request, "tenants/registration/form.html", context, status=400 if form.errors else 200)


def registration_sent(request):
    return render(request, "tenants/registration/sent.html")


def registration_verify_view(request, key):
    """The link in the confirmation email: GET asks for a click (mail scanners only GET), POST confirms."""
    from django.shortcuts import redirect

    from .models import MunicipalityRegistration
    from .registration import RegistrationError, registration_verify

    if "\x00" in key:  # PostgreSQL refuses NUL in text; no key has one
        return render(request, "tenants/registration/verify.html", {"invalid": True}, status=404)
    registration = MunicipalityRegistration.objects.select_related("entry").filter(verification_key=key).first()
    if registration is None:
        return render(request, "tenants/registration/verify.html", {"invalid": True}, status=404)
    error = None
    if request.method == "POST":
        try:
            registration = registration_verify(key=key)
        except RegistrationError as exc:
            error = str(exc)
        else:
            return redirect("registration_status", token=registration.status_token)
    return render(request, "tenants/registration/verify.html", {"registration": registration, "error": error})


def registration_status_view(request, token):
    """The applicant's private status page (the link is only in their emails)."""
    from .models import MunicipalityRegistration
    from .services import site_base_url

    if "\x00" in token:
        raise Http404
    registration = (
        MunicipalityRegistration.objects.select_related("entry", "municipality").filter(status_token=token).first()
    )
    if registration is None:
        raise Http404
    site_url = None
    if registration.municipality_id:
        domain = registration.municipality.domains.filter(is_primary=True).first()
        if domain:
            site_url = site_base_url(domain.domain) + "/"
    response = render(request, "tenants/registration/status.html", {"registration": registration, "site_url": site_url})
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
