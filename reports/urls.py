from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("karte.json", views.map_data, name="map_data"),
    path("melden/", views.report_new, name="new"),
    path("danke/<str:token>/", views.thanks, name="thanks"),
    path("bestaetigen/<str:key>/", views.confirm, name="confirm"),
    path("status/<str:token>/", views.status, name="status"),
    path("folgen/<str:key>/", views.follow_confirm, name="follow_confirm"),
    path("foto/<int:pk>/", views.photo, name="photo"),
    path("foto/<int:pk>/<str:token>/", views.photo, name="photo_private"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/unterstuetzen/", views.follow, name="follow"),
]
