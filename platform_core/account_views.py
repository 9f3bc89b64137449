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
def export_data(request):
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
