"""Moderators' decisions on comments and people; every step goes into the audit log."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BlockedUser, Comment, HeldWord, Report
from .base import ConsultationError, audit


def _resolve_reports(comment: Comment) -> None:
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())


def comment_approve(*, comment: Comment, moderator) -> Comment:
    """Publish a held comment, or keep a reported one (its reports are closed)."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        before = comment.status
        comment.status, comment.hidden_reason = Comment.Status.PUBLISHED, ""
        comment.save(update_fields=["status", "hidden_reason"])
        _resolve_reports(comment)
        audit("comment.approved", actor=moderator, target=comment, before=before, page=comment.page_id)
    return comment


def comment_hide(*, comment: Comment, moderator, reason: str) -> Comment:
    """Hide a comment; the reason is shown to its author in place of the comment."""
    reason = reason.strip()
    if not reason:
        raise ConsultationError(_("Please give a reason; the author will see it."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.status, comment.hidden_reason = Comment.Status.HIDDEN, reason
        comment.save(update_fields=["status", "hidden_reason"])
        _resolve_reports(comment)
        audit("comment.hidden", actor=moderator, target=comment, reason=reason, page=comment.page_id)
    return comment


def user_block(*, user, moderator, reason: str) -> BlockedUser:
    """Block a person from commenting in this municipality."""
    reason = reason.strip()
    if not reason:
        raise ConsultationError(_("Please give a reason for blocking."))
    if user is None:
        raise ConsultationError(_("This comment has no account any more."))
    with transaction.atomic():
        blocked, _created = BlockedUser.objects.update_or_create(user=user, defaults={"reason": reason})
        audit("consultation.user_blocked", actor=moderator, target=blocked, user=user.pk, reason=reason)
    return blocked


def user_unblock(*, blocked: BlockedUser, moderator) -> None:
    with transaction.atomic():
        audit("consultation.user_unblocked", actor=moderator, target=blocked, user=blocked.user_id)
        blocked.delete()


def held_words_save(*, words: list[str], moderator) -> list[str]:
    """Replace the municipality's word list (case does not matter; duplicates are dropped)."""
    cleaned = sorted({w.strip().lower() for w in words if w.strip()})
    if any(len(w) > 100 for w in cleaned):
        raise ConsultationError(_("A word may have at most 100 characters."))
    with transaction.atomic():
        before = sorted(HeldWord.objects.values_list("word", flat=True))
        if before == cleaned:
            return cleaned
        HeldWord.objects.exclude(word__in=cleaned).delete()
        HeldWord.objects.bulk_create([HeldWord(word=w) for w in cleaned], ignore_conflicts=True)
        audit("consultation.words_changed", actor=moderator, added=sorted(set(cleaned) - set(before)),
              removed=sorted(set(before) - set(cleaned)))  # fmt: skip
    return cleaned
