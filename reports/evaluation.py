"""Figures for clerks: reports by category, department, district and channel over time, and the
time to the first response and to the solution. No name or email address in any table or export;
the report export lists the answers to a category's extra questions (what the question set asks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .models import Report
from .questions import answers_line


@dataclass
class Period:
    since: date
    until: date

    @classmethod
    def from_query(cls, query) -> Period:
        today = timezone.localdate()
        since = parse_date(query.get("since", "") or "") or today - timedelta(days=365)
        until = parse_date(query.get("until", "") or "") or today
        return cls(min(since, until), max(since, until))

    def reports(self):
        return Report.objects.exclude(status=Report.Status.UNCONFIRMED).filter(
            created_at__date__gte=self.since, created_at__date__lte=self.until)  # fmt: skip


@dataclass
class Table:
    key: str
    title: str
    rows: list[tuple[str, int]]

    @property
    def maximum(self) -> int:
        return max((n for _, n in self.rows), default=0) or 1

    def bars(self):
        """(label, count, bar width, y, x of the value) in the SVG chart's pixels (bars start at 210)."""
        out = []
        for i, (label, n) in enumerate(self.rows):
            width = round(330 * n / self.maximum)
            out.append((label, n, width, 28 * i, 216 + width))
        return out

    @property
    def height(self) -> int:
        return 28 * len(self.rows) + 4


def _count(qs, field: str, labels=None) -> list[tuple[str, int]]:
    rows = qs.values(field).annotate(n=Count("pk")).order_by("-n")
    return [(str((labels or {}).get(r[field], r[field])) if r[field] else _("(none)"), r["n"]) for r in rows]


def tables(period: Period) -> list[Table]:
    qs = period.reports()
    return [
        Table("category", _("By category"), _count(qs, "category__name")),
        Table("department", _("By department"), _count(qs, "department__name")),
        Table("district", _("By city district"), _count(qs, "district")),
        Table("channel", _("By channel"), _count(qs, "channel", dict(Report.Channel.choices))),
        Table("status", _("By status"), _count(qs, "status", dict(Report.Status.choices))),
    ]


def by_month(period: Period) -> Table:
    rows = period.reports().annotate(month=TruncMonth("created_at")).values("month").annotate(n=Count("pk"))
    return Table("month", _("Reports per month"), [(f"{r['month']:%m/%Y}", r["n"]) for r in rows.order_by("month")])


def _hours(pairs) -> float | None:
    values = [(b - a).total_seconds() / 3600 for a, b in pairs if a and b and b >= a]
    return round(median(values), 1) if values else None


def response_times(period: Period) -> dict:
    qs = period.reports()
    first = list(qs.exclude(first_response_at=None).values_list("created_at", "first_response_at"))
    solved = list(qs.filter(status=Report.Status.SOLVED).exclude(closed_at=None).values_list("created_at", "closed_at"))
    return {"first_response_hours": _hours(first), "solution_hours": _hours(solved),
            "first_response_count": len(first), "solved_count": len(solved)}  # fmt: skip


def export_rows(period: Period):
    yield [_("Reference number"), _("Category"), _("Subcategory"), _("Department"), _("District"), _("Reporting channel"),
           _("Status"), _("Submitted"), _("First response"), _("Closed"), _("Answers to the extra questions")]  # fmt: skip
    order: dict = {}  # question order per question set, read once per export
    for r in period.reports().select_related("category", "subcategory", "department").order_by("created_at"):
        yield [r.reference, r.category.name, r.subcategory.name if r.subcategory else "",
               r.department.name if r.department else "", r.district, r.get_channel_display(), r.get_status_display(),
               r.created_at.strftime("%Y-%m-%d %H:%M"),
               r.first_response_at.strftime("%Y-%m-%d %H:%M") if r.first_response_at else "",
               r.closed_at.strftime("%Y-%m-%d %H:%M") if r.closed_at else "", answers_line(r, order)]  # fmt: skip
