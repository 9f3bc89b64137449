from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("kalender/", views.event_calendar, name="calendar"),
    path("kalender.ics", views.feed, name="feed"),
    path("kategorie/<slug:category>.ics", views.feed, name="category_feed"),
    path("veranstaltung/<int:page_id>.ics", views.event_ics, name="event_ics"),
    path("veranstaltung/<int:page_id>/anmelden/", views.register, name="register"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("anmeldung/<str:token>/", views.registration_detail, name="registration"),
]
