"""KOMPASS inside a municipality's schema: its KOMPASS surveys (which items are locked) and measures.

The state's side (status, template, aggregates, seal) lives in ``kompass.state`` (public schema).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class KompassSurvey(models.Model):
    """A surveys.Survey created from the KOMPASS template: its round, template version and core items."""

    survey = models.OneToOneField("surveys.Survey", on_delete=models.CASCADE, related_name="kompass")
    round = models.PositiveSmallIntegerField(_("round"))
    template_version = models.PositiveIntegerField(_("questionnaire version"))
    variant = models.CharField(_("variant"), max_length=8)
    locked_codes = models.JSONField(_("core items"), default=list)
    aggregated_at = models.DateTimeField(_("results sent to the state"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("KOMPASS survey")
        verbose_name_plural = _("KOMPASS surveys")
        ordering = ["-round"]
        constraints = [models.UniqueConstraint(fields=["round"], name="kompass_survey_round_unique")]

    def __str__(self):
        return f"{self.survey} ({self.round})"


class Measure(models.Model):
    """A local measure answering a need the survey showed (an item or an unsafe place)."""

    class Owner(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")
        PARTNER = "partner", _("Partner")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Completed")
        DROPPED = "dropped", _("Dropped")

    title = models.CharField(_("title"), max_length=200)
    need_item = models.CharField(
        _("survey item it answers"), max_length=81, blank=True, help_text=_("e.g. K_SAFE_NIGHT or K_PROBLEMS:lighting")
    )
    need_place = models.CharField(_("unsafe place it answers"), max_length=300, blank=True)
    owner = models.CharField(_("responsible"), max_length=16, choices=Owner.choices, default=Owner.MUNICIPALITY)
    owner_name = models.CharField(_("name of the responsible body"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("What shows the measure worked."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_on", "pk"]
        permissions = [("coordinate_kompass", _("Can coordinate KOMPASS for the municipality"))]

    def __str__(self):
        return self.title
