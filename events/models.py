"""Events with registration: Wagtail pages per municipality, their dates, and who registered.

Seats are counted on the date itself (``EventDate.seats_taken``) and taken by one conditional
UPDATE in the registration's transaction (``services.registrations``): the database row lock of
that one date serialises concurrent registrations for it, and nothing else is locked.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock


class Category(models.TextChoices):
    WORKSHOP = "workshop", _("Citizen workshop")
    INFORMATION = "information", _("Information evening")
    WALK = "walk", _("District walk")
    SECURITY = "security", _("Security conference")
    OTHER = "other", _("Other event")


class EventIndexPage(Page):
    """The events section ("Veranstaltungen"): upcoming events below it, with filters and a calendar."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("events section")

    def get_context(self, request, *args, **kwargs):
        from .selectors import EventFilter, upcoming_dates

        context = super().get_context(request, *args, **kwargs)
        event_filter = EventFilter.from_query(request.GET)
        context["filter"] = event_filter
        context["dates"] = upcoming_dates(event_filter, index=self)
        context["categories"] = Category.choices
        return context


class EventPage(Page):
    """One event with one or more dates, below an events section; people register per date."""

    class RegistrationMode(models.TextChoices):
        OFF = "off", _("No registration")
        OPEN = "open", _("Open to everyone")
        INVITATION = "invitation", _("Invited people only")

    teaser = models.TextField(_("teaser"), max_length=500, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    address = models.TextField(_("address"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    online_link = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to people whose registration is confirmed.")
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    sign_language = models.BooleanField(_("sign language interpreting on request"), default=False)
    organiser_name = models.CharField(_("organiser"), max_length=200, blank=True)
    organiser_email = models.EmailField(_("organiser email"), blank=True)
    organiser_phone = models.CharField(_("organiser phone"), max_length=50, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text of the image"), max_length=250, blank=True,
        help_text=_("Describe the image for people who cannot see it (required for accessibility)."),
    )  # fmt: skip
    survey = models.ForeignKey(
        "surveys.Survey", verbose_name=_("linked survey"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    registration_questions = models.ForeignKey(
        "surveys.Survey", verbose_name=_("extra registration questions"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("A question set built under Surveys (any state): its questions are asked in the registration "
                    "form, and the answers are kept with each registration."),
    )  # fmt: skip
    registration_mode = models.CharField(
        _("registration mode"), max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.OPEN
    )
    invited_emails = models.TextField(
        _("invited email addresses"), blank=True, help_text=_("One address a line; only for invited people only.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    max_companions = models.PositiveSmallIntegerField(_("companions allowed per registration"), default=0)
    waitlist_enabled = models.BooleanField(_("waiting list"), default=True)
    approval_required = models.BooleanField(_("staff approve each registration"), default=False)

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("category"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        InlinePanel("dates", label=_("Dates"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
             FieldPanel("online_link")],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [FieldPanel("step_free"), FieldPanel("hearing_loop"), FieldPanel("sign_language")],
            heading=_("Accessibility of the venue"),
        ),
        MultiFieldPanel(
            [FieldPanel("organiser_name"), FieldPanel("organiser_email"), FieldPanel("organiser_phone")],
            heading=_("Organiser"),
        ),
        FieldPanel("survey"),
        InlinePanel("documents", label=_("Documents / minutes"),
                    help_text=_("Minutes, presentations or other documents, shown on the event page once published.")),
        MultiFieldPanel(
            [FieldPanel("registration_mode"), FieldPanel("invited_emails"),
             FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
             FieldPanel("max_companions"), FieldPanel("waitlist_enabled"), FieldPanel("approval_required"),
             FieldPanel("registration_questions")],
            heading=_("Registration for this event"),
        ),
    ]  # fmt: skip
    search_fields = Page.search_fields + [index.SearchField("teaser"), index.SearchField("body")]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
        if self.registration_opens_at and self.registration_closes_at:
            if self.registration_closes_at <= self.registration_opens_at:
                raise ValidationError({"registration_closes_at": _("Registration must close after it opens.")})

    def registration_window(self) -> str:
        """Why registration is not open now, for the event page ("" while it is open)."""
        now = timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            from django.utils.formats import date_format

            when = date_format(timezone.localtime(self.registration_opens_at), "j. F Y, H:i")
            return _("Registration opens on %(when)s.") % {"when": when}
        if self.registration_closes_at and now >= self.registration_closes_at:
            return str(_("Registration has closed."))
        return ""

    def invited(self) -> set[str]:
        return {line.strip().lower() for line in self.invited_emails.splitlines() if line.strip()}

    def accessibility(self) -> list[str]:
        labels = [(self.step_free, _("step-free access")), (self.hearing_loop, _("hearing loop")),
                  (self.sign_language, _("sign language interpreting on request"))]  # fmt: skip
        return [str(label) for flag, label in labels if flag]

    def get_context(self, request, *args, **kwargs):
        from .forms import RegistrationForm

        context = super().get_context(request, *args, **kwargs)
        context["dates"] = list(self.dates.order_by("start"))
        context["registration_window"] = self.registration_window()
        if "form" not in context:
            context["form"] = RegistrationForm(event=self, user=request.user)
        return context


class EventDate(Orderable):
    """One date of an event, with its own seats. ``seats_taken`` is written only by the services."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="dates")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("seats"), default=20)
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("capacity")])]

    # Fields that publishing a page revision must not write back: they change under registrations.
    LIVE_FIELDS = ("seats_taken", "status", "reminded_at", "purged_at")

    class Meta(Orderable.Meta):
        verbose_name = _("date")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=models.F("capacity")), name="events_date_not_overbooked"
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="events_date_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.page.title}, {timezone.localtime(self.start):%d.%m.%Y %H:%M}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})
        if self.pk:
            taken = EventDate.objects.filter(pk=self.pk).values_list("seats_taken", flat=True).first() or 0
            if self.capacity is not None and self.capacity < taken:
                raise ValidationError(
                    {
                        "capacity": _("%(taken)s seats are already taken; the capacity cannot be lower.")
                        % {"taken": taken}
                    }
                )

    def save(self, *args, **kwargs):
        if self._state.adding and self.pk is None:
            # A new date (also one copied with its page) starts empty: its seats belong to nobody yet.
            self.seats_taken, self.status, self.reminded_at, self.purged_at = 0, self.Status.SCHEDULED, None, None
        # Wagtail publishes a page by saving its children from the revision, whose counters are old.
        before = None
        if self.pk and not kwargs.get("update_fields") and not kwargs.get("force_insert"):
            before = EventDate.objects.filter(pk=self.pk).values("start", "end").first()
            if before is not None:
                fields = [
                    f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in self.LIVE_FIELDS
                ]
                kwargs["update_fields"] = fields
        super().save(*args, **kwargs)
        if before is not None and (before["start"] != self.start or before["end"] != self.end):
            from .services.staff import date_moved

            # Publishing sets the page's live revision first: its author is the editor who moved it.
            revision = getattr(self.page, "live_revision", None)
            date_moved(date=self, previous_start=before["start"], actor=getattr(revision, "user", None))

    @property
    def seats_free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class EventDocument(Orderable):
    """A document attached to an event, usually afterwards: minutes, slides, a results paper."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Leave empty to use the document's own title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """A person's registration for one date: with or without an account, with companions."""

    class Status(models.TextChoices):
        PENDING_EMAIL = "pending_email", _("awaiting email confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
        CANCELLED = "cancelled", _("cancelled")

    ACTIVE = (Status.PENDING_EMAIL, Status.CONFIRMED, Status.WAITLISTED, Status.AWAITING_APPROVAL)

    date = models.ForeignKey(EventDate, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING_EMAIL)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When the seat was decided (taken or queued): the waiting list's order of arrival.
    decided_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # Answers to the event's extra questions (a surveys question set), readable text by question code.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            # A double submit (or a second tab) registers once.
            models.UniqueConstraint(
                "date", Lower("email"), condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="events_registration_once_per_date",
            ),
        ]  # fmt: skip

    def __str__(self):
        # No name here: this text is kept in the append-only audit log after the data is purged.
        return _("registration %(number)s") % {"number": self.pk}

    @property
    def seats(self) -> int:
        return 1 + self.companions
