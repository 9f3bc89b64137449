from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("dialog/<int:page_id>/kommentieren/", views.comment_post, name="comment"),
    path("folgen/<int:page_id>/", views.follow, name="follow"),
    path("kommentar/<int:comment_id>/unterstuetzen/", views.support, name="support"),
    path("kommentar/<int:comment_id>/melden/", views.report, name="report"),
    path("abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("verfahren/<int:page_id>/stellungnahme/", views.statement_post, name="statement"),
    path("verfahren/<int:page_id>/eingang/", views.statement_receipt, name="receipt"),
]
