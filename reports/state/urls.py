from django.urls import path

from . import views

app_name = "reports_portal"

urlpatterns = [
    path("", views.place, name="place"),
    path("<str:ags>/", views.report_form, name="form"),
]
