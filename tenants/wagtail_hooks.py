"""The municipality's audit log in its Wagtail admin (administrators only): its own entries
(its apps, pages, ...) and the state's entries about it, in one list."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from platform_core.selectors import MunicipalityAuditLog


def municipality_audit_log(request):
    if not request.user.has_perm("tenants.read_municipality_audit_log"):
        raise PermissionDenied
    entries = MunicipalityAuditLog(schema_name=connection.schema_name, slug=request.tenant.slug)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "tenants/wagtail/audit_log.html", {"page": page})


@hooks.register("register_admin_urls")
def register_audit_url():
    return [path("protokoll/", municipality_audit_log, name="municipality_audit_log")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("tenants.read_municipality_audit_log")


@hooks.register("register_settings_menu_item")
def register_audit_menu_item():
    return SuperuserMenuItem(_("Audit log"), reverse("municipality_audit_log"), icon_name="list-ul", order=900)
