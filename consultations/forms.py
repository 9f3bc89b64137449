"""Citizens' forms (comment, statement) and staff's forms (hide, block, words, weighing)."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.documents import content_matches_extension

from .models import Statement

ATTACHMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "odt")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_FILES = 5


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Please write a comment.")})  # fmt: skip
    paragraph = forms.TypedChoiceField(label=_("On which part of the draft?"), coerce=int, required=False,
                                       empty_value=None)  # fmt: skip
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    place = forms.CharField(
        label=_("Place (optional)"), max_length=300, required=False,
        help_text=_("Describe the place your idea is about, e.g. a street corner or a building."),
    )  # fmt: skip
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput,
                                  min_value=-90, max_value=90)  # fmt: skip
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput,
                                   min_value=-180, max_value=180)  # fmt: skip

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        paragraphs = page.paragraphs()
        if paragraphs:
            self.fields["paragraph"].choices = [("", _("The dialogue as a whole"))] + [
                (i, _("Paragraph %(n)s: %(start)s …") % {"n": i, "start": text[:60]})
                for i, text in enumerate(paragraphs, start=1)
            ]
        else:
            del self.fields["paragraph"]
        if not page.ideas_on_map:
            for name in ("place", "latitude", "longitude"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            data["latitude"] = data["longitude"] = None
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(AttachmentsField, self).clean(f, initial) for f in files]


class StatementForm(forms.Form):
    name = forms.CharField(label=_("First and last name"), max_length=200, error_messages={
        "required": _("Please enter your name.")})  # fmt: skip
    street = forms.CharField(label=_("Street and number"), max_length=200, error_messages={
        "required": _("Please enter your street and house number.")})  # fmt: skip
    postcode = forms.RegexField(label=_("Postcode"), regex=r"^\d{5}$", max_length=5, error_messages={
        "required": _("Please enter your postcode."), "invalid": _("A postcode has five digits.")})  # fmt: skip
    city = forms.CharField(label=_("Town"), max_length=100, error_messages={"required": _("Please enter your town.")})
    email = forms.EmailField(label=_("Email address for the receipt"), max_length=254, error_messages={
        "required": _("Please enter your email address."), "invalid": _("Please enter a valid email address.")})  # fmt: skip
    body = forms.CharField(label=_("Your statement"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}),
                           error_messages={"required": _("Please write your statement.")})  # fmt: skip
    attachments = AttachmentsField(
        label=_("Attachments (optional)"), required=False,
        help_text=_("Up to 5 files, each at most 10 MB: PDF, JPG, PNG, DOCX or ODT."),
    )  # fmt: skip
    privacy = forms.BooleanField(
        label=_("I agree that my statement, name and address are processed for this procedure."),
        error_messages={"required": _("Please agree to the processing of your statement.")},
    )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > ATTACHMENT_MAX_FILES:
            raise forms.ValidationError(_("Please attach at most 5 files."))
        for upload in files:
            extension = Path(upload.name or "").suffix.lstrip(".").lower()
            if extension not in ATTACHMENT_EXTENSIONS:
                raise forms.ValidationError(
                    _("“%(name)s” cannot be attached. Allowed are PDF, JPG, PNG, DOCX and ODT.") % {"name": upload.name}
                )
            if upload.size > ATTACHMENT_MAX_BYTES:
                raise forms.ValidationError(_("“%(name)s” is larger than 10 MB.") % {"name": upload.name})
            if not content_matches_extension(upload, extension):
                raise forms.ValidationError(
                    _("The content of “%(name)s” is not a valid %(type)s file.")
                    % {"name": upload.name, "type": extension.upper()}
                )
        return files


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the author sees it)"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 2}), error_messages={"required": _("Please give a reason; the author will see it.")})  # fmt: skip


class WordsForm(forms.Form):
    words = forms.CharField(label=_("Words that hold a comment for review"), required=False,
                            widget=forms.Textarea(attrs={"rows": 8}), help_text=_("One word a line."))  # fmt: skip


class WeighingForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    tags = forms.CharField(label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas."))
    group_title = forms.CharField(label=_("Group of similar statements"), max_length=200, required=False,
                                  help_text=_("Statements with the same group name are grouped together."))  # fmt: skip
    weighing = forms.ChoiceField(label=_("Decision"), choices=Statement.Weighing.choices, required=False,
                                 widget=forms.RadioSelect)  # fmt: skip
    answer = forms.CharField(label=_("Answer and reasons"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        from django.contrib.auth.models import Group

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Group.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("weighing") and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Please give the reasons for the decision."))
        return data
