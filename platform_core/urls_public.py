"""URLs of the state portal (public schema). No Wagtail here: its tables live in the municipalities' schemas."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from django_otp.admin import OTPAdminSite

from platform_core.registry import registry
from tenants import views

# State staff accounts need their second factor in the Django admin too (django-otp).
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Beteiligungsplattform Hessen – Landesverwaltung"
admin.site.site_title = "Beteiligungsplattform Hessen"
# Apps that live only in municipalities' schemas (taggit) have no tables here: not in the state's admin.
for _model in [m for m in admin.site._registry if m._meta.app_config.name not in settings.SHARED_APPS]:
    admin.site.unregister(_model)

urlpatterns = [
    path("", views.portal_home, name="portal_home"),
    path("veranstaltungen/", views.portal_events, name="portal_events"),
    path("rechtliches/<slug:page>/", views.portal_legal, name="portal_legal"),
    path("registrierung/", views.registration_start, name="registration_start"),
    path("registrierung/gesendet/", views.registration_sent, name="registration_sent"),
    path("registrierung/bestaetigen/<str:key>/", views.registration_verify_view, name="registration_verify"),
    path("registrierung/status/<str:token>/", views.registration_status_view, name="registration_status"),
    path("registrierung/<str:ags>/", views.registration_create_view, name="registration_create"),
    # Feature apps' console pages (platform_core.registry), before the console's own.
    *(path(section.prefix, include(section.urlconf)) for section in registry.console_sections()),
    path("konsole/", include("tenants.console.urls")),
    # One login for state staff, with the console's limits: the Django admin's own form would be an
    # unlimited way to try passwords.
    path("admin/login/", RedirectView.as_view(url="/konsole/anmelden/?next=/admin/"), name="admin_login_redirect"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    # Feature apps' state-wide pages (platform_core.registry), e.g. reporting a problem anywhere in Hessen.
    *(path(prefix, include(urlconf)) for prefix, urlconf in registry.portal_url_includes()),
]
