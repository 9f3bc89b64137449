"""Forms of KOMPASS: interest, survey from the template, measures; console: admission, status, seal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Measure
from .services import OFFICE_STATUSES


class InterestForm(forms.Form):
    contact = forms.CharField(label=_("Contact person"), max_length=300)
    email = forms.EmailField(label=_("Email address of the contact person"))
    motivation = forms.CharField(
        label=_("Why does your municipality want to take part?"), widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )  # fmt: skip


class SurveyFromTemplateForm(forms.Form):
    variant = forms.ChoiceField(
        label=_("Questionnaire"),
        choices=[("full", _("Full questionnaire")), ("short", _("Short questionnaire"))],
        widget=forms.RadioSelect,
        initial="full",
    )
    districts = forms.CharField(
        label=_("Your districts (Stadt- oder Ortsteile), one a line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("They become the answer options of the question on where people live."),
    )

    def district_list(self) -> list[str]:
        return [line for line in self.cleaned_data["districts"].splitlines() if line.strip()]


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "title", "need_item", "need_place", "owner", "owner_name", "status", "starts_on", "due_on", "done_on",
            "evidence",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "done_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_item"] = forms.ChoiceField(
            label=_("Survey item it answers"), required=False, choices=[("", "–"), *items]
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[(s.value, s.label) for s in OFFICE_STATUSES])
    on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ContactsForm(forms.Form):
    municipality_contact = forms.CharField(label=_("Contact at the municipality"), max_length=300, required=False)
    municipality_email = forms.EmailField(label=_("Email of the municipality's contact"), required=False)
    police_contact = forms.CharField(label=_("Contact at the police headquarters"), max_length=300, required=False)
    police_email = forms.EmailField(label=_("Email of the police contact"), required=False)
    office_contact = forms.CharField(label=_("Contact at the programme office"), max_length=300, required=False)
    office_email = forms.EmailField(label=_("Email of the programme office contact"), required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    url = forms.URLField(label=_("Link to the document"), max_length=500, assume_scheme="https")


class CriteriaForm(forms.Form):
    items = forms.CharField(label=_("Criteria, one a line"), widget=forms.Textarea(attrs={"rows": 8}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), widget=forms.Textarea(attrs={"rows": 3}))
