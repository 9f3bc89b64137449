"""Issue reports of one municipality (its schema): categories, reports, photos, followers, notes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import photo_storage


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Category(models.Model):
    """A kind of problem (a subcategory when ``parent`` is set), routed to a department (a Wagtail group).

    Nearby open reports of the same category younger than ``duplicate_days`` and within
    ``duplicate_radius_m`` are offered to the citizen before submitting.
    """

    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey("self", verbose_name=_("category"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="children")  # fmt: skip
    department = models.ForeignKey(Group, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="report_categories")  # fmt: skip
    duplicate_radius_m = models.PositiveIntegerField(_("duplicate radius (m)"), default=50)
    duplicate_days = models.PositiveIntegerField(_("duplicates: consider reports of the last days"), default=60)
    questions = models.ForeignKey(
        "surveys.Survey", verbose_name=_("extra questions"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A question set built under Surveys (any state): its questions are asked in the report form "
                    "when this category is chosen, and the answers are kept with the report."),
    )  # fmt: skip
    open311_code = models.SlugField(_("Open311 service code"), max_length=60, blank=True, default="")
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def root(self) -> Category:
        return self.parent if self.parent_id else self

    def service_code(self) -> str:
        return self.open311_code or str(self.pk)


class Report(models.Model):
    """One problem at one place, from a citizen (web, portal, Open311) or typed in by staff."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("email not yet confirmed")
        NEW = "new", _("new")
        IN_REVIEW = "in_review", _("in review")
        IN_PROGRESS = "in_progress", _("in progress")
        SOLVED = "solved", _("solved")
        NOT_RESPONSIBLE = "not_responsible", _("not our responsibility")
        FORWARDED = "forwarded", _("forwarded")
        REJECTED = "rejected", _("rejected")
        MERGED = "merged", _("merged into another report")

    class Channel(models.TextChoices):
        WEB = "web", _("website")
        PORTAL = "portal", _("state portal")
        OPEN311 = "open311", _("app (Open311)")
        PHONE = "phone", _("phone")
        COUNTER = "counter", _("counter")

    OPEN = (Status.NEW, Status.IN_REVIEW, Status.IN_PROGRESS)
    CLOSED = (Status.SOLVED, Status.NOT_RESPONSIBLE, Status.FORWARDED, Status.REJECTED, Status.MERGED)

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    subcategory = models.ForeignKey(Category, verbose_name=_("subcategory"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    description = models.TextField(_("description"))
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    address = models.CharField(_("address or place"), max_length=300, blank=True, default="")
    district = models.CharField(_("district (Ortsteil)"), max_length=120, blank=True, default="")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    public_reason = models.TextField(_("public answer"), blank=True, default="")
    channel = models.CharField(_("reporting channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    reporter_name = models.CharField(_("name"), max_length=200, blank=True, default="")
    reporter_email = models.EmailField(_("email"), blank=True, default="")
    reporter_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")  # fmt: skip
    token = models.CharField(max_length=64, unique=True, default=new_token)  # the private status link
    confirm_key = models.CharField(max_length=64, blank=True, default="")
    published = models.BooleanField(_("published"), default=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="assigned_reports")  # fmt: skip
    department = models.ForeignKey(Group, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    resubmit_on = models.DateField(_("resubmission date"), null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Answers to the category's extra questions (a surveys question set), readable text by question code.
    answers = models.JSONField(_("answers"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        permissions = [
            ("view_all_reports", _("Can see the reports of every department")),
            ("view_original_photo", _("Can see photos before blurring")),
        ]
        indexes = [
            models.Index(fields=["published", "status", "lat", "lon"], name="reports_map_idx"),
            models.Index(fields=["status", "created_at"], name="reports_inbox_idx"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.category}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def public_title(self) -> str:
        return str(self.subcategory or self.category)


class StatusChange(models.Model):
    """The report's public history: each status with the reason shown to the citizen."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=20, choices=Report.Status.choices)
    reason = models.TextField(blank=True, default="")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.status}"


class Photo(models.Model):
    """A citizen's photo: blurred by a background task before anyone but staff sees it.

    The original is deleted when the report closes; the blurred copy is public only once staff
    publish it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be blurred")
        BLURRED = "blurred", _("blurred, not reviewed")
        PUBLISHED = "published", _("published")
        WITHHELD = "withheld", _("withheld")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(storage=photo_storage, upload_to="originals/", blank=True)
    blurred = models.FileField(storage=photo_storage, upload_to="blurred/", blank=True)
    boxes = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return f"{self.report.reference} #{self.pk}"


class Follower(models.Model):
    """Someone who gets the status emails of a report (the reporter, or a citizen who supported it)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200, blank=True, default="")
    confirmed = models.BooleanField(default=False)
    confirm_key = models.CharField(max_length=64, default=new_token)
    token = models.CharField(max_length=64, unique=True, default=new_token)  # unsubscribe / status link
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "email"], name="reports_one_follow_per_email")]

    def __str__(self):
        return self.email


class Note(models.Model):
    """An internal note (Aktenvermerk): never shown to citizens."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.CharField(max_length=254)
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:60]


class TextTemplate(models.Model):
    """A reply text for the public answer, with placeholders {reference}, {category}, {address},
    {municipality}, {status}."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("text template")
        verbose_name_plural = _("text templates")

    def __str__(self):
        return self.title
