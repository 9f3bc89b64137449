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
            models.UniqueConstraint(
                fields=["ags"], condition=~models.Q(ags=""), name="unique_municipality_ags"
            )
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


class AuditEvent(models.Model):
    """Append-only record of a staff action or lifecycle change on the platform.

    Rows are never changed or deleted (``save`` refuses updates, ``delete`` refuses).
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    actor = models.CharField(_("by"), max_length=254, blank=True, default="")
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    municipality_name = models.CharField(_("municipality"), max_length=200, blank=True, default="")
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.municipality_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
