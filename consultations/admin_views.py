"""Staff's side in the Wagtail admin (/cms/beteiligung/): the moderation queue with hiding,
approving, blocking and the word list; the statements of procedures with the weighing screen,
exports and publishing the result. Registered in ``wagtail_hooks``; permissions from ``rules``."""

from __future__ import annotations

import os

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_core.permissions import require_perm

from . import (
    rules,  # noqa: F401 - declares the permissions used here
    services,
)
from .forms import ReasonForm, WeighingForm, WordsForm
from .models import BlockedUser, Comment, HeldWord, ProcedurePage, Statement, StatementAttachment, StatementExport
from .services import ConsultationError
from .services.base import audit

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@require_perm("consultations.moderate")
def moderation_queue(request):
    """Comments waiting for review (pre-moderation or a listed word) and reported ones."""
    waiting = (
        Comment.objects.filter(Q(status=Comment.Status.PENDING) | Q(reports__resolved_at__isnull=True,
                                                                    status=Comment.Status.PUBLISHED))
        .select_related("page").annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .distinct().order_by("created_at")[:200]
    )  # fmt: skip
    return render(request, "consultations/admin/queue.html", {
        "comments": waiting, "reason_form": ReasonForm(), "page_title": _("Moderation"),
        "blocked": BlockedUser.objects.select_related("user").order_by("-created_at"),
        "words_form": WordsForm(initial={"words": "\n".join(HeldWord.objects.order_by("word").values_list(
            "word", flat=True))}),
    })  # fmt: skip


@require_perm("consultations.moderate")
@require_POST
def comment_action(request, pk: int, action: str):
    comment = get_object_or_404(Comment, pk=pk)
    try:
        if action == "approve":
            services.comment_approve(comment=comment, moderator=request.user)
            messages.success(request, _("The comment is published."))
        elif action in ("hide", "block"):
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ConsultationError(_("Please give a reason; the author will see it."))
            reason = form.cleaned_data["reason"]
            services.comment_hide(comment=comment, moderator=request.user, reason=reason)
            if action == "block":
                services.user_block(user=comment.author, moderator=request.user, reason=reason)
                messages.success(request, _("The comment is hidden and its author may no longer comment."))
            else:
                messages.success(request, _("The comment is hidden; its author sees the reason."))
        else:
            raise Http404
    except ConsultationError as error:
        messages.error(request, str(error))
    return redirect("consultations_admin:queue")


@require_perm("consultations.moderate")
@require_POST
def unblock(request, pk: int):
    services.user_unblock(blocked=get_object_or_404(BlockedUser, pk=pk), moderator=request.user)
    messages.success(request, _("The account may comment again."))
    return redirect("consultations_admin:queue")


@require_perm("consultations.moderate")
@require_POST
def words_save(request):
    form = WordsForm(request.POST)
    if form.is_valid():
        try:
            services.held_words_save(words=form.cleaned_data["words"].splitlines(), moderator=request.user)
            messages.success(request, _("The word list has been saved."))
        except ConsultationError as error:
            messages.error(request, str(error))
    return redirect("consultations_admin:queue")


# --- Statements ----------------------------------------------------------------------------------


@require_perm("consultations.handle_statements")
def procedure_index(request):
    procedures = ProcedurePage.objects.annotate(
        total=Count("statements"), open=Count("statements", filter=Q(statements__weighing=""))
    ).order_by("-period_end")
    return render(request, "consultations/admin/procedures.html",
                  {"procedures": procedures, "page_title": _("Statements")})  # fmt: skip


@require_perm("consultations.handle_statements")
def procedure_detail(request, pk: int):
    page = get_object_or_404(ProcedurePage, pk=pk)
    statements = page.statements.select_related("department", "group").order_by("group__title", "pk")
    tag = request.GET.get("tag", "").strip()
    if tag:
        statements = statements.filter(tags__icontains=tag)
    return render(request, "consultations/admin/procedure.html", {
        "page": page, "statements": statements, "tag": tag, "exports": page.exports.all()[:10],
        "page_title": page.title, "open_count": page.statements.filter(weighing="").count(),
    })  # fmt: skip


@require_perm("consultations.handle_statements")
def weighing(request, pk: int):
    """The weighing screen: the statement with its attachments beside the answer form."""
    statement = get_object_or_404(Statement.objects.select_related("page", "department", "group"), pk=pk)
    initial = {"department": statement.department, "tags": statement.tags, "weighing": statement.weighing,
               "answer": statement.answer, "group_title": statement.group.title if statement.group else ""}  # fmt: skip
    form = WeighingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.statement_answer(
                statement=statement, actor=request.user, weighing=data["weighing"] or "", answer=data["answer"],
                department=data["department"], tags=data["tags"], group_title=data["group_title"],
            )  # fmt: skip
        except ConsultationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The weighing of %(ref)s has been saved.") % {"ref": statement.reference})
            following = statement.page.statements.filter(weighing="", pk__gt=statement.pk).order_by("pk").first()
            if following and "next" in request.POST:
                return redirect("consultations_admin:weighing", pk=following.pk)
            return redirect("consultations_admin:procedure", pk=statement.page_id)
    similar = []
    if statement.group_id:
        similar = statement.group.statements.exclude(pk=statement.pk).order_by("pk")[:20]
    return render(request, "consultations/admin/weighing.html", {
        "statement": statement, "form": form, "similar": similar, "attachments": statement.attachments.all(),
        "page_title": _("Weighing %(ref)s") % {"ref": statement.reference},
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


@require_perm("consultations.handle_statements")
def attachment_download(request, pk: int):
    attachment = get_object_or_404(StatementAttachment.objects.select_related("statement"), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    audit("statement.attachment_download", actor=request.user, target=attachment.statement, attachment=pk)
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


@require_perm("consultations.handle_statements")
@require_POST
def export_start(request, pk: int):
    page = get_object_or_404(ProcedurePage, pk=pk)
    try:
        services.statement_export_request(page=page, format=request.POST.get("format", ""), requested_by=request.user)
        messages.success(request, _("The export is being prepared; reload this page in a moment."))
    except ConsultationError as error:
        messages.error(request, str(error))
    return redirect("consultations_admin:procedure", pk=page.pk)


@require_perm("consultations.handle_statements")
def export_download(request, pk: int, export_pk: int):
    export = get_object_or_404(StatementExport, pk=export_pk, page_id=pk, status=StatementExport.Status.DONE)
    try:
        handle = export.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    audit("procedure.export_download", actor=request.user, target=export.page, export=export.pk)
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(export.file.name),
                        content_type=CONTENT_TYPES[export.format])  # fmt: skip


@require_perm("consultations.handle_statements")
@require_POST
def result_publish(request, pk: int):
    page = get_object_or_404(ProcedurePage, pk=pk)
    try:
        services.result_publish(page=page, actor=request.user)
        messages.success(request, _("The result is published on the procedure's page."))
    except ConsultationError as error:
        messages.error(request, str(error))
    return redirect("consultations_admin:procedure", pk=page.pk)
