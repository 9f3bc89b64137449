"""Citizens' comments, replies, ideas and paragraph comments; supports and reports."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import BlockedUser, Comment, ConsultationPage, HeldWord, Report, Support
from .base import ConsultationError, audit


def display_name(user) -> str:
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.get_username().split("@")[0]


def held_word_in(text: str) -> str:
    """The first word of the municipality's list found in ``text`` ("" if none)."""
    lowered = text.lower()
    for word in HeldWord.objects.values_list("word", flat=True):
        if word.lower() in lowered:
            return word
    return ""


def comment_create(*, page: ConsultationPage, author, body: str, parent: Comment | None = None,
                   paragraph: int | None = None, place: str = "", latitude=None, longitude=None,
                   is_idea: bool = False) -> Comment:  # fmt: skip
    """A comment by a signed-in citizen while the dialogue is open.

    Pre-moderation, or a word of the municipality's list, holds it for review (the author sees
    it marked as waiting); a blocked person cannot comment.
    """
    if not getattr(author, "is_authenticated", False):
        raise ConsultationError(_("Please log in to comment."))
    if not page.is_open:
        raise ConsultationError(_("This dialogue is not open for comments."))
    if BlockedUser.objects.filter(user=author).exists():
        raise ConsultationError(_("Your account has been blocked from commenting in this municipality."))
    body = body.strip()
    if not body:
        raise ConsultationError(_("Please write a comment."))
    if parent is not None:
        if parent.page_id != page.pk or parent.status != Comment.Status.PUBLISHED:
            raise ConsultationError(_("This comment cannot be answered."))
        if parent.parent_id:  # one level of threading: a reply to a reply joins the same thread
            parent = parent.parent
        paragraph, is_idea, place, latitude, longitude = parent.paragraph, False, "", None, None
    if paragraph is not None and not 1 <= paragraph <= len(page.paragraphs()):
        raise ConsultationError(_("This paragraph does not exist."))
    word = held_word_in(body)
    held_reason = "premoderation" if page.premoderation else (f"word:{word}" if word else "")
    comment = Comment(
        page=page, parent=parent, author=author, author_name=display_name(author), body=body, paragraph=paragraph,
        is_idea=is_idea, place=place.strip(), latitude=latitude, longitude=longitude,
        status=Comment.Status.PENDING if held_reason else Comment.Status.PUBLISHED, held_reason=held_reason,
    )  # fmt: skip
    comment.full_clean()
    comment.save()
    if word:
        audit("comment.held", actor="system", target=comment, word=word, page=page.pk)
    return comment


def comment_support(*, comment: Comment, user) -> bool:
    """Support a published comment once; False when this person already did (also under a race:
    the unique constraint decides, and only the winner raises the count)."""
    if not getattr(user, "is_authenticated", False):
        raise ConsultationError(_("Please log in to support a comment."))
    if comment.status != Comment.Status.PUBLISHED:
        raise ConsultationError(_("This comment cannot be supported."))
    if comment.author_id == user.pk:
        raise ConsultationError(_("You cannot support your own comment."))
    try:
        with transaction.atomic():
            Support.objects.create(comment=comment, user=user)
            Comment.objects.filter(pk=comment.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


def comment_report(*, comment: Comment, user, reason: str = "") -> bool:
    """A citizen reports a comment as abusive; it goes into the moderation queue (once per person)."""
    if not getattr(user, "is_authenticated", False):
        raise ConsultationError(_("Please log in to report a comment."))
    try:
        with transaction.atomic():
            Report.objects.create(comment=comment, user=user, reason=reason.strip()[:500])
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            audit("comment.reported", actor=user, target=comment, reason=reason.strip()[:500])
    except IntegrityError:
        return False
    return True
