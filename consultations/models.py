"""Consultations of one municipality: informal dialogues (comments, ideas, a draft text to
comment paragraph by paragraph) and formal statement procedures (e.g. § 3 BauGB).

Both are Wagtail pages below a "Beteiligung" section. A dialogue's phase is stored on the page
and switched on time by ``manage.py consultation_phases`` (``services.phases``); comments,
supports, reports, follows and statements are plain models written only through the services.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from surveys.storage import private_storage

COMMENTS_PER_PAGE = 20


class ConsultationIndexPage(Page):
    """The participation section ("Beteiligung"): dialogues and statement procedures below it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["consultations.ConsultationPage", "consultations.ProcedurePage"]

    class Meta:
        verbose_name = _("participation section")

    def get_context(self, request, *args, **kwargs):
        from .selectors import consultations_listed

        context = super().get_context(request, *args, **kwargs)
        context["items"] = consultations_listed(index=self)
        return context


class Phase(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    OPEN = "open", _("Open for comments")
    EVALUATION = "evaluation", _("Evaluation")
    RESULT = "result", _("Result")


class ConsultationPage(Page):
    """An informal dialogue: a question with background, documents, phases with dates, comments
    and replies, ideas on the map and an optional draft text commented paragraph by paragraph."""

    teaser = models.TextField(_("teaser"), max_length=500, blank=True)
    question = models.CharField(_("question"), max_length=300)
    background = RichTextField(_("background"), blank=True)
    draft_text = models.TextField(
        _("draft text"), blank=True,
        help_text=_("Optional. Paragraphs are separated by an empty line; citizens can comment on each paragraph."),
    )  # fmt: skip
    opens_at = models.DateTimeField(_("open for comments from"))
    evaluation_at = models.DateTimeField(_("evaluation from"))
    result_at = models.DateTimeField(_("result expected from"))
    result = RichTextField(_("result"), blank=True, help_text=_("Shown once the result phase has begun."))
    premoderation = models.BooleanField(
        _("pre-moderation"), default=False, help_text=_("Comments appear only after a moderator approved them.")
    )
    ideas_on_map = models.BooleanField(_("ideas with a place on the map"), default=False)
    map_center_lat = models.DecimalField(
        _("map centre latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    map_center_lng = models.DecimalField(
        _("map centre longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    # Written only by services.phases.phases_switch (and on publish), never by the page editor.
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.ANNOUNCED, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("question"),
        FieldPanel("background"),
        InlinePanel("consultation_documents", label=_("Documents")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("evaluation_at"), FieldPanel("result_at")])],
            heading=_("Phases"),
        ),
        FieldPanel("draft_text"),
        MultiFieldPanel(
            [FieldPanel("premoderation"), FieldPanel("ideas_on_map"),
             FieldRowPanel([FieldPanel("map_center_lat"), FieldPanel("map_center_lng")])],
            heading=_("Dialogue"),
        ),
        FieldPanel("result"),
        FieldPanel("contact"),
    ]  # fmt: skip
    search_fields = Page.search_fields + [index.SearchField("teaser"), index.SearchField("question")]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("dialogue")

    def clean(self):
        super().clean()
        if self.opens_at and self.evaluation_at and self.evaluation_at <= self.opens_at:
            raise ValidationError({"evaluation_at": _("The evaluation must begin after the comment phase opens.")})
        if self.evaluation_at and self.result_at and self.result_at < self.evaluation_at:
            raise ValidationError({"result_at": _("The result cannot come before the evaluation.")})

    def save(self, *args, **kwargs):
        # Publishing a revision saves the page with the phase of the day it was written; the
        # phase belongs to phases_switch() alone, so the stored one is kept.
        if self.pk and "phase" not in (kwargs.get("update_fields") or ()):
            stored = ConsultationPage.objects.filter(pk=self.pk).values_list("phase", flat=True).first()
            if stored:
                self.phase = stored
        super().save(*args, **kwargs)

    def phase_due(self, now=None) -> str:
        """The phase the dates say it is now."""
        now = now or timezone.now()
        if now < self.opens_at:
            return Phase.ANNOUNCED
        if now < self.evaluation_at:
            return Phase.OPEN
        if now < self.result_at:
            return Phase.EVALUATION
        return Phase.RESULT

    def phases(self) -> list[dict]:
        """The four phases with their start, for the timeline on the page."""
        starts = [(Phase.ANNOUNCED, self.first_published_at or self.latest_revision_created_at), (Phase.OPEN, self.opens_at),
                  (Phase.EVALUATION, self.evaluation_at), (Phase.RESULT, self.result_at)]  # fmt: skip
        order = [p for p, _start in starts]
        current = order.index(self.phase)
        return [
            {"key": p, "label": Phase(p).label, "start": start, "current": i == current, "done": i < current}
            for i, (p, start) in enumerate(starts)
        ]

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.draft_text.replace("\r\n", "\n").split("\n\n") if part.strip()]

    def get_context(self, request, *args, **kwargs):
        from .forms import CommentForm
        from .selectors import comment_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(comment_page_context(page=self, request=request))
        context["tile_url"] = settings.SURVEYS_MAP_TILE_URL
        context["tile_attribution"] = settings.SURVEYS_MAP_TILE_ATTRIBUTION
        context.setdefault("form", CommentForm(page=self, initial={"paragraph": context["only_paragraph"]}))
        return context


