"""Surveys of one municipality: questionnaires, access codes, responses and exports.

Every table lives in the municipality's schema (``surveys`` is a tenant app). Answers are
stored one row per chosen option / value so that results are counted by PostgreSQL
(``GROUP BY``) instead of by Python, and ``survey_id`` is repeated on each answer row so the
aggregation needs no join.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import private_storage


class Survey(models.Model):
    """A questionnaire of the municipality, built by clerks in the Wagtail admin.

    Draft surveys can be edited freely and previewed; published ones take answers between
    ``opens_at`` and ``closes_at``; closed ones take none. Once published, questions may only
    change in ways that keep the collected answers meaningful (see ``services``).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        LOGGED_IN = "logged_in", _("Logged-in citizens")
        ACCESS_CODE = "access_code", _("Holders of an access code")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    one_response_per_person = models.BooleanField(
        _("one answer per person"),
        default=True,
        help_text=_("Logged-in citizens and code holders can answer only once."),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("No link from a person or an access code to the answers is stored."),
    )
    show_on_home = models.BooleanField(
        _("show on the home page"),
        default=True,
        help_text=_("While it is open, the survey is listed on the home page and under “Take part”."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    thank_you = models.TextField(_("thank-you text"), blank=True)
    privacy_notice = models.TextField(_("privacy notice"), blank=True)
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"),
        default=5,
        help_text=_("Breakdowns hide groups with fewer responses than this."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("view_results", _("Can view survey results and export them")),
            ("enter_paper", _("Can enter paper questionnaires")),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.state == self.State.PUBLISHED
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class Section(models.Model):
    """One page of a survey; citizens see one section at a time."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title or _("Page %(number)s") % {"number": self.position + 1}


class Question(models.Model):
    """A question in a section. Choice-like types have options; the matrix has items (rows) too.

    ``show_if_question``/``show_if_option`` make the question appear only when an earlier
    choice question was answered with that option.
    """

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        RATING = "rating", _("Rating scale")
        MATRIX = "matrix", _("Matrix")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        RANKING = "ranking", _("Ranking")
        MAP_POINT = "map_point", _("Point on a map")

    CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.RATING}
    OPTION_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.RATING, Kind.MATRIX, Kind.RANKING}
    TEXT_KINDS = {Kind.SHORT_TEXT, Kind.LONG_TEXT}

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    code = models.CharField(
        _("code"), max_length=40, help_text=_("Short name used as column heading in exports, e.g. Q1.")
    )
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    allow_other = models.BooleanField(_("“Other, please specify”"), default=False)
    dont_know = models.BooleanField(_("“Don't know” option"), default=False)
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=4, null=True, blank=True)
    map_center_lat = models.FloatField(_("map centre latitude"), null=True, blank=True)
    map_center_lng = models.FloatField(_("map centre longitude"), null=True, blank=True)
    map_zoom = models.PositiveSmallIntegerField(_("map zoom"), default=13)
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name=_("show only if question"),
    )
    show_if_option = models.ForeignKey(
        "Option",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("was answered with"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="surveys_question_code_unique")]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"


class Option(models.Model):
    """An answer option (choice, scale point, ranking item) or, with ``is_row``, a matrix item."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("label"), max_length=300)
    value = models.CharField(_("value"), max_length=40, help_text=_("Code written to exports."))
    position = models.PositiveIntegerField(_("position"), default=0)
    is_row = models.BooleanField(_("matrix item"), default=False)
    is_other = models.BooleanField(_("other"), default=False)
    is_dont_know = models.BooleanField(_("don't know"), default=False)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["is_row", "position", "pk"]

    def __str__(self):
        return self.label


class AccessCode(models.Model):
    """A single-use code printed on a letter. Holds the unfinished answers for save-and-resume
    until the response is submitted; for anonymous surveys nothing then links it to the response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="access_codes")
    code = models.CharField(_("code"), max_length=20, unique=True)
    batch = models.PositiveIntegerField(_("batch"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    draft = models.JSONField(_("unfinished answers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        ordering = ["pk"]

    def __str__(self):
        return self.code


class Participation(models.Model):
    """That a citizen account answered a survey: enforces one answer per person without
    pointing to the answers (so it also works for anonymous surveys)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateField(_("date"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="surveys_participation_once")]

    def __str__(self):
        return f"{self.survey_id}/{self.user_id}"


class Response(models.Model):
    """One submitted questionnaire. ``token`` comes from the form, so a repeated submit finds
    the response already there instead of storing a second one."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    token = models.UUIDField(default=uuid.uuid4)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    # Only set when the survey is not anonymous.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    access_code = models.ForeignKey(AccessCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Anonymous surveys store only the day, so the order of rows and times do not identify anyone.
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [models.UniqueConstraint(fields=["survey", "token"], name="surveys_response_token_unique")]

    def __str__(self):
        return f"#{self.pk}"


class Answer(models.Model):
    """One value of one response: a chosen option (per matrix item), a text, a number, a date,
    a rank (in ``number``) or a map point. ``is_first`` marks one row per response and question,
    so the number of respondents per question is a plain filtered count."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    row = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True, related_name="row_answers")
    is_first = models.BooleanField(default=True)
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["survey", "question", "option", "row"],
                name="surveys_answer_tally",
                include=["is_first", "number"],
            ),
            models.Index(fields=["question", "response"], name="surveys_answer_by_question"),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"


def export_file_path(instance: SurveyExport, filename: str) -> str:
    # A fresh random folder per export: names cannot be guessed, and two exports never collide.
    return f"exports/{uuid.uuid4().hex}/{filename}"


class SurveyExport(models.Model):
    """One export of a survey's responses (CSV, XLSX) or its report (PDF), built by a task.

    A clerk requests it; the task fills ``file`` in the municipality's private folder (not the
    public media folder: it holds every answer) and sets ``status``. Downloads go through a
    staff-only view.
    """

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")
        PDF = "pdf", _("PDF report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    # Only the account's id: the name is looked up when shown, nothing else about the person is kept.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=export_file_path, storage=private_storage, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("responses"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("survey export")
        verbose_name_plural = _("survey exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.survey_id}/{self.format}/{self.status}"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def seconds(self) -> float | None:
        """How long the task took to build the file."""
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
