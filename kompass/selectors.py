"""Reads of KOMPASS: the report of a round, the benchmark, the state dashboard, what is open now."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kompass.formatting import pct as _pct

from .state.models import AggregateRound, ItemAggregate, Participation, PoliceHeadquarters, QuestionnaireTemplate

Status = Participation.Status
GROUP_LABELS = {"district": _lazy("Neighbourhood"), "sex": _lazy("Sex"), "age": _lazy("Age group")}


def participations_visible_to(user):
    """Every participation for the programme office; a police account's districts only."""
    import rules

    from .state.models import PoliceStaff

    qs = Participation.objects.select_related("headquarters")
    if rules.has_perm("kompass.manage_programme", user):
        return qs
    staff = PoliceStaff.objects.filter(user=user).first()
    return qs.filter(headquarters_id=staff.headquarters_id) if staff else qs.none()


# --- Template labels --------------------------------------------------------------------------


def item_labels(version: int | None = None) -> dict[str, dict]:
    """Per item (``CODE`` or ``CODE:row``): its text and ordered options (value, label) from the template."""
    template = (
        QuestionnaireTemplate.objects.filter(variant="full", version=version).first() if version else None
    ) or QuestionnaireTemplate.objects.filter(variant="full").order_by("-version").first()
    labels: dict[str, dict] = {}
    if template is None:
        return labels
    for code, q in template.questions().items():
        opts = [(v, label) for v, label in q.get("options") or []]
        if q.get("dont_know"):
            opts.append(("dk", _("Don't know")))
        if q.get("allow_other"):
            opts.append(("other", _("Other, please specify")))
        if q["kind"] == "matrix":
            for value, row_label in q.get("rows") or []:
                labels[f"{code}:{value}"] = {"text": f"{q['text']} {row_label}", "options": opts, "kind": q["kind"]}
        elif q["kind"] in ("single", "multiple", "rating"):
            labels[code] = {"text": q["text"], "options": opts, "kind": q["kind"]}
    return labels


def benchmark_items() -> list[tuple[str, str]]:
    """Items with a favourable share (scales and matrix rows), in questionnaire order."""
    return [(item, info["text"]) for item, info in item_labels().items() if info["kind"] in ("rating", "matrix")]


# --- Report of one municipality ------------------------------------------------------------------


@dataclass
class ItemReport:
    item: str
    text: str
    n: int
    bars: list[tuple[str, float, str]]
    rows: list[tuple[str, int, float]]
    key_share: float | None
    hessen_share: float | None
    earlier: list[tuple[int, float | None]] = field(default_factory=list)
    breakdowns: dict[str, list[tuple[str, int, float | None]]] = field(default_factory=dict)


def hessen_shares(items: list[str] | None = None) -> dict[str, float]:
    """The Hessen-wide favourable share per item: every municipality's latest round pooled."""
    last = dict(AggregateRound.objects.values_list("municipality_id").annotate(last=Max("round")))
    latest_ids = [
        pk for pk, municipality_id, rnd in AggregateRound.objects.values_list("pk", "municipality_id", "round")
        if last.get(municipality_id) == rnd
    ]  # fmt: skip
    qs = ItemAggregate.objects.filter(round_id__in=latest_ids, group_kind="all", key_share__isnull=False)
    if items is not None:
        qs = qs.filter(item__in=items)
    favourable, opinion = defaultdict(float), defaultdict(float)
    for item, n, counts, share in qs.values_list("item", "n", "counts", "key_share"):
        base = n - counts.get("dk", 0)
        favourable[item] += share * base / 100.0
        opinion[item] += base
    return {item: round(100.0 * favourable[item] / opinion[item], 1) for item in opinion if opinion[item]}


def round_report(round_row: AggregateRound) -> list[ItemReport]:
    """Every counted item of the round with its distribution, breakdowns, earlier rounds and Hessen."""
    labels = item_labels(round_row.template_version)
    aggregates = list(round_row.items.all())
    earlier = {
        (a.round.round, a.item): a.key_share
        for a in ItemAggregate.objects.filter(
            round__municipality_id=round_row.municipality_id, round__round__lt=round_row.round, group_kind="all"
        ).select_related("round")
    }
    earlier_rounds = sorted({r for r, _item in earlier})
    hessen = hessen_shares()
    group_names = {
        "district": {},
        "sex": dict(labels.get("K_SEX", {}).get("options", [])),
        "age": dict(labels.get("K_AGE", {}).get("options", [])),
    }
    by_item: dict[str, dict[str, list[ItemAggregate]]] = defaultdict(lambda: defaultdict(list))
    for agg in aggregates:
        by_item[agg.item][agg.group_kind].append(agg)
    reports = []
    for item, info in labels.items():
        groups = by_item.get(item)
        if not groups or not groups.get("all"):
            continue
        total = groups["all"][0]
        rows = [
            (label, total.counts.get(value, 0), 100.0 * total.counts.get(value, 0) / total.n)
            for value, label in info["options"]
            if value in total.counts or value not in ("dk", "other")
        ]
        breakdowns = {}
        for kind in ("district", "sex", "age"):
            entries = []
            for agg in sorted(groups.get(kind, []), key=lambda a: a.group_value):
                name = group_names[kind].get(agg.group_value, agg.group_value)
                entries.append((name, agg.n, agg.key_share))
            if entries:
                breakdowns[str(GROUP_LABELS[kind])] = entries
        reports.append(
            ItemReport(
                item=item,
                text=info["text"],
                n=total.n,
                bars=[(label, pct, _pct(pct)) for label, _count, pct in rows],
                rows=rows,
                key_share=total.key_share,
                hessen_share=hessen.get(item),
                earlier=[(r, earlier.get((r, item))) for r in earlier_rounds],
                breakdowns=breakdowns,
            )
        )
    return reports


