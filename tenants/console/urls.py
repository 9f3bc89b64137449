"""URLs of the state console, mounted at /konsole/ on the state portal."""

from django.urls import path

from . import views

app_name = "console"

urlpatterns = [
    path("", views.console_home, name="home"),
    path("anmelden/", views.ConsoleLoginView.as_view(), name="login"),
    path("abmelden/", views.console_logout, name="logout"),
    path("2fa/", views.console_otp, name="otp"),
    path("registrierungen/", views.registration_list, name="registrations"),
    path("registrierungen/<int:pk>/", views.registration_detail, name="registration"),
    path("kommunen/", views.municipality_list, name="municipalities"),
    path("kommunen/zahlen/", views.stats_refresh, name="stats_refresh"),
    path("kommunen/<int:pk>/", views.municipality_detail, name="municipality"),
    path("protokoll/", views.audit_log, name="audit"),
    path("beteiligung/", views.district_chart, name="districts"),
]
