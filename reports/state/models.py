"""Public-schema tables of issue reports: municipal boundaries and Open311 API keys."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


class Boundary(models.Model):
    """One municipality's area (GeoJSON Polygon or MultiPolygon in WGS 84, lon/lat) with its bounding box.

    No PostGIS: the box prefilters in SQL-free Python (``reports.state.routing``), the polygon
    decides. Imported from BKG VG250 (``manage.py import_boundaries``) or drawn for the demo.
    """

    ags = models.CharField(_("municipality key (AGS)"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    district = models.CharField(_("district"), max_length=200, blank=True, default="")
    geometry = models.JSONField(_("geometry (GeoJSON)"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    source = models.CharField(_("source"), max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["ags"]
        verbose_name = _("municipal boundary")
        verbose_name_plural = _("municipal boundaries")

    def __str__(self):
        return f"{self.name} ({self.ags})"


class ApiKey(models.Model):
    """A key that lets an app POST reports through Open311 (stored as a SHA-256 hash only).

    ``municipality_slug`` empty: valid on the state-wide endpoint and every municipality's.
    """

    name = models.CharField(_("name"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True)
    municipality_slug = models.CharField(_("municipality (subdomain)"), max_length=63, blank=True, default="")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self):
        return self.name

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
