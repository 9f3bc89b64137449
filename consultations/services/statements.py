"""Statements in a formal procedure: submitted by citizens, weighed by staff."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..links import page_url
from ..models import ProcedurePage, Statement, StatementAttachment, StatementGroup
from .base import ConsultationError, audit, email_after_commit


def _next_reference(page: ProcedurePage) -> str:
    # The page row lock serialises numbering within one procedure.
    ProcedurePage.objects.select_for_update().filter(pk=page.pk).values_list("pk").first()
    number = Statement.objects.filter(page=page).count() + 1
    return f"{page.reference_prefix}-{page.pk}-{number:05d}"


def statement_create(*, page: ProcedurePage, name: str, street: str, postcode: str, city: str, email: str,
                     body: str, attachments=(), user=None) -> Statement:  # fmt: skip
    """Take a statement during the participation period and email the receipt with its number."""
    if not page.is_open:
        raise ConsultationError(_("Statements can be submitted only during the participation period."))
    with transaction.atomic():
        statement = Statement(
            page=page, reference=_next_reference(page), name=name.strip(), street=street.strip(),
            postcode=postcode.strip(), city=city.strip(), email=email.strip(), body=body.strip(),
            user=user if getattr(user, "is_authenticated", False) else None,
        )  # fmt: skip
        statement.full_clean()
        statement.save()
        for upload in attachments:
            attachment = StatementAttachment(statement=statement, original_name=upload.name[:255], size=upload.size)
            attachment.file.save(upload.name, upload, save=True)
        with translation.override("de"):
            context = {"statement": statement, "page": page, "url": page_url(page),
                       "attachments": [a.original_name for a in statement.attachments.all()]}  # fmt: skip
            subject = " ".join(render_to_string("consultations/email/receipt_subject.txt", context).split())
            body_text = render_to_string("consultations/email/receipt.txt", context)
        email_after_commit(subject=subject, body=body_text, to=[statement.email])
    return statement


def statement_answer(*, statement: Statement, actor, weighing: str, answer: str, department=None,
                     tags: str = "", group_title: str = "") -> Statement:  # fmt: skip
    """Staff weigh a statement: department, tags, group of similar ones, decision with reasons."""
    if statement.page.result_published_at:
        raise ConsultationError(_("The result has been published; the weighing can no longer be changed."))
    if weighing not in Statement.Weighing.values:
        raise ConsultationError(_("Unknown decision."))
    if weighing and not answer.strip():
        raise ConsultationError(_("Please give the reasons for the decision."))
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        group = None
        if group_title.strip():
            group, _created = StatementGroup.objects.get_or_create(page_id=statement.page_id, title=group_title.strip())
        statement.weighing, statement.answer = weighing, answer.strip()
        statement.department, statement.group = department, group
        statement.tags = ", ".join(dict.fromkeys(t.strip() for t in tags.split(",") if t.strip()))
        if weighing:
            from platform_core.audit import actor_label

            statement.answered_by, statement.answered_at = actor_label(actor), timezone.now()
        statement.save()
        audit("statement.weighed", actor=actor, target=statement, weighing=weighing,
              department=department.name if department else "", group=group.title if group else "",
              tags=statement.tags)  # fmt: skip
    return statement
