"""Forms: the answering form (parsed by hand for speed and full control over the markup) and
the clerk's forms in the Wagtail admin.

Answers travel between requests as a plain dict ``{question_id (str): value}``:

- single / rating: option id (int); ``{"o": id, "other": text}`` when "other" was chosen
- multiple: ``{"o": [ids], "other": text}``
- short / long text: str; number: str (decimal); date: ISO date str
- matrix: ``{row_id (str): option_id}``; ranking: ``{option_id (str): rank}``
- map point: ``{"lat": float | None, "lng": float | None, "text": str}``
"""

from __future__ import annotations

import datetime
import uuid
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Option, Question, Section, Survey
from .places import municipality_districts

Kind = Question.Kind
# Answer.number is numeric(14, 4): at most 10 digits before the point, 4 after.
NUMBER_LIMIT = Decimal(10) ** 10
NUMBER_STEP = Decimal("0.0001")
NUMBER_MAX_CHARS = 100


def is_visible(question: Question, answers: dict) -> bool:
    """Show-if: the question appears only if the earlier question was answered with the option."""
    if question.show_if_question_id is None or question.show_if_option_id is None:
        return True
    value = answers.get(str(question.show_if_question_id))
    if value is None:
        return False
    if isinstance(value, dict):
        value = value.get("o")
    if isinstance(value, list):
        return question.show_if_option_id in value
    return value == question.show_if_option_id


def _options(question: Question) -> list[Option]:
    return [o for o in question.options.all() if not o.is_row]


def _rows(question: Question) -> list[Option]:
    return [o for o in question.options.all() if o.is_row]


class _WithoutNul:
    """The posted data with NUL characters removed: PostgreSQL cannot store them in text."""

    def __init__(self, data):
        self.data = data

    def get(self, key, default=""):
        value = self.data.get(key, default)
        return value.replace("\x00", "") if isinstance(value, str) else value

    def getlist(self, key):
        return [v.replace("\x00", "") for v in self.data.getlist(key)]


def parse_answers(
    questions: list[Question], data, previous: dict, *, enforce_required: bool = True
) -> tuple[dict, dict]:
    """Read the posted answers of ``questions``; return ``(answers, errors)``.

    Every valid answer is returned even when others are invalid, so the page shows it again.
    Hidden questions (show-if not met) are dropped and never required.
    """
    data = _WithoutNul(data)
    answers: dict = {}
    errors: dict = {}
    for q in questions:
        key = f"q{q.pk}"
        value, error = _parse_one(q, key, data)
        if value not in (None, "", [], {}):
            answers[str(q.pk)] = value
        if error:
            errors[q.pk] = error
    merged = {**previous, **answers}
    for q in questions:
        if not is_visible(q, merged):
            answers.pop(str(q.pk), None)
            merged.pop(str(q.pk), None)
            errors.pop(q.pk, None)
            continue
        if enforce_required and q.required and q.pk not in errors and str(q.pk) not in answers:
            errors[q.pk] = _("Please answer this question.")
        elif enforce_required and q.required and q.kind == Kind.MATRIX and q.pk not in errors:
            if len(answers[str(q.pk)]) < len(_rows(q)):
                errors[q.pk] = _("Please answer every line.")
    return answers, errors


