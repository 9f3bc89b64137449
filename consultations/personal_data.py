"""A person's comments, supports, follows and statements for the data export and account deletion."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils import timezone

from .models import Comment, Follow, Report, Statement, Support


def _statements(user):
    q = Q(user=user)
    if user.email:
        q |= Q(email__iexact=user.email)
    return Statement.objects.filter(q, anonymised_at__isnull=True).select_related("page")


def export(user) -> dict | None:
    data = {
        "comments": [
            {"dialogue": c.page.title, "text": c.body, "paragraph": c.paragraph, "place": c.place,
             "status": c.status, "hidden_reason": c.hidden_reason, "created_at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).select_related("page").order_by("created_at")
        ],
        "supported_comments": list(Support.objects.filter(user=user).values_list("comment_id", flat=True)),
        "follows": [f.page.title for f in Follow.objects.filter(user=user).select_related("page")],
        "statements": [
            {"procedure": s.page.title, "reference": s.reference, "name": s.name,
             "address": f"{s.street}, {s.postcode} {s.city}", "email": s.email, "text": s.body,
             "decision": s.weighing, "answer": s.answer, "created_at": s.created_at.isoformat()}
            for s in _statements(user).order_by("created_at")
        ],
    }  # fmt: skip
    return data if any(data.values()) else None


def erase(user) -> None:
    """Comments lose their text and name (replies to them stay readable), supports and follows go,
    statements keep their text for the procedure but lose name, address and email."""
    for support in Support.objects.filter(user=user).select_related("comment"):
        Comment.objects.filter(pk=support.comment_id).update(support_count=F("support_count") - 1)
        support.delete()
    Report.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    Comment.objects.filter(author=user).update(
        author=None, author_name="", body="", place="", latitude=None, longitude=None, status=Comment.Status.HIDDEN,
        hidden_reason="",
    )  # fmt: skip
    _statements(user).update(name="", street="", postcode="", city="", email="", user=None,
                             anonymised_at=timezone.now())  # fmt: skip
