from django.urls import path

from . import admin_views as v

app_name = "surveys_admin"

urlpatterns = [
    path("", v.survey_index, name="index"),
    path("neu/", v.survey_create, name="create"),
    path("import/", v.survey_import, name="import"),
    path("protokoll/", v.audit_log, name="audit"),
    path("<int:pk>/", v.survey_detail, name="detail"),
    path("<int:pk>/einstellungen/", v.survey_settings, name="settings"),
    path("<int:pk>/seiten/neu/", v.section_edit, name="section_add"),
    path("<int:pk>/seiten/<int:section_pk>/", v.section_edit, name="section_edit"),
    path("<int:pk>/fragen/neu/", v.question_edit, name="question_add"),
    path("<int:pk>/fragen/<int:question_pk>/", v.question_edit, name="question_edit"),
    path("<int:pk>/fragen/<int:question_pk>/<str:action>/", v.question_action, name="question_action"),
    path("<int:pk>/aktion/<str:action>/", v.survey_action, name="action"),
    path("<int:pk>/struktur.json", v.survey_export_json, name="export_json"),
    path("<int:pk>/codes/", v.access_codes, name="codes"),
    path("<int:pk>/codes.<str:fmt>", v.access_codes_download, name="codes_download"),
    path("<int:pk>/papier/", v.paper_entry, name="paper"),
    path("<int:pk>/ergebnisse/", v.survey_results_view, name="results"),
    path("<int:pk>/exporte/", v.survey_exports, name="exports"),
    path("<int:pk>/exporte/<int:export_pk>/datei/", v.survey_export_download, name="export_download"),
]
