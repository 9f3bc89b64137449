"""Following a dialogue or procedure, and the one-click unsubscribe by a signed token."""

from __future__ import annotations

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Follow
from .base import ConsultationError

SALT = "consultations.unsubscribe"


def follow_start(*, page, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        raise ConsultationError(_("Please log in to follow."))
    try:
        with transaction.atomic():
            Follow.objects.create(page=page, user=user)
    except IntegrityError:
        return False
    return True


def follow_stop(*, page, user) -> bool:
    return bool(Follow.objects.filter(page=page, user=user).delete()[0])


def unsubscribe_token(follow: Follow) -> str:
    return signing.dumps({"f": follow.pk, "u": follow.user_id}, salt=SALT)


def unsubscribe_user_follow(token: str):
    """Delete the follow the token names; returns its page (None for a bad token or one already gone)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    follow = Follow.objects.filter(pk=data.get("f"), user_id=data.get("u")).select_related("page").first()
    if follow is None:
        return None
    page = follow.page
    follow.delete()
    return page
