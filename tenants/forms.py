"""Forms of the state portal: the municipality's self-registration."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .registration import FREEMAIL_DOMAINS, RegistrationError, registration_check_slug

TIMESTAMP_SALT = "tenants.registration.started"


def form_timestamp() -> str:
    return signing.dumps(time.time(), salt=TIMESTAMP_SALT)


class RegistrationForm(forms.Form):
    """Contact, subdomain and acceptance; plus a honeypot field and a signed time the form was shown."""

    contact_name = forms.CharField(label=_("Contact person (first and last name)"), max_length=200)
    contact_role = forms.CharField(label=_("Position or department"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("Official email address"),
        help_text=_("An address of your administration; we send a confirmation link to it."),
    )
    contact_phone = forms.CharField(label=_("Phone (optional)"), max_length=50, required=False)
    slug = forms.CharField(
        label=_("Desired subdomain"),
        max_length=63,
        help_text=_("Lower-case letters, digits and hyphens; your site will be reached at <subdomain>.%(domain)s.")
        % {"domain": settings.PLATFORM_BASE_DOMAIN},
    )
    accept_terms = forms.BooleanField(label=_("I accept the terms of use on behalf of the municipality."))
    accept_dpa = forms.BooleanField(
        label=_("I accept the data-processing agreement (Art. 28 GDPR) on behalf of the municipality.")
    )
    # Bots fill every field; people never see this one.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Please fill in this field.")
        self.fields["accept_terms"].error_messages["required"] = _("Please accept the terms of use.")
        self.fields["accept_dpa"].error_messages["required"] = _("Please accept the data-processing agreement.")
        self.fields["contact_email"].error_messages["invalid"] = _("Please enter a valid email address.")
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial.setdefault("started", form_timestamp())

    def clean_contact_email(self):
        email = self.cleaned_data["contact_email"].strip().lower()
        if email.rpartition("@")[2] in FREEMAIL_DOMAINS:
            raise forms.ValidationError(
                _("Please use an official address of your administration, not one of a free mail provider.")
            )
        return email

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        try:
            registration_check_slug(slug=slug)
        except RegistrationError as error:
            raise forms.ValidationError(str(error)) from None
        return slug

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."), code="bot")
        try:
            started = signing.loads(self.data.get("started", ""), salt=TIMESTAMP_SALT)
        except signing.BadSignature:
            self._refresh_timestamp()
            raise forms.ValidationError(_("The form could not be sent. Please try again."), code="bot") from None
        elapsed = time.time() - float(started)
        if elapsed < settings.TENANT_REGISTRATION_MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent unusually fast. Please check your details and send it again."), code="too_fast"
            )
        if elapsed > settings.TENANT_REGISTRATION_MAX_SECONDS:
            self._refresh_timestamp()
            raise forms.ValidationError(
                _("The form has expired. Please check your details and send it again."), code="expired"
            )
        return cleaned

    def _refresh_timestamp(self):
        data = self.data.copy()
        data["started"] = form_timestamp()
        self.data = data


REQUIRED = {"required": _("Please fill in this field.")}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for suspension"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )


class DomainForm(forms.Form):
    domain = forms.CharField(label=_("Host name"), max_length=253, error_messages=REQUIRED)
    make_primary = forms.BooleanField(label=_("Make primary host name"), required=False)


class DeleteForm(forms.Form):
    confirmation = forms.CharField(label=_("Type the subdomain to confirm"), max_length=63, error_messages=REQUIRED)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