class ConsultationDocument(Orderable):
    """A document of a dialogue or a procedure (plans, reports, the draft as PDF)."""

    page = ParentalKey(Page, on_delete=models.CASCADE, related_name="consultation_documents")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="+")  # fmt: skip
    title = models.CharField(_("title"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class Comment(models.Model):
    """A citizen's comment on a dialogue, a reply to one (``parent``), an idea with a place, or a
    comment on one paragraph of the draft text (``paragraph``, counted from 1)."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        PENDING = "pending", _("awaiting review")
        HIDDEN = "hidden", _("hidden")

    page = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("name"), max_length=150)
    body = models.TextField(_("comment"), max_length=4000)
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    is_idea = models.BooleanField(default=False)
    place = models.CharField(_("place"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    held_reason = models.CharField(max_length=200, blank=True)  # why it waits for review (pre-moderation, word)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    support_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "status", "parent", "created_at"], name="consult_comment_list")]
        permissions = [("moderate_comment", _("Can moderate comments of dialogues"))]

    def __str__(self):
        # No text here: the label is kept in the append-only audit log after an erasure.
        return _("comment %(number)s") % {"number": self.pk}


class Support(models.Model):
    """One person supports one comment once (the unique constraint decides a double click)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="consult_support_once")]

    def __str__(self):
        return f"support {self.pk}"


class Report(models.Model):
    """A citizen reports a comment as abusive (once per person)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="consult_report_once")]

    def __str__(self):
        return f"report {self.pk}"


class HeldWord(models.Model):
    """A word (or part of a word) that holds a comment for review in this municipality."""

    word = models.CharField(_("word"), max_length=100, unique=True)

    def __str__(self):
        return self.word


class BlockedUser(models.Model):
    """A person who may no longer comment in this municipality (accounts are per municipality)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return _("blocked account %(number)s") % {"number": self.user_id}


class Follow(models.Model):
    """A person follows a dialogue or procedure: emails on a new phase and on the result."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "user"], name="consult_follow_once")]

    def __str__(self):
        return f"follow {self.pk}"


# --- Formal statement procedure ------------------------------------------------------------------


class ProcedurePage(Page):
    """A formal procedure (e.g. a building plan under § 3 BauGB): documents with a participation
    period, statements that are not public, and the published result of the weighing."""

    teaser = models.TextField(_("teaser"), max_length=500, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True, default="§ 3 Abs. 2 BauGB")
    description = RichTextField(_("description"), blank=True)
    period_start = models.DateTimeField(_("participation period from"))
    period_end = models.DateTimeField(_("participation period until"))
    reference_prefix = models.CharField(_("reference prefix"), max_length=12, default="BP",
                                        help_text=_("Start of the reference numbers, e.g. BP-12."))  # fmt: skip
    result_summary = RichTextField(_("summary of the result"), blank=True)
    # Set by the "publish result" action of the weighing screen.
    result_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("legal_basis"),
        FieldPanel("description"),
        InlinePanel("consultation_documents", label=_("Documents")),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Participation period")),
        FieldPanel("reference_prefix"),
        FieldPanel("result_summary"),
    ]
    search_fields = Page.search_fields + [index.SearchField("teaser")]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("statement procedure")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": _("The period must end after it begins.")})

    def save(self, *args, **kwargs):
        # As with a dialogue's phase: a revision must not undo the published result.
        if self.pk:
            stored = ProcedurePage.objects.filter(pk=self.pk).values_list("result_published_at", flat=True).first()
            self.result_published_at = stored or self.result_published_at
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.period_start <= timezone.now() < self.period_end

    def get_context(self, request, *args, **kwargs):
        from .forms import StatementForm
        from .selectors import published_weighing

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", StatementForm())
        user = request.user
        context["following"] = user.is_authenticated and Follow.objects.filter(page_id=self.pk, user=user).exists()
        if self.result_published_at:
            context["weighing"] = published_weighing(page=self)
        return context


class StatementGroup(models.Model):
    """Similar statements grouped by staff, answered alike (e.g. "Traffic in Ringstraße")."""

    page = models.ForeignKey(ProcedurePage, on_delete=models.CASCADE, related_name="statement_groups")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["page", "title"], name="consult_group_title_once")]

    def __str__(self):
        return self.title


class Statement(models.Model):
    """A statement in a formal procedure. Not public; staff weigh it (answer and decision)."""

    class Weighing(models.TextChoices):
        OPEN = "", _("not yet weighed")
        TAKEN = "taken", _("taken into account")
        PARTLY = "partly", _("partly taken into account")
        NOT = "not", _("not taken into account")

    page = models.ForeignKey(ProcedurePage, on_delete=models.PROTECT, related_name="statements")
    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("town"), max_length=100)
    email = models.EmailField(_("email"))
    body = models.TextField(_("statement"), max_length=20000)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)
    department = models.ForeignKey("auth.Group", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separated by commas."))
    group = models.ForeignKey(StatementGroup, verbose_name=_("group of similar statements"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="statements")  # fmt: skip
    weighing = models.CharField(_("decision"), max_length=10, choices=Weighing.choices, blank=True, default="")
    answer = models.TextField(_("answer and reasons"), blank=True)
    answered_by = models.CharField(max_length=254, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("handle_statement", _("Can weigh statements of procedures"))]
        constraints = [
            models.CheckConstraint(condition=Q(weighing="") | ~Q(answer=""), name="consult_weighing_has_reason"),
        ]

    def __str__(self):
        return self.reference

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


def attachment_path(instance, filename: str) -> str:
    return f"statements/{uuid.uuid4().hex}/{filename}"


class StatementAttachment(models.Model):
    """A file sent with a statement (PDF, image, office document), kept in private storage."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.original_name


def export_path(instance, filename: str) -> str:
    return f"statement-exports/{uuid.uuid4().hex}/{filename}"


class StatementExport(models.Model):
    """All statements of a procedure with their answers, as XLSX or a PDF report; built by a task."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    page = models.ForeignKey(ProcedurePage, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=10, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=export_path, storage=private_storage, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("statement export %(number)s") % {"number": self.pk}
