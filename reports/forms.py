"""The citizen's report form (municipality site and state portal) and the clerk's forms."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import photos as photo_adapter
from . import questions
from .models import Category, Report, TextTemplate

COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:[.,]\d+)?)\s*[,;/ ]\s*(-?\d{1,3}(?:[.,]\d+)?)\s*$")


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """'51.3127, 9.4797' (lat, lon) typed into the address field."""
    match = COORDINATES.match(text or "")
    if not match:
        return None
    lat, lon = (float(part.replace(",", ".")) for part in match.groups())
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,image/heif,.heic,.heif"})

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > settings.REPORTS_MAX_PHOTOS:
            raise forms.ValidationError(
                _("Please choose at most %(count)s photos.") % {"count": settings.REPORTS_MAX_PHOTOS}
            )
        contents = []
        for upload in files:
            if upload.size > settings.REPORTS_MAX_PHOTO_BYTES:
                raise forms.ValidationError(_("The photo “%(name)s” is larger than %(mb)s MB.") % {
                    "name": upload.name, "mb": settings.REPORTS_MAX_PHOTO_BYTES // (1024 * 1024)})  # fmt: skip
            data = upload.read()
            try:
                photo_adapter.check(data)
            except photo_adapter.UnsupportedPhoto:
                raise forms.ValidationError(
                    _("“%(name)s” is not a JPEG, PNG or HEIC photo.") % {"name": upload.name}
                ) from None
            contents.append(data)
        return contents


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ReportForm(forms.Form):
    """Where, what, photos, who. Coordinates come from the map, or are typed (no tiles needed)."""

    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    address = forms.CharField(label=_("Address or place description"), max_length=300, required=False,
                              help_text=_("Street and house number, or coordinates such as 51.3127, 9.4797."))  # fmt: skip
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=_("Please choose")
    )
    subcategory = CategoryChoiceField(label=_("Subcategory"), queryset=Category.objects.none(), required=False,
                                      empty_label=_("none / not sure"))  # fmt: skip
    description = forms.CharField(label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    photos = PhotosField(label=_("Photos (up to 3; JPEG, PNG or HEIC)"), required=False,
                         help_text=_("Faces and number plates are blurred before a photo is published."))  # fmt: skip
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Your email address (for status updates; never published)"))
    no_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, default_point=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_point = default_point  # (lat, lon) used for an address without coordinates
        roots = Category.objects.filter(parent=None, active=True)
        self.fields["category"].queryset = roots
        self.fields["subcategory"].queryset = Category.objects.filter(parent__in=roots, active=True).select_related(
            "parent"
        )
        # Extra questions of the chosen category: a surveys question set, asked and checked by the surveys' code.
        chosen = questions.category_id_of(self.data if self.is_bound else self.initial)
        category = roots.filter(pk=chosen).only("questions_id").first() if chosen else None
        self.questions = questions.questions_of(category.questions_id) if category else []
        self.answers: dict = {}
        self.question_errors: dict = {}
        self._question_views = None

    def clean(self):
        data = super().clean()
        if self.questions:
            self.answers, self.question_errors = questions.parse(self.questions, self.data)
            if self.question_errors:
                self.add_error(None, _("Please answer the questions about this category below."))
        if data.get("lat") is None or data.get("lon") is None:
            typed = parse_coordinates(data.get("address", ""))
            if typed:
                data["lat"], data["lon"] = typed
            elif data.get("address") and self.default_point:
                data["lat"], data["lon"] = self.default_point
            else:
                self.add_error("address", _("Please mark the place on the map, or type an address or coordinates."))
        sub, cat = data.get("subcategory"), data.get("category")
        if sub and cat and sub.parent_id != cat.pk:
            self.add_error("subcategory", _("The subcategory does not belong to the category."))
        return data

    def question_views(self) -> list[dict]:
        """What ``surveys/_question.html`` needs per question (computed once, inside the municipality's schema)."""
        if self._question_views is None:
            self._question_views = questions.question_views(
                self.questions, self.answers, self.question_errors, self.data if self.is_bound else None
            )
        return self._question_views

    def answer_texts(self) -> dict[str, str]:
        """The valid answers as text by question code, kept with the report."""
        return questions.answer_texts(self.questions, self.answers)


class StaffReportForm(ReportForm):
    """A report taken by phone or at the counter; the caller's email is optional."""

    channel = forms.ChoiceField(label=_("Reporting channel"), choices=[(Report.Channel.PHONE, Report.Channel.PHONE.label),
                                                              (Report.Channel.COUNTER, Report.Channel.COUNTER.label)])  # fmt: skip
    email = forms.EmailField(label=_("Email address of the person reporting (optional)"), required=False)


class FollowForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Your email address"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    template = forms.ModelChoiceField(label=_("Text template"), queryset=TextTemplate.objects.all(), required=False)
    reason = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(c, Report.Status(c).label) for c in choices]
