"""URLs of a municipality's site (every schema but public)."""

from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from platform_core import account_views, login_views
from platform_core.registry import registry
from tenants.views import serve_media
from themes import views as themes_views

# allauth answers its rate limits with this view (HTTP 429).
handler429 = login_views.rate_limited

urlpatterns = [
    # Before Wagtail's admin URLs: its own login and password reset are replaced by allauth's.
    path("cms/login/", login_views.cms_login, name="cms_login"),
    re_path(r"^cms/password_reset/", login_views.cms_password_reset, name="cms_password_reset"),
    # "Seiten" opens at the municipality's home page, not at Wagtail's installation root.
    path("cms/pages/", cms_views.pages_start, name="cms_pages_start"),
    re_path(
        r"^cms/(?P<section>sites|locales|workflows|workflow_tasks|collections|redirects)/",
        cms_views.installation_setting,
    ),
    path("cms/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("konto/profil/", account_views.profile, name="account_profile"),
    path("konto/daten/", account_views.export_data, name="account_export"),
    path("konto/daten/json/", account_views.export_data_json, name="account_export_json"),
    path("konto/willkommen/", account_views.welcome, name="account_welcome"),
    path("konto/loeschen/", account_views.delete_account, name="account_delete"),
    path("konto/", include("allauth.urls")),
    path("suche/", cms_views.search, name="cms_search"),
    path("theme.css", themes_views.theme_css, name="theme_css"),
    path("media/<path:path>", serve_media, name="media"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Each feature app's public pages (platform_core.registry), before Wagtail's catch-all.
    *(path(prefix, include(urlconf)) for prefix, urlconf in registry.url_includes()),
    path("", include(wagtail_urls)),
]
