"""The one audit trail: the same table in the public schema (the state's log) and in each
municipality's schema (its own log). Written only through ``platform_core.audit.log``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change made by state staff, a municipal user or the system. Append-only: a trigger
    in PostgreSQL refuses UPDATE and DELETE (migration 0001), ``save`` and ``delete`` refuse too.

    The actor and the target are stored as plain values, never as foreign keys: the log outlives
    accounts, the objects acted on and whole municipalities (a deleted municipality's rows keep its name and key).
    """

    class ActorKind(models.TextChoices):
        STATE_STAFF = "state_staff", _("state staff")
        MUNICIPAL_USER = "municipal_user", _("municipal user")
        APPLICANT = "applicant", _("applicant")
        SYSTEM = "system", _("system")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    actor_kind = models.CharField(_("kind of actor"), max_length=20, choices=ActorKind.choices)
    actor_id = models.CharField(_("actor id"), max_length=64, blank=True, default="")
    actor_label = models.CharField(_("by"), max_length=254, blank=True, default="")
    target_type = models.CharField(_("object type"), max_length=100, blank=True, default="")
    target_id = models.CharField(_("object id"), max_length=64, blank=True, default="")
    target_label = models.CharField(_("object"), max_length=255, blank=True, default="")
    municipality_name = models.CharField(_("municipality"), max_length=200, blank=True, default="")
    municipality_ags = models.CharField(_("municipality key (AGS)"), max_length=8, blank=True, default="")
    municipality_slug = models.CharField(_("subdomain"), max_length=63, blank=True, default="", db_index=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")

    @property
    def details(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in sorted(self.data.items()))
