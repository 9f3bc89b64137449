"""The citizen's registration form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import questions
from .models import EventDate, EventPage


class RegistrationForm(forms.Form):
    date = forms.ModelChoiceField(
        label=_("Event date"), queryset=EventDate.objects.none(), empty_label=None, widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose one of the dates of this event.")},
    )  # fmt: skip
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    companions = forms.IntegerField(label=_("Companions"), min_value=0, initial=0, required=False)
    privacy = forms.BooleanField(
        label=_("I agree that my name and email address are stored for this event and deleted afterwards."),
        error_messages={"required": _("Please agree to the storage of your data for this event.")},
    )

    def __init__(self, *args, event: EventPage, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["date"].queryset = event.dates.filter(
            status=EventDate.Status.SCHEDULED, start__gt=timezone.now()
        ).order_by("start")
        self.fields["date"].label_from_instance = lambda d: _date_label(d)
        if event.max_companions:
            self.fields["companions"].validators.append(_max(event.max_companions))
            self.fields["companions"].help_text = _("At most %(n)s.") % {"n": event.max_companions}
        else:
            del self.fields["companions"]
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("name", user.get_full_name() or "")
            self.initial.setdefault("email", user.email)
        if not self.is_bound and len(self.fields["date"].queryset) == 1:  # a posted form needs no extra query
            self.initial["date"] = self.fields["date"].queryset[0].pk
        # Extra questions: a surveys question set, asked and checked by the surveys' own code.
        self.questions = questions.questions_of(event.registration_questions_id)
        self.answers: dict = {}
        self.question_errors: dict = {}

    def clean(self):
        cleaned = super().clean()
        if self.questions:
            self.answers, self.question_errors = questions.parse(self.questions, self.data)
            if self.question_errors:
                raise forms.ValidationError(_("Please check your answers to the questions below."))
        return cleaned

    def question_views(self) -> list[dict]:
        return questions.question_views(
            self.questions, self.answers, self.question_errors, self.data if self.is_bound else None
        )

    def answer_texts(self) -> dict[str, str]:
        """The valid answers as text by question code, kept with the registration."""
        return questions.answer_texts(self.questions, self.answers)


def _max(n: int):
    from django.core.validators import MaxValueValidator

    return MaxValueValidator(n, message=_("You can bring at most %(limit_value)s companions."))


def _date_label(date: EventDate) -> str:
    from django.utils.formats import date_format

    start = timezone.localtime(date.start)
    text = f"{date_format(start, 'l, j. F Y, H:i')} – {date_format(timezone.localtime(date.end), 'H:i')}"
    if date.seats_free:
        from django.utils.translation import ngettext

        free = ngettext("%(n)s seat free", "%(n)s seats free", date.seats_free) % {"n": date.seats_free}
        return f"{text} ({free})"
    full = _("fully booked, waiting list") if date.page.waitlist_enabled else _("fully booked")
    return f"{text} ({full})"
