from django.urls import path

from . import admin_views as v

app_name = "events_admin"

urlpatterns = [
    path("", v.date_index, name="index"),
    path("termin/<int:pk>/", v.date_detail, name="date"),
    path("termin/<int:pk>/liste.<str:fmt>", v.date_export, name="export"),
    path("termin/<int:pk>/druck/", v.date_print, name="print"),
    path("termin/<int:pk>/einlass/", v.date_checkin, name="checkin"),
    path("termin/<int:pk>/absagen/", v.date_cancel_view, name="cancel"),
    path("termin/<int:pk>/verschieben/", v.date_move_view, name="move"),
    path("termin/<int:pk>/nachricht/", v.date_message, name="message"),
    path("anmeldung/<int:pk>/<str:action>/", v.registration_action, name="registration_action"),
    path("einlass/<str:token>/", v.checkin_by_token, name="checkin_token"),
]
