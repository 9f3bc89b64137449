"""Demo content: categories routed to departments, text templates, a few reports; and the drawn
boundaries of the demo municipalities in the public schema (so `make run` routes points)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django_tenants.utils import schema_context

from .models import Category, Report, StatusChange, TextTemplate

CATEGORIES = [
    ("Straßenbeleuchtung", "Tiefbauamt", 30, ["Lampe defekt", "Lampe brennt tagsüber"], "streetlight"),
    ("Straßenschäden", "Tiefbauamt", 50, ["Schlagloch", "Gehweg beschädigt"], "pothole"),
    ("Illegale Müllablagerung", "Ordnungsamt", 100, ["Sperrmüll", "Bauschutt"], "dumping"),
    ("Graffiti", "Ordnungsamt", 30, [], "graffiti"),
    ("Grünflächen und Bäume", "Grünflächenamt", 50, ["Baum beschädigt", "Spielplatz"], "green"),
    ("Unsicherer Ort", "Ordnungsamt", 150, [], "unsafe"),
]
TEMPLATES = [
    ("Eingangsbestätigung", "Vielen Dank für Ihre Meldung {reference}. Wir kümmern uns darum."),
    ("Erledigt", "Die Meldung {reference} ({category}) ist erledigt. Vielen Dank für Ihren Hinweis!"),
    ("Nicht zuständig", "Für {address} ist {municipality} nicht zuständig; wir haben den Hinweis weitergegeben."),
]


def demo_categories() -> list[Category]:
    roots = []
    for order, (name, department, radius, children, code) in enumerate(CATEGORIES):
        group, _ = Group.objects.get_or_create(name=department)
        root, _ = Category.objects.get_or_create(parent=None, name=name, defaults={
            "department": group, "duplicate_radius_m": radius, "order": order, "open311_code": code})  # fmt: skip
        for child in children:
            Category.objects.get_or_create(parent=root, name=child, defaults={"department": group})
        roots.append(root)
    return roots


def demo_reports(municipality) -> None:
    from reports.state.models import Boundary
    from reports.state.services import demo_boundaries_load

    with schema_context("public"):
        demo_boundaries_load()
        boundary = Boundary.objects.filter(ags=municipality.ags).first()
    roots = demo_categories()
    for title, body in TEMPLATES:
        TextTemplate.objects.get_or_create(title=title, defaults={"body": body})
    if boundary is None or Report.objects.exists():
        return
    rng = random.Random(municipality.ags)
    lat0, lon0 = (boundary.min_lat + boundary.max_lat) / 2, (boundary.min_lon + boundary.max_lon) / 2
    statuses = [Report.Status.NEW, Report.Status.IN_REVIEW, Report.Status.IN_PROGRESS, Report.Status.SOLVED]
    now = timezone.now()
    for n in range(12):
        category = roots[n % len(roots)]
        status = statuses[n % len(statuses)]
        created = now - timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 12))
        report = Report.objects.create(
            reference=f"{created:%Y}-D{n:04d}", category=category, description=f"Beispielmeldung {n + 1}: {category.name}.",
            lat=lat0 + rng.uniform(-0.02, 0.02), lon=lon0 + rng.uniform(-0.03, 0.03), status=status,
            channel=rng.choice(list(Report.Channel.values[:2]) + ["phone"]), published=True, department=category.department,
            created_at=created, first_response_at=created + timedelta(hours=rng.randint(2, 72)),
            closed_at=created + timedelta(days=3) if status == Report.Status.SOLVED else None,
            district=rng.choice(["Innenstadt", "Nord", "Süd", "West"]),
        )  # fmt: skip
        StatusChange.objects.create(report=report, status=status, at=created)