def token_or_none(value) -> uuid.UUID | None:
    """A posted response token, if it is a UUID at all (a forged one must not reach the database)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _option_id(raw: str, allowed: dict) -> int | None:
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return pk if pk in allowed else None


def _parse_one(q: Question, key: str, data):  # noqa: C901 - one branch per question type
    if q.kind in (Kind.SINGLE, Kind.RATING):
        raw = data.get(key, "")
        if not raw:
            return None, None
        opts = {o.pk: o for o in _options(q)}
        pk = _option_id(raw, opts)
        if pk is None:
            return None, _("Please choose one of the options.")
        if opts[pk].is_other:
            other = data.get(key + "_other", "").strip()[:500]
            if not other:
                return {"o": pk, "other": ""}, _("Please specify “other”.")
            return {"o": pk, "other": other}, None
        return pk, None
    if q.kind == Kind.MULTIPLE:
        opts = {o.pk: o for o in _options(q)}
        chosen = [_option_id(raw, opts) for raw in data.getlist(key)]
        if None in chosen:
            return None, _("Please choose among the options.")
        chosen = sorted(set(chosen))
        if not chosen:
            return None, None
        other = data.get(key + "_other", "").strip()[:500]
        if any(opts[pk].is_other for pk in chosen) and not other:
            return {"o": chosen, "other": ""}, _("Please specify “other”.")
        return {"o": chosen, "other": other}, None
    if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        limit = 300 if q.kind == Kind.SHORT_TEXT else 5000
        text = data.get(key, "").strip()
        if len(text) > limit:
            return text[:limit], _("Please use at most %(limit)s characters.") % {"limit": limit}
        return text or None, None
    if q.kind == Kind.NUMBER:
        raw = data.get(key, "").strip().replace(",", ".")
        if not raw:
            return None, None
        try:
            # A megabyte of digits is no number anyone typed; don't make Decimal parse it.
            if len(raw) > NUMBER_MAX_CHARS:
                raise InvalidOperation
            number = Decimal(raw)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            return None, _("Please enter a number.")
        if q.min_value is not None and number < q.min_value or q.max_value is not None and number > q.max_value:
            return None, _("Please enter a number between %(min)s and %(max)s.") % {
                "min": _fmt(q.min_value, "…"),
                "max": _fmt(q.max_value, "…"),
            }
        if number.copy_abs() >= NUMBER_LIMIT:  # what Answer.number (14 digits, 4 after the point) holds
            return None, _("Please enter a number with at most 10 digits before the decimal point.")
        return _fmt(number.quantize(NUMBER_STEP, rounding=ROUND_HALF_UP), ""), None
    if q.kind == Kind.DATE:
        raw = data.get(key, "").strip()
        if not raw:
            return None, None
        try:
            return datetime.date.fromisoformat(raw).isoformat(), None
        except ValueError:
            pass
        try:
            return datetime.datetime.strptime(raw, "%d.%m.%Y").date().isoformat(), None
        except ValueError:
            return None, _("Please enter a date such as 31.12.2026.")
    if q.kind == Kind.MATRIX:
        opts = {o.pk: o for o in _options(q)}
        result = {}
        for row in _rows(q):
            raw = data.get(f"{key}_r{row.pk}", "")
            if raw:
                pk = _option_id(raw, opts)
                if pk is None:
                    return None, _("Please choose one of the options.")
                result[str(row.pk)] = pk
        return result or None, None
    if q.kind == Kind.RANKING:
        opts = _options(q)
        ranks = {}
        for o in opts:
            raw = data.get(f"{key}_o{o.pk}", "")
            if raw:
                try:
                    rank = int(raw)
                except ValueError:
                    return None, _("Please give each item a different place.")
                if not 1 <= rank <= len(opts):
                    return None, _("Please give each item a different place.")
                ranks[str(o.pk)] = rank
        if len(set(ranks.values())) != len(ranks):
            return ranks, _("Please give each item a different place.")
        return ranks or None, None
    if q.kind == Kind.MAP_POINT:
        raw_lat = data.get(key + "_lat", "").strip().replace(",", ".")
        raw_lng = data.get(key + "_lng", "").strip().replace(",", ".")
        text = data.get(key + "_text", "").strip()[:500]
        district = data.get(key + "_district", "").strip()
        if district and district in municipality_districts():
            text = f"{district}: {text}" if text else district
        lat = lng = None
        if raw_lat or raw_lng:
            try:
                lat, lng = float(raw_lat), float(raw_lng)
            except ValueError:
                return None, _("Please enter the latitude and longitude as numbers.")
            if not (-90 <= lat <= 90 and -180 <= lng <= 180):
                return None, _("Please enter the latitude and longitude as numbers.")
        if lat is None and not text:
            return None, None
        return {"lat": lat, "lng": lng, "text": text}, None
    return None, None


def _fmt(value, default):
    if value is None:
        return default
    return f"{value.normalize():f}"


# --- Clerk forms (Wagtail admin) -----------------------------------------------------------


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "slug",
            "audience",
            "opens_at",
            "closes_at",
            "one_response_per_person",
            "anonymous",
            "show_on_home",
            "intro",
            "privacy_notice",
            "thank_you",
            "min_group_size",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "intro": forms.Textarea(attrs={"rows": 4}),
            "privacy_notice": forms.Textarea(attrs={"rows": 4}),
            "thank_you": forms.Textarea(attrs={"rows": 3}),
        }


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(forms.ModelForm):
    """A question with its options typed one per line (``value=Label`` or just ``Label``)."""

    options_text = forms.CharField(
        label=gettext_lazy("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One per line. For choices, scales and rankings: the answer options; optionally “code=Label”."
        ),
    )
    rows_text = forms.CharField(
        label=gettext_lazy("Matrix items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Matrix only: one item per line, all answered on the scale above."),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "kind",
            "code",
            "text",
            "help_text",
            "required",
            "allow_other",
            "dont_know",
            "min_value",
            "max_value",
            "map_center_lat",
            "map_center_lng",
            "map_zoom",
            "show_if_question",
            "show_if_option",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "help_text": forms.Textarea(attrs={"rows": 2})}

    scale_low = forms.CharField(
        label=gettext_lazy("Label of the lowest point"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Rating scale without typed options: five points from this label …"),
    )
    scale_high = forms.CharField(
        label=gettext_lazy("Label of the highest point"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("… to this one, e.g. “very dissatisfied” to “very satisfied”."),
    )

    # Which fields each question type uses; the editor shows only these (surveys/question_form.js).
    FIELDS_BY_KIND = {
        Kind.SINGLE: ["options_text", "allow_other", "dont_know"],
        Kind.MULTIPLE: ["options_text", "allow_other"],
        Kind.RATING: ["scale_low", "scale_high", "options_text", "dont_know"],
        Kind.MATRIX: ["options_text", "rows_text", "dont_know"],
        Kind.RANKING: ["options_text"],
        Kind.NUMBER: ["min_value", "max_value"],
        Kind.MAP_POINT: ["map_center_lat", "map_center_lng", "map_zoom"],
        Kind.SHORT_TEXT: [],
        Kind.LONG_TEXT: [],
        Kind.DATE: [],
    }

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].label = gettext_lazy("Page")
        self.fields["section"].empty_label = None
        self.fields["code"].required = False
        self.fields["code"].help_text = gettext_lazy(
            "Short name for the column heading in exports. Suggested automatically; you may change it."
        )
        if not self.instance.pk and not self.initial.get("code"):
            self.initial["code"] = self.suggested_code(survey)
        all_kind_fields = {name for names in self.FIELDS_BY_KIND.values() for name in names}
        for name in all_kind_fields:
            kinds = [kind for kind, names in self.FIELDS_BY_KIND.items() if name in names]
            self.fields[name].widget.attrs["data-kinds"] = " ".join(kinds)
        self.fields["kind"].widget.attrs["data-kind-select"] = ""
        for name in ("map_center_lat", "map_center_lng", "map_zoom"):
            self.fields[name].required = False
        if not settings.SURVEYS_MAP_TILE_URL:
            self.fields["map_center_lat"].help_text = gettext_lazy(
                "This platform has no map tiles configured: citizens see no map and describe the place "
                "instead (with the districts where known). Centre and zoom apply once tiles are set up."
            )
        earlier = survey.questions.filter(kind__in=[Kind.SINGLE, Kind.MULTIPLE, Kind.RATING])
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        self.fields["show_if_question"].queryset = earlier
        self.fields["show_if_option"].queryset = Option.objects.filter(question__survey=survey, is_row=False)
        self.fields["show_if_option"].label_from_instance = lambda o: f"{o.question.code}: {o.label}"
        if self.instance.pk:
            self.fields["options_text"].initial = "\n".join(
                f"{o.value}={o.label}"
                for o in self.instance.options.all()
                if not o.is_row and not o.is_other and not o.is_dont_know
            )
            self.fields["rows_text"].initial = "\n".join(
                f"{o.value}={o.label}" for o in self.instance.options.all() if o.is_row
            )

    @staticmethod
    def suggested_code(survey: Survey) -> str:
        taken = set(survey.questions.values_list("code", flat=True))
        number = len(taken) + 1
        while f"Q{number}" in taken:
            number += 1
        return f"Q{number}"

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not data.get("code"):
            data["code"] = self.instance.code or self.suggested_code(self.survey)
            self.instance.code = data["code"]
        if data.get("map_zoom") is None:
            data["map_zoom"] = 13
        low, high = data.get("scale_low", "").strip(), data.get("scale_high", "").strip()
        if kind == Kind.RATING and not data.get("options_text", "").strip() and low and high:
            # Five points, the ends labelled: citizens see the labels, not bare numbers.
            data["options_text"] = "\n".join([f"1=1 – {low}", "2=2", "3=3", "4=4", f"5=5 – {high}"])
        if kind in Question.OPTION_KINDS and not parse_option_lines(data.get("options_text", "")):
            self.add_error("options_text", _("This question type needs answer options."))
        if kind == Kind.RATING and len(parse_option_lines(data.get("options_text", ""))) not in (4, 5):
            self.add_error("options_text", _("A rating scale has 4 or 5 labelled points."))
        if kind == Kind.MATRIX and not parse_option_lines(data.get("rows_text", "")):
            self.add_error("rows_text", _("A matrix needs at least one item."))
        if data.get("show_if_option") and data.get("show_if_question"):
            if data["show_if_option"].question_id != data["show_if_question"].pk:
                self.add_error("show_if_option", _("Choose an option of that question."))
        return data


def parse_option_lines(text: str) -> list[tuple[str, str]]:
    """``"1=Yes\\nNo"`` -> ``[("1", "Yes"), ("2", "No")]``: values default to the line number."""
    result = []
    for number, line in enumerate([x.strip() for x in (text or "").splitlines() if x.strip()], start=1):
        value, sep, label = line.partition("=")
        if sep and value.strip() and label.strip() and len(value.strip()) <= 40:
            result.append((value.strip(), label.strip()))
        else:
            result.append((str(number), line))
    return result


class AccessCodeForm(forms.Form):
    count = forms.IntegerField(label=gettext_lazy("Number of codes"), min_value=1, max_value=20000)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.json or .lss)"))
    title = forms.CharField(label=gettext_lazy("Title of the new survey"), max_length=200, required=False)


class PaperCodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Access code from the questionnaire"), max_length=20, required=False)
