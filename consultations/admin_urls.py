from django.urls import path

from . import admin_views as v

app_name = "consultations_admin"

urlpatterns = [
    path("moderation/", v.moderation_queue, name="queue"),
    path("moderation/kommentar/<int:pk>/<str:action>/", v.comment_action, name="comment_action"),
    path("moderation/sperre/<int:pk>/aufheben/", v.unblock, name="unblock"),
    path("moderation/woerter/", v.words_save, name="words"),
    path("stellungnahmen/", v.procedure_index, name="procedures"),
    path("stellungnahmen/verfahren/<int:pk>/", v.procedure_detail, name="procedure"),
    path("stellungnahmen/verfahren/<int:pk>/export/", v.export_start, name="export"),
    path("stellungnahmen/verfahren/<int:pk>/export/<int:export_pk>/datei/", v.export_download, name="export_file"),
    path("stellungnahmen/verfahren/<int:pk>/ergebnis/", v.result_publish, name="publish_result"),
    path("stellungnahmen/<int:pk>/", v.weighing, name="weighing"),
    path("stellungnahmen/anhang/<int:pk>/", v.attachment_download, name="attachment"),
]
