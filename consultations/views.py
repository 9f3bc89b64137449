"""Citizens' side: the list, commenting, supporting, reporting, following, unsubscribing and
giving a statement. Errors show the page again with the input and a summary at the top."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from .forms import CommentForm, StatementForm
from .models import Comment, ConsultationPage, ProcedurePage
from .selectors import consultations_listed
from .services import (
    ConsultationError,
    comment_create,
    comment_report,
    comment_support,
    follow_start,
    follow_stop,
    statement_create,
    unsubscribe_user_follow,
)  # fmt: skip


def consultation_list(request):
    """All dialogues and procedures of the municipality (the header navigation's entry)."""
    return render(request, "consultations/list.html", {"items": consultations_listed()})


def _live(model, page_id):
    return get_object_or_404(model.objects.live().public(), pk=page_id)


def _back(page, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(page.url + (f"#{anchor}" if anchor else ""))


@require_POST
def comment_post(request, page_id: int):
    page = _live(ConsultationPage, page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    form = CommentForm(request.POST, page=page)
    if form.is_valid():
        data = form.cleaned_data
        parent = None
        if data.get("parent"):
            parent = Comment.objects.filter(pk=data["parent"], page=page).first()
        try:
            comment = comment_create(
                page=page, author=request.user, body=data["body"], parent=parent, paragraph=data.get("paragraph"),
                place=data.get("place") or "", latitude=data.get("latitude"), longitude=data.get("longitude"),
                is_idea=bool(data.get("place") or data.get("latitude") is not None),
            )  # fmt: skip
        except ConsultationError as error:
            form.add_error(None, str(error))
        else:
            if comment.status == Comment.Status.PENDING:
                messages.info(request, _("Thank you. Your comment will appear once a moderator has reviewed it."))
            else:
                messages.success(request, _("Thank you. Your comment has been published."))
            return _back(page, f"comment-{comment.pk}" if comment.status == Comment.Status.PUBLISHED else "own")
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=400)


@require_POST
def support(request, comment_id: int):
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id, page__live=True)
    if not request.user.is_authenticated:
        return redirect_to_login(comment.page.url)
    try:
        if not comment_support(comment=comment, user=request.user):
            messages.info(request, _("You already support this comment."))
    except ConsultationError as error:
        messages.error(request, str(error))
    return _back(comment.page, f"comment-{comment.pk}")


@require_POST
def report(request, comment_id: int):
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id, page__live=True)
    if not request.user.is_authenticated:
        return redirect_to_login(comment.page.url)
    try:
        if comment_report(comment=comment, user=request.user, reason=request.POST.get("reason", "")):
            messages.success(request, _("Thank you. A moderator will look at this comment."))
        else:
            messages.info(request, _("You have already reported this comment."))
    except ConsultationError as error:
        messages.error(request, str(error))
    return _back(comment.page, f"comment-{comment.pk}")


@require_POST
def follow(request, page_id: int):
    page = get_object_or_404(Page.objects.live().public().type(ConsultationPage, ProcedurePage), pk=page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    if request.POST.get("action") == "stop":
        follow_stop(page=page, user=request.user)
        messages.success(request, _("You no longer receive emails about this."))
    else:
        follow_start(page=page, user=request.user)
        messages.success(request, _("You follow this: we will email you on a new phase and on the result."))
    return _back(page, "follow")


@csrf_exempt  # RFC 8058: mail clients POST the one-click unsubscribe without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One click in the email unsubscribes (the signed token names the follow)."""
    page = unsubscribe_user_follow(token)
    return render(request, "consultations/unsubscribed.html", {"page": page.specific if page else None})


@require_POST
def statement_post(request, page_id: int):
    page = _live(ProcedurePage, page_id)
    form = StatementForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            statement = statement_create(
                page=page, name=data["name"], street=data["street"], postcode=data["postcode"], city=data["city"],
                email=data["email"], body=data["body"], attachments=data["attachments"], user=request.user,
            )  # fmt: skip
        except ConsultationError as error:
            form.add_error(None, str(error))
        else:
            request.session["consultations_receipt"] = {"page": page.pk, "reference": statement.reference,
                                                        "email": statement.email}  # fmt: skip
            return redirect("consultations:receipt", page_id=page.pk)
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=400)


def statement_receipt(request, page_id: int):
    page = _live(ProcedurePage, page_id)
    receipt = request.session.get("consultations_receipt") or {}
    if receipt.get("page") != page.pk:
        return redirect(page.url)
    return render(request, "consultations/receipt.html", {"page": page, "receipt": receipt})
