"""Citizens' accounts as people see them: signup asks how to address them, emails and pages greet
them by name (not "Benutzer <name>", not their email address where a name is known)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def user_display(user) -> str:
    """The person's name, else their email address (allauth's ACCOUNT_USER_DISPLAY)."""
    return user.get_full_name() or user.email or user.get_username()


class SignupNameForm(forms.Form):
    """Extra signup field (ACCOUNT_SIGNUP_FORM_CLASS): the name used to greet the person."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("Optional. We use it only to address you, e.g. in emails."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        first, _sep, last = self.cleaned_data.get("name", "").strip().rpartition(" ")
        # "Anna Maria Schmidt" -> first "Anna Maria", last "Schmidt"; a single word is a first name.
        user.first_name, user.last_name = (first, last) if first else (last, "")
        user.save(update_fields=["first_name", "last_name"])
