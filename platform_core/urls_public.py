"""URLs of the state portal (public schema). No Wagtail here: its tables live in the municipalities' schemas."""

from django.contrib import admin
from django.urls import path
from django.views.i18n import set_language

from tenants import views

admin.site.site_header = "Beteiligungsplattform Hessen – Landesverwaltung"
admin.site.site_title = "Beteiligungsplattform Hessen"

urlpatterns = [
    path("", views.portal_home, name="portal_home"),
    path("rechtliches/<slug:page>/", views.portal_legal, name="portal_legal"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]
