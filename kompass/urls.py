"""The municipality's public KOMPASS page (/kompass/): its place in the programme and its seal."""

from django.urls import path

from . import views

app_name = "kompass"

urlpatterns = [path("", views.seal_page, name="seal")]
