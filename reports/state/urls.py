from django.urls import path

from . import views

app_name = "reports_portal"

urlpatterns = [
    path("", views.place, name="place"),
    path("land/", views.state_overview, name="state"),
    path("<str:ags>/", views.report_form, name="form"),
]
