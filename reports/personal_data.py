"""A person's issue reports and follows (DSGVO export and erasure), inside the municipality's schema."""

from __future__ import annotations

from django.db.models import Q

from .models import Follower, Report


def _reports(user):
    return Report.objects.filter(Q(reporter_user=user) | Q(reporter_email__iexact=user.email) if user.email
                                 else Q(reporter_user=user))  # fmt: skip


def export(user):
    reports = [{"reference": r.reference, "category": str(r.category), "description": r.description,
                "lat": r.lat, "lon": r.lon, "address": r.address, "status": r.status, "name": r.reporter_name,
                "email": r.reporter_email, "submitted": r.created_at.isoformat(), "answers": r.answers} for r in _reports(user)]  # fmt: skip
    follows = [{"report": f.report.reference, "email": f.email} for f in
               Follower.objects.filter(email__iexact=user.email).select_related("report")] if user.email else []  # fmt: skip
    return {"reports": reports, "follows": follows} if reports or follows else None


def erase(user):
    _reports(user).update(reporter_name="", reporter_email="", reporter_user=None, answers={})
    if user.email:
        Follower.objects.filter(email__iexact=user.email).delete()
