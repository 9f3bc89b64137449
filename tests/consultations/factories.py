"""Consultations for tests: a section below the home page, a dialogue, a procedure, citizens."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage, ProcedurePage
from consultations.services.phases import phase_sync

DRAFT = "Erster Absatz über Radwege.\n\nZweiter Absatz über Bügel.\n\nDritter Absatz über Berichte."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def section() -> ConsultationIndexPage:
    from cms.models import HomePage

    index = ConsultationIndexPage.objects.filter(slug="verfahren-test").first()
    if index:
        return index
    return HomePage.objects.first().add_child(instance=ConsultationIndexPage(title="Verfahren", slug="verfahren-test"))


def make_dialogue(*, phase: str = "open", **fields) -> ConsultationPage:
    now = timezone.now()
    offsets = {"announced": 2, "open": -1, "evaluation": -10, "result": -20}[phase]
    fields.setdefault("title", f"Radverkehr {uuid.uuid4().hex[:6]}")
    fields.setdefault("question", "Was brauchen Sie zum Radfahren?")
    fields.setdefault("draft_text", DRAFT)
    page = ConsultationPage(
        opens_at=now + timedelta(days=offsets), evaluation_at=now + timedelta(days=offsets + 5),
        result_at=now + timedelta(days=offsets + 10), **fields,
    )  # fmt: skip
    section().add_child(instance=page)
    phase_sync(page)
    page.refresh_from_db()
    return page


def make_procedure(*, open_now: bool = True, **fields) -> ProcedurePage:
    now = timezone.now()
    fields.setdefault("title", f"Bebauungsplan {uuid.uuid4().hex[:6]}")
    start = now - timedelta(days=2) if open_now else now - timedelta(days=40)
    page = ProcedurePage(period_start=start, period_end=start + timedelta(days=30), **fields)
    section().add_child(instance=page)
    return page


def make_citizen(name: str = "") -> object:
    from allauth.account.models import EmailAddress

    email = f"{name or 'buerger'}-{uuid.uuid4().hex[:6]}@example.org"
    user = get_user_model().objects.create_user(username=email, email=email, password="x" * 12,
                                                first_name="Bea", last_name="Bürger")  # fmt: skip
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def pdf_upload(name: str = "plan.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def statement_data(**overrides) -> dict:
    data = {"name": "Erika Muster", "street": "Ringstraße 4", "postcode": "35037", "city": "Marburg",
            "email": "erika@example.org", "body": "Die Zufahrt ist zu eng.", "privacy": "on"}  # fmt: skip
    data.update(overrides)
    return data
