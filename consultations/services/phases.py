"""Phases of dialogues switched on time, and the result of a procedure published; followers are told."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..links import base_url, page_url
from ..models import ConsultationPage, Follow, Phase, ProcedurePage
from .base import ConsultationError, audit, email_after_commit
from .follows import unsubscribe_token


def followers_notify(*, page, kind: str, phase_label: str = "") -> int:
    """Email everyone following ``page`` (after commit), each with their own unsubscribe link."""
    sent = 0
    follows = Follow.objects.filter(page_id=page.pk).select_related("user")
    with translation.override("de"):
        for follow in follows:
            if not follow.user.email:
                continue
            link = base_url() + reverse("consultations:unsubscribe", args=[unsubscribe_token(follow)])
            context = {"page": page, "kind": kind, "phase": phase_label, "url": page_url(page), "unsubscribe": link}
            subject = " ".join(render_to_string("consultations/email/follow_subject.txt", context).split())
            body = render_to_string("consultations/email/follow.txt", context)
            headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
            email_after_commit(subject=subject, body=body, to=[follow.user.email], headers=headers)
            sent += 1
    return sent


def phase_sync(page: ConsultationPage, now=None) -> bool:
    """Move one dialogue to the phase its dates say. Idempotent: one conditional UPDATE decides,
    so a second run, or a second worker at the same time, switches and emails nothing."""
    due = page.phase_due(now or timezone.now())
    stored = ConsultationPage.objects.filter(pk=page.pk).values_list("phase", flat=True).first()
    if stored is None or due == stored:
        return False
    with transaction.atomic():
        if not ConsultationPage.objects.filter(pk=page.pk, phase=stored).update(phase=due):
            return False
        page = ConsultationPage.objects.get(pk=page.pk)
        audit("consultation.phase_switched", actor="system", target=page, phase=due, before=stored)
        with translation.override("de"):
            label = str(Phase(due).label)
        followers_notify(page=page, kind="result" if due == Phase.RESULT else "phase", phase_label=label)
    return True


def phases_switch(now=None) -> int:
    """Switch every live dialogue whose dates say a new phase has begun; returns how many."""
    now = now or timezone.now()
    pages = ConsultationPage.objects.live().only("pk", "phase", "opens_at", "evaluation_at", "result_at")
    return sum(phase_sync(page, now) for page in pages if page.phase_due(now) != page.phase)


def result_publish(*, page: ProcedurePage, actor) -> ProcedurePage:
    """Publish the weighing of a procedure after its period; every statement must be answered."""
    if timezone.now() < page.period_end:
        raise ConsultationError(_("The result can be published only after the participation period."))
    if page.statements.filter(weighing="").exists():
        raise ConsultationError(_("Every statement needs an answer before the result is published."))
    with transaction.atomic():
        if not ProcedurePage.objects.filter(pk=page.pk, result_published_at__isnull=True).update(
            result_published_at=timezone.now()
        ):
            raise ConsultationError(_("The result has already been published."))
        page.refresh_from_db()
        audit("procedure.result_published", actor=actor, target=page)
        followers_notify(page=page, kind="result")
    return page
