"""The state's shared core: municipalities, their domains and the official register."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class RegisterEntry(models.Model):
    """One row of the official municipality register of Hessen (Gemeindeverzeichnis).

    Imported by ``manage.py import_register``; unincorporated areas are kept so a search
    can explain why they cannot register.
    """

    class Kind(models.TextChoices):
        MUNICIPALITY = "gemeinde", _("Municipality")
        INDEPENDENT_CITY = "kreisfreie_stadt", _("Independent city")
        UNINCORPORATED = "gemeindefreies_gebiet", _("Unincorporated area")

    ags = models.CharField(_("municipality key (AGS)"), max_length=8, primary_key=True)
    name = models.CharField(_("official name"), max_length=200)
    district_ags = models.CharField(_("district key"), max_length=5)
    district = models.CharField(_("district"), max_length=200)
    administrative_region = models.CharField(_("administrative region"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("register entry")
        verbose_name_plural = _("municipality register")

    def __str__(self):
        return f"{self.name} ({self.ags})"

    @property
    def can_register(self) -> bool:
        return self.kind != self.Kind.UNINCORPORATED

    @property
    def short_name(self) -> str:
        """'Kassel, documenta-Stadt' -> 'Kassel'."""
        return self.name.split(",")[0].strip()


class Municipality(TenantMixin):
    """A municipality that takes part: one PostgreSQL schema with its own Wagtail site.

    The public schema has a row of its own (``schema_name="public"``): the state portal.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        ARCHIVED = "archived", _("archived")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("subdomain"), max_length=63, unique=True)
    ags = models.CharField(_("municipality key (AGS)"), max_length=8, blank=True, default="")
    district = models.CharField(_("district"), max_length=200, blank=True, default="")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    suspended_reason = models.TextField(_("reason for suspension"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Provisioning creates the schema itself, by cloning, inside its own transaction.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(fields=["ags"], condition=~models.Q(ags=""), name="unique_municipality_ags")
        ]

    def __str__(self):
        return self.name

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"

    @property
    def is_suspended(self) -> bool:
        return self.status != self.Status.ACTIVE


class Domain(DomainMixin):
    """A host name that reaches a municipality (or, for the public row, the state portal)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.domain


class MunicipalityRegistration(models.Model):
    """A municipality's application to join, from the self-registration on the state portal.

    Life cycle: ``unverified`` (email not yet confirmed) → ``pending`` (in the state's queue) →
    ``provisioning`` (approved, background task running) → ``live``; or ``rejected``. A failed
    provisioning goes to ``failed`` and can be retried. Only verified registrations count as
    active, so nobody can block a municipality with an unconfirmed email address.
    """

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("email not yet confirmed")
        PENDING = "pending", _("waiting for review")
        PROVISIONING = "provisioning", _("being set up")
        FAILED = "failed", _("set-up failed")
        LIVE = "live", _("live")
        REJECTED = "rejected", _("rejected")

    ACTIVE_STATUSES = [Status.PENDING, Status.PROVISIONING, Status.FAILED, Status.LIVE]

    entry = models.ForeignKey(
        RegisterEntry, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("municipality")
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_role = models.CharField(_("position"), max_length=200, blank=True, default="")
    contact_email = models.EmailField(_("official email address"))
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True, default="")
    slug = models.SlugField(_("subdomain"), max_length=63)
    terms_version = models.CharField(_("terms of use (version)"), max_length=20)
    dpa_version = models.CharField(_("data-processing agreement (version)"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNVERIFIED, db_index=True
    )
    # Random secrets: one for the email link, one for the applicant's private status page.
    verification_key = models.CharField(max_length=64, unique=True)
    status_token = models.CharField(max_length=64, unique=True)
    verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=254, blank=True, default="")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, default="")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_step = models.CharField(_("step"), max_length=200, blank=True, default="")
    error = models.TextField(_("error"), blank=True, default="")
    attempts = models.PositiveSmallIntegerField(_("set-up attempts"), default=0)
    provisioning_started_at = models.DateTimeField(null=True, blank=True)
    provisioning_finished_at = models.DateTimeField(null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(status__in=["pending", "provisioning", "failed", "live"]),
                name="one_active_registration_per_ags",
            )
        ]

    def __str__(self):
        return f"{self.entry.name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        """Waiting for a decision by state staff (or for a retry after a failure)."""
        return self.status in (self.Status.PENDING, self.Status.FAILED)


class MunicipalityStats(models.Model):
    """Counts of one municipality's content, precomputed from its schema for the console.

    Holds numbers only, never personal data; ``computed_at`` says how fresh they are.
    Refreshed by ``manage.py refresh_municipality_stats`` or the console's button (a task).
    """

    municipality = models.OneToOneField(Municipality, primary_key=True, on_delete=models.CASCADE, related_name="stats")
    pages = models.PositiveIntegerField(_("pages"), default=0)
    users = models.PositiveIntegerField(_("user accounts"), default=0)
    # The feature apps' figures by key (platform_core.registry.Figure), e.g. {"responses": 3}.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    last_activity = models.DateTimeField(_("last activity"), null=True, blank=True)
    computed_at = models.DateTimeField(_("as of"))

    class Meta:
        verbose_name = _("municipality figures")
        verbose_name_plural = _("municipality figures")

    def __str__(self):
        return f"{self.municipality_id} @ {self.computed_at:%Y-%m-%d %H:%M}"


class MunicipalityArchive(models.Model):
    """A full export of one municipality: ``pg_dump`` of its schema plus its media, in one file.

    Kept after the municipality is deleted (the link is then empty); ``manage.py
    restore_municipality`` restores it into a new municipality.
    """

    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="archives"
    )
    municipality_name = models.CharField(_("municipality"), max_length=200)
    ags = models.CharField(_("municipality key (AGS)"), max_length=8)
    schema_name = models.CharField(max_length=63)
    path = models.CharField(_("file"), max_length=500)
    size = models.BigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    created_by = models.CharField(_("by"), max_length=254, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("archive")
        verbose_name_plural = _("archives")

    def __str__(self):
        return f"{self.municipality_name} {self.created_at:%Y-%m-%d %H:%M}"


class PublicListingEntry(models.Model):
    """A row a municipality's app publishes for the state portal (e.g. an upcoming event date).

    Written only through ``platform_core.listings`` from inside the municipality's schema, so
    the portal lists what all municipalities offer with one query here, never one per schema.
    ``group`` bundles the rows of one object (all dates of one event page) so they are
    replaced together; ``key`` is unique within the municipality and kind.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="listing_entries")
    municipality_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32)
    group = models.CharField(max_length=64)
    key = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    path = models.CharField(max_length=500, help_text="Path on the municipality's own site.")
    category = models.CharField(max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["municipality", "kind", "key"], name="unique_listing_entry_key")]
        indexes = [models.Index(fields=["kind", "starts_at"], name="listing_kind_starts_idx")]

    def __str__(self):
        return f"{self.municipality_name}: {self.title}"
