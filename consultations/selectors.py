"""Reads of consultations: the comment list of a dialogue page in a constant number of queries,
the section's listing, the published weighing, and what the registry's hooks return."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from .models import COMMENTS_PER_PAGE, Comment, ConsultationPage, Follow, Phase, ProcedurePage, Statement, Support


def _page_number(raw) -> int:
    try:
        return max(1, min(int(raw), 100_000))
    except (TypeError, ValueError):
        return 1


def _paragraph(raw, count: int) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= count else None


def comment_page_context(*, page: ConsultationPage, request) -> dict:
    """Everything the dialogue page shows about comments: one page of threads (``?seite=``),
    optionally only those on one paragraph (``?absatz=``), with their replies, what the visitor
    supported, their own held or hidden comments, and the paragraphs' comment counts.

    The number of queries does not grow with the number of comments: a count, one slice of
    threads, their replies in one query, and per signed-in visitor three more.
    """
    paragraphs = page.paragraphs()
    only_paragraph = _paragraph(request.GET.get("absatz"), len(paragraphs))
    threads = Comment.objects.filter(page=page, parent__isnull=True, status=Comment.Status.PUBLISHED)
    if only_paragraph:
        threads = threads.filter(paragraph=only_paragraph)
    total = threads.count()
    pages = max(1, -(-total // COMMENTS_PER_PAGE))
    number = min(_page_number(request.GET.get("seite")), pages)
    start = (number - 1) * COMMENTS_PER_PAGE
    shown = list(threads.order_by("-created_at", "-pk")[start : start + COMMENTS_PER_PAGE])
    ids = [c.pk for c in shown]
    replies: dict[int, list[Comment]] = {}
    if ids:
        for reply in Comment.objects.filter(parent_id__in=ids, status=Comment.Status.PUBLISHED).order_by("created_at"):
            replies.setdefault(reply.parent_id, []).append(reply)
    user = request.user
    supported: set[int] = set()
    own: list[Comment] = []
    following = False
    if user.is_authenticated:
        all_ids = ids + [r.pk for rs in replies.values() for r in rs]
        supported = set(Support.objects.filter(user=user, comment_id__in=all_ids).values_list("comment_id", flat=True))
        own = list(Comment.objects.filter(page=page, author=user).exclude(status=Comment.Status.PUBLISHED)[:50])
        following = Follow.objects.filter(page_id=page.pk, user=user).exists()
    for comment in shown:
        comment.shown_replies = replies.get(comment.pk, [])
        comment.supported = comment.pk in supported
        for reply in comment.shown_replies:
            reply.supported = reply.pk in supported
    counts = {}
    if paragraphs:
        counts = dict(
            Comment.objects.filter(page=page, status=Comment.Status.PUBLISHED, paragraph__isnull=False, parent=None)
            .values_list("paragraph").annotate(n=Count("pk")).values_list("paragraph", "n")
        )  # fmt: skip
    return {
        "comments": shown,
        "comment_total": total,
        "comment_page": number,
        "comment_pages": pages,
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if number < pages else None,
        "paragraph_list": [
            {"number": i, "text": text, "comments": counts.get(i, 0)} for i, text in enumerate(paragraphs, start=1)
        ],  # fmt: skip
        "only_paragraph": only_paragraph,
        "own_comments": own,
        "following": following,
        "ideas": [c for c in shown if c.latitude is not None],
        "documents": list(page.consultation_documents.select_related("document")),
    }


def consultations_listed(*, index=None) -> list:
    """Live dialogues and procedures (below ``index`` if given), the open ones first."""
    dialogues = ConsultationPage.objects.live().public()
    procedures = ProcedurePage.objects.live().public()
    if index is not None:
        dialogues, procedures = dialogues.child_of(index), procedures.child_of(index)
    items = list(dialogues.specific()) + list(procedures.specific())
    return sorted(items, key=lambda p: (not p.is_open, p.title))


def published_weighing(*, page: ProcedurePage) -> dict:
    """The published result: counts per decision and the answers, without names or addresses."""
    statements = Statement.objects.filter(page=page).select_related("group").order_by("group__title", "pk")
    counts = dict(statements.values_list("weighing").annotate(n=Count("pk")).values_list("weighing", "n"))
    return {
        "counts": [(label, counts.get(value, 0)) for value, label in Statement.Weighing.choices if value],
        "answers": statements.only("reference", "weighing", "answer", "group__title"),
    }


def open_items() -> list:
    from django.utils.translation import gettext_lazy as _

    from platform_core.registry import OpenItem

    now = timezone.now()
    items = [
        OpenItem(kind=_("Dialogue"), title=p.title, url=p.url, summary=p.teaser or p.question, starts_at=p.opens_at,
                 ends_at=p.evaluation_at)
        for p in ConsultationPage.objects.live().public().filter(phase=Phase.OPEN)
    ]  # fmt: skip
    items += [
        OpenItem(kind=_("Statement procedure"), title=p.title, url=p.url, summary=p.teaser,
                 starts_at=p.period_start, ends_at=p.period_end)
        for p in ProcedurePage.objects.live().public().filter(period_start__lte=now, period_end__gt=now)
    ]  # fmt: skip
    return items


def search_items(query: str) -> list:
    from django.utils.translation import gettext_lazy as _

    from platform_core.registry import OpenItem

    query = (query or "").strip()
    if not query:
        return []
    items = [
        OpenItem(kind=_("Dialogue"), title=p.title, url=p.url, summary=p.teaser or p.question,
                 starts_at=p.opens_at, ends_at=p.evaluation_at)
        for p in ConsultationPage.objects.live().public().filter(
            Q(title__icontains=query) | Q(teaser__icontains=query) | Q(question__icontains=query))[:20]
    ]  # fmt: skip
    items += [
        OpenItem(kind=_("Statement procedure"), title=p.title, url=p.url, summary=p.teaser,
                 starts_at=p.period_start, ends_at=p.period_end)
        for p in ProcedurePage.objects.live().public().filter(Q(title__icontains=query) | Q(teaser__icontains=query))[:20]
    ]  # fmt: skip
    return items
