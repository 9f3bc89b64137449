"""A survey teaser for content pages: clerks pick a survey; the page shows its title, introduction,
end date, estimated time and a link, and says so plainly once the survey has closed."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


def survey_choices():
    """Published surveys of the current municipality (run inside its schema when the editor opens)."""
    from .models import Survey

    try:
        surveys = Survey.objects.filter(state__in=[Survey.State.PUBLISHED, Survey.State.CLOSED]).order_by("-pk")
        return [(str(s.pk), s.title) for s in surveys[:200]]
    except Exception:  # no surveys table (the public schema, or before migrations): nothing to offer
        return []


class SurveyTeaserBlock(blocks.StructBlock):
    survey = blocks.ChoiceBlock(choices=survey_choices, label=_("Survey"))
    text = blocks.CharBlock(
        label=_("Teaser text"), required=False, help_text=_("Leave empty to show the survey's introduction.")
    )

    class Meta:
        icon = "list-ul"
        label = _("Survey teaser")
        template = "surveys/blocks/survey_teaser.html"

    def get_context(self, value, parent_context=None):
        from .discovery import _item, survey_durations
        from .models import Survey

        context = super().get_context(value, parent_context=parent_context)
        survey = Survey.objects.filter(pk=value.get("survey") or 0).exclude(state=Survey.State.DRAFT).first()
        context["survey"] = survey
        if survey is not None:
            context["item"] = _item(survey, survey_durations([survey.pk]).get(survey.pk))
            context["is_open"] = survey.is_open()
        return context
