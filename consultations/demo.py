"""Demo content of consultations (registered in ``apps``; run inside each demo municipality):
a dialogue with comments and a draft to comment on in Kassel, a building-plan procedure in Marburg."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Comment, ConsultationIndexPage, ConsultationPage, ProcedurePage
from .services.phases import phase_sync

INDEX_SLUG = "verfahren"
DRAFT = """§ 1 Zweck. Die Stadt fördert das Radfahren im Alltag, damit mehr Wege klimafreundlich zurückgelegt werden.

§ 2 Radwege. Hauptverbindungen zwischen den Stadtteilen erhalten bis 2030 geschützte Radfahrstreifen von mindestens zwei Metern Breite.

§ 3 Abstellanlagen. An jeder Haltestelle des Nahverkehrs entstehen überdachte Fahrradbügel.

§ 4 Beteiligung. Die Stadt berichtet jährlich öffentlich über den Stand der Umsetzung."""


def _index(municipality):
    from cms.models import HomePage

    index = ConsultationIndexPage.objects.filter(slug=INDEX_SLUG).first()
    if index is None:
        home = HomePage.objects.first()
        if home is None:
            return None
        index = home.add_child(instance=ConsultationIndexPage(
            title="Dialoge und Verfahren", slug=INDEX_SLUG,
            intro=f"<p>Hier können Sie in {municipality.name} mitreden und Stellungnahmen abgeben.</p>",
        ))  # fmt: skip
    return index


def demo_consultations(municipality) -> None:
    if ConsultationPage.objects.exists() or ProcedurePage.objects.exists():
        return
    index = _index(municipality)
    if index is None:
        return
    now = timezone.now()
    if municipality.slug.startswith("marburg"):
        index.add_child(instance=ProcedurePage(
            title="Bebauungsplan Nr. 12 „Am Richtsberg“", slug="bebauungsplan-12-richtsberg",
            teaser="Öffentliche Auslegung nach § 3 Abs. 2 BauGB: Ihre Stellungnahme zum Entwurf.",
            description="<p>Der Entwurf sieht rund 120 Wohnungen, eine Kita und einen Quartiersplatz vor.</p>",
            period_start=now - timedelta(days=3), period_end=now + timedelta(days=30), reference_prefix="BP12",
        ))  # fmt: skip
        return
    page = index.add_child(instance=ConsultationPage(
        title="Radverkehrskonzept 2030", slug="radverkehrskonzept-2030",
        teaser="Wie soll Radfahren in der Stadt sicherer werden? Kommentieren Sie den Entwurf.",
        question="Was muss geschehen, damit Sie im Alltag öfter mit dem Rad fahren?",
        background="<p>Der Magistrat hat einen Entwurf für das Radverkehrskonzept vorgelegt.</p>",
        draft_text=DRAFT, opens_at=now - timedelta(days=5), evaluation_at=now + timedelta(days=25),
        result_at=now + timedelta(days=60), ideas_on_map=True, map_center_lat=Decimal("51.312700"), map_center_lng=Decimal("9.479700"),
    ))  # fmt: skip
    User = get_user_model()
    author, _created = User.objects.get_or_create(
        username="demo-buergerin@example.org",
        defaults={"email": "demo-buergerin@example.org", "first_name": "Erika", "last_name": "M."},
    )
    first = Comment.objects.create(page=page, author=author, author_name="Erika M.",
                                   body="Die Kreuzung am Königsplatz braucht dringend eine eigene Radampel.")  # fmt: skip
    Comment.objects.create(page=page, author=author, author_name="Erika M.", parent=first,
                           body="Ergänzung: morgens zwischen 7 und 8 Uhr ist es besonders gefährlich.")  # fmt: skip
    Comment.objects.create(page=page, author=author, author_name="Erika M.", paragraph=2,
                           body="Zwei Meter reichen für Lastenräder nicht, bitte 2,50 m.")  # fmt: skip
    Comment.objects.create(page=page, author=author, author_name="Erika M.", is_idea=True,
                           place="Friedrichsplatz, Ecke Obere Königsstraße", latitude=Decimal("51.312700"), longitude=Decimal("9.497300"),
                           body="Hier fehlen Fahrradbügel vor den Geschäften.")  # fmt: skip
    # The demo dialogue opened five days ago: switch it now, as the scheduled consultation_phases would.
    phase_sync(page)
