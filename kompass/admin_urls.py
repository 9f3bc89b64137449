from django.urls import path

from . import admin_views as v

app_name = "kompass_admin"

urlpatterns = [
    path("", v.index, name="index"),
    path("interesse/", v.declare_interest, name="interest"),
    path("bewerbung/", v.apply, name="apply"),
    path("umfrage/", v.survey_create, name="survey_create"),
    path("bericht/<int:rnd>/", v.report, name="report"),
    path("bericht/<int:rnd>.pdf", v.report_pdf, name="report_pdf"),
    path("massnahmen/neu/", v.measure_edit, name="measure_add"),
    path("massnahmen/<int:pk>/", v.measure_edit, name="measure"),
]
