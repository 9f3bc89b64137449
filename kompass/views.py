"""Public page of a municipality's KOMPASS seal (citizens)."""

from django.shortcuts import render

from .services import participation_of_current
from .state.models import Seal


def seal_page(request):
    participation = participation_of_current()
    seal = Seal.objects.filter(participation=participation).first() if participation else None
    return render(request, "kompass/seal.html", {"participation": participation, "seal": seal})
