"""A citizen's own account on a municipality's site: overview, data export, deletion (DSGVO)."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from platform_core.services import AccountError, erasure_notes, user_data_export, user_delete


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(label=_("I understand that my account and my personal data will be deleted."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


@login_required
def profile(request):
    return render(request, "account/profile.html")


@login_required
def welcome(request):
    """After signup and email confirmation: a greeting by name and where to go next."""
    return render(request, "account/welcome.html")


# German headings for the keys of the data export; unknown keys are shown as they are.
EXPORT_LABELS = {
    "account": _("Account"),
    "email_addresses": _("Email addresses"),
    "email": _("Email address"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "name": _("Name"),
    "date_joined": _("Registered on"),
    "last_login": _("Last login"),
    "verified": _("Confirmed"),
    "primary": _("Primary address"),
    "responses": _("Your answers"),
    "participations": _("Surveys you took part in"),
    "survey": _("Survey"),
    "submitted_at": _("Submitted"),
    "channel": _("Channel"),
    "answers": _("Answers"),
    "question": _("Question"),
    "answer": _("Answer"),
    "date": _("Date"),
    "event": _("Event"),
    "start": _("Start"),
    "companions": _("Companions"),
    "status": _("Status"),
    "registered_at": _("Registered at"),
    "checked_in_at": _("Checked in at"),
}


def _label(key) -> str:
    return str(EXPORT_LABELS.get(key, str(key).replace("_", " ").capitalize()))


def _readable(value):
    """The export as nested (label, value) structures for the template: dicts become rows,
    lists of dicts tables, dates German dates, booleans yes/no."""
    import datetime

    from django.utils.formats import date_format

    if isinstance(value, dict):
        return {"kind": "rows", "rows": [(_label(k), _readable(v)) for k, v in value.items()]}
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            keys = list(dict.fromkeys(k for v in value for k in v))
            simple = all(not isinstance(v.get(k), (dict, list)) for v in value for k in keys)
            if simple:
                return {
                    "kind": "table",
                    "head": [_label(k) for k in keys],
                    "body": [[_readable(v.get(k)) for k in keys] for v in value],
                }
            return {"kind": "list", "items": [_readable(v) for v in value]}
        return (
            {"kind": "list", "items": [_readable(v) for v in value]} if value else {"kind": "text", "text": _("none")}
        )
    if isinstance(value, bool):
        return {"kind": "text", "text": _("yes") if value else _("no")}
    if value is None or value == "":
        return {"kind": "text", "text": "–"}
    if isinstance(value, datetime.datetime):
        return {"kind": "text", "text": date_format(timezone.localtime(value), "j. F Y, H:i")}
    if isinstance(value, datetime.date):
        return {"kind": "text", "text": date_format(value, "j. F Y")}
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            return {"kind": "text", "text": value}
        return _readable(parsed)
    return {"kind": "text", "text": str(value)}


@login_required
def export_data(request):
    """Everything stored about the person, as a readable German page (printable) with the
    machine-readable JSON file beside it."""
    from platform_core.registry import registry

    data = user_data_export(user=request.user)
    titles = {app.label: app.listing.label for app in registry.apps() if app.listing}
    sections = [
        {"title": str(titles.get(key) or _label(key)), "content": _readable(value)} for key, value in data.items()
    ]
    return render(request, "account/data.html", {"sections": sections, "exported_at": timezone.now()})


@login_required
def export_data_json(request):
    data = user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            user_delete(user=get_user_model().objects.get(pk=user.pk))
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("/")
    return render(request, "account/delete.html", {"form": form, "notes": erasure_notes()})