def day_night(reports: list[ItemReport]) -> list[tuple[str, float | None, float | None]]:
    """Feeling safe by day and alone after dark, side by side (this municipality, Hessen)."""
    found = {r.item: r for r in reports}
    out = []
    for item, label in (("K_SAFE_DAY", _("By day")), ("K_SAFE_NIGHT", _("Alone after dark"))):
        if item in found:
            out.append((label, found[item].key_share, found[item].hessen_share))
    return out


def unsafe_places(survey) -> dict:
    """Map of the unsafe places (raw points stay in the municipality: drawn here, never copied)."""
    from surveys.models import Answer

    points = list(
        Answer.objects.filter(survey=survey, question__code="K_PLACES", lat__isnull=False).values_list("lat", "lng")
    )
    cells = defaultdict(int)
    for lat, lng in points:
        cells[(round(lat, 3), round(lng, 3))] += 1
    grid = sorted(({"lat": k[0], "lng": k[1], "count": v} for k, v in cells.items()), key=lambda c: -c["count"])
    return {"points": points, "cells": grid, "count": len(points)}


# --- Benchmark and dashboard (state console) ---------------------------------------------------------


@dataclass
class BenchmarkRow:
    participation_id: int | None
    municipality: str
    district: str
    headquarters: str
    shares: dict[int, float | None]  # round -> favourable share
    latest: float | None
    n: int | None


def benchmark(*, item: str, participations) -> dict:
    """Per municipality (of ``participations``): the item's favourable share in each round, and Hessen."""
    muni = {p.municipality_id: p for p in participations}
    rows_by_muni: dict[int, BenchmarkRow] = {}
    aggs = (
        ItemAggregate.objects.filter(item=item, group_kind="all", round__municipality_id__in=list(muni))
        .values_list("round__municipality_id", "round__round", "key_share", "n")
        .order_by("round__municipality_id", "round__round")
    )
    rounds = set()
    for municipality_id, rnd, share, n in aggs:
        p = muni[municipality_id]
        row = rows_by_muni.get(municipality_id)
        if row is None:
            row = rows_by_muni[municipality_id] = BenchmarkRow(
                p.pk, p.municipality_name, p.district, p.headquarters.name if p.headquarters else "", {}, None, None
            )
        row.shares[rnd] = share
        row.latest, row.n = share, n
        rounds.add(rnd)
    rows = sorted(rows_by_muni.values(), key=lambda r: r.municipality)
    rounds = sorted(rounds)
    for row in rows:
        row.cells = [row.shares.get(r) for r in rounds]
    return {"rows": rows, "rounds": rounds, "hessen": hessen_shares([item]).get(item)}


PARTICIPATING = [Status.KICKOFF, Status.SURVEY, Status.ANALYSIS, Status.CONFERENCES, Status.MEASURES, Status.SEAL]
DASHBOARD_GROUPS = [
    ("participating", PARTICIPATING),
    ("admitted", [Status.ADMITTED]),
    ("interested", [Status.INTERESTED, Status.APPLIED]),
]


def dashboard(participations) -> dict:
    """Counts by status, and by headquarters and district in three groups (participating,
    admitted and waiting, interested or applied)."""
    by_status = {s.value: 0 for s in Status}
    group_of = {status: name for name, statuses in DASHBOARD_GROUPS for status in statuses}
    by_hq: dict[str, dict] = {}
    by_district: dict[tuple, dict] = {}
    for p in participations:
        by_status[p.status] += 1
        group = group_of[p.status]
        hq = p.headquarters.name if p.headquarters else _("unknown")
        by_hq.setdefault(hq, {"participating": 0, "admitted": 0, "interested": 0})[group] += 1
        by_district.setdefault((hq, p.district), {"participating": 0, "admitted": 0, "interested": 0})[group] += 1
    for hq in PoliceHeadquarters.objects.values_list("name", flat=True):
        by_hq.setdefault(hq, {"participating": 0, "admitted": 0, "interested": 0})
    totals = {name: sum(by_status[s] for s in statuses) for name, statuses in DASHBOARD_GROUPS}
    return {
        "by_status": [(s.label, by_status[s.value]) for s in Status],
        "by_hq": sorted(by_hq.items()),
        "by_district": sorted(by_district.items()),
        "totals": totals,
    }


# --- Municipality site ---------------------------------------------------------------------------


def open_now():
    """An open KOMPASS survey, for the home page and "Beteiligung"."""
    from platform_core.registry import OpenItem
    from surveys.models import Survey

    from .models import KompassSurvey

    items = []
    for kompass in KompassSurvey.objects.select_related("survey").filter(survey__state=Survey.State.PUBLISHED):
        survey = kompass.survey
        if survey.is_open():
            items.append(
                OpenItem(
                    kind=_("KOMPASS safety survey"),
                    title=survey.title,
                    url=f"/umfragen/{survey.slug}/",
                    summary=_("How safe do you feel in your municipality?"),
                    starts_at=survey.opens_at,
                    ends_at=survey.closes_at,
                    duration_minutes=10,
                )
            )
    return items
