from django.urls import path

from . import admin_views as v

app_name = "reports_admin"

urlpatterns = [
    path("", v.inbox, name="index"),
    path("neu/", v.staff_new, name="new"),
    path("auswertung/", v.evaluation, name="evaluation"),
    path("auswertung.<str:fmt>", v.evaluation_export, name="evaluation_export"),
    path("<int:pk>/", v.report_detail, name="report"),
    path("<int:pk>/status/", v.report_status, name="status"),
    path("<int:pk>/veroeffentlichen/", v.report_publication, name="publish"),
    path("<int:pk>/zuweisen/", v.report_assignment, name="assign"),
    path("<int:pk>/wiedervorlage/", v.report_resubmission, name="resubmit"),
    path("<int:pk>/vermerk/", v.report_note, name="note"),
    path("<int:pk>/zusammenfuehren/", v.report_merge_view, name="merge"),
    path("<int:pk>/weiterleiten/", v.report_forward_view, name="forward"),
    path("foto/<int:pk>/freigabe/", v.photo_review_view, name="photo_review"),
    path("foto/<int:pk>/bereiche/", v.photo_boxes_view, name="photo_boxes"),
    path("foto/<int:pk>/<str:kind>.jpg", v.photo_file, name="photo_file"),
]
