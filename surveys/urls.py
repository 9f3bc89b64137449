from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<slug:slug>/", views.survey_start, name="start"),
    path("<slug:slug>/vorschau/", views.survey_preview, name="preview"),
    path("<slug:slug>/seite/<int:number>/", views.survey_page, name="page"),
    path("<slug:slug>/danke/", views.survey_thanks, name="thanks"),
]
