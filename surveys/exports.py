"""Exports: responses as CSV and XLSX (one row per response, codebook sheet), a PDF report with
charts, and access codes for mail merge (CSV) and as printable letters (PDF).

Responses are read in batches of ids, so memory stays flat however many there are; the XLSX
is written by openpyxl's write-only mode into a temporary file. The task in ``services.exports`` builds them
outside the request and keeps them in the municipality's private folder.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from platform_core.spreadsheets import safe_row, safe_xlsx_row
from themes.charts import BAR_COLOUR, bar_rows

from .models import AccessCode, Question, Response, Survey
from .selectors import all_questions, survey_results, survey_structure

Kind = Question.Kind
BATCH = 2000


class Columns:
    """Maps each answer row to its column: one column per simple question, per multiple-choice
    option, per matrix item, per ranked item, and extra ones for "other" texts and map points."""

    def __init__(self, survey: Survey):
        self.questions = all_questions(survey_structure(survey))
        self.headers = ["response", "date", "channel"]
        self.codebook: list[tuple[str, str, str, str]] = [
            ("response", _("Number of the response"), "", ""),
            ("date", _("Day of submission"), "", ""),
            ("channel", _("Online or paper"), "", ""),
        ]
        self.simple: dict[int, int] = {}  # question -> column (value or label)
        self.other: dict[int, int] = {}  # question -> column of the "other" text
        self.by_option: dict[int, int] = {}  # option -> column (multiple: 1/0, ranking: rank)
        self.by_row: dict[int, int] = {}  # matrix item -> column
        self.map: dict[int, tuple[int, int, int]] = {}
        self.labels: dict[int, str] = {}
        self.multiple_columns: dict[int, list[int]] = {}
        for q in self.questions:
            opts = [o for o in q.options.all() if not o.is_row]
            for o in q.options.all():
                self.labels[o.pk] = o.label
            choices = "; ".join(f"{o.label}" for o in opts)
            kind = q.get_kind_display()
            if q.kind in (Kind.SINGLE, Kind.RATING, Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.NUMBER, Kind.DATE):
                self.simple[q.pk] = self._add(q.code, q.text, kind, choices)
                if any(o.is_other for o in opts):
                    self.other[q.pk] = self._add(f"{q.code}_other", q.text + " – " + _("other"), kind, "")
            elif q.kind == Kind.MULTIPLE:
                cols = []
                for o in opts:
                    cols.append(self._add(f"{q.code}_{o.value}", f"{q.text} – {o.label}", kind, "1 = " + _("chosen")))
                    self.by_option[o.pk] = cols[-1]
                self.multiple_columns[q.pk] = cols
                if any(o.is_other for o in opts):
                    self.other[q.pk] = self._add(f"{q.code}_other", q.text + " – " + _("other"), kind, "")
            elif q.kind == Kind.MATRIX:
                for r in q.options.all():
                    if r.is_row:
                        self.by_row[r.pk] = self._add(f"{q.code}_{r.value}", f"{q.text} – {r.label}", kind, choices)
            elif q.kind == Kind.RANKING:
                for o in opts:
                    self.by_option[o.pk] = self._add(
                        f"{q.code}_{o.value}", f"{q.text} – {o.label}", kind, _("place (1 = first)")
                    )
            elif q.kind == Kind.MAP_POINT:
                self.map[q.pk] = (
                    self._add(f"{q.code}_lat", q.text + " – " + _("latitude"), kind, ""),
                    self._add(f"{q.code}_lng", q.text + " – " + _("longitude"), kind, ""),
                    self._add(f"{q.code}_text", q.text + " – " + _("description"), kind, ""),
                )

    def _add(self, header: str, text: str, kind: str, values: str) -> int:
        self.headers.append(header)
        self.codebook.append((header, text, str(kind), values))
        return len(self.headers) - 1

    def rows(self, survey: Survey) -> Iterator[list]:
        """One list per response, in order of submission; batches of ids keep memory flat."""
        last = 0
        width = len(self.headers)
        channel_labels = dict(Response.Channel.choices)
        while True:
            responses = list(
                Response.objects.filter(survey=survey, pk__gt=last)
                .order_by("pk")
                .values_list("pk", "submitted_on", "channel")[:BATCH]
            )
            if not responses:
                return
            last = responses[-1][0]
            rows = {}
            for pk, day, channel in responses:
                row = [None] * width
                row[0], row[1], row[2] = pk, day.isoformat(), str(channel_labels.get(channel, channel))
                rows[pk] = row
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT response_id, question_id, option_id, row_id, text, number, date, lat, lng"
                    " FROM surveys_answer WHERE response_id = ANY(%s)",
                    [list(rows)],
                )
                for rid, qid, oid, row_id, text, number, date, lat, lng in cursor.fetchall():
                    row = rows[rid]
                    if row_id is not None:
                        row[self.by_row[row_id]] = self.labels.get(oid)
                    elif qid in self.map:
                        a, b, c = self.map[qid]
                        row[a], row[b], row[c] = lat, lng, text or None
                    elif oid is not None and oid in self.by_option:
                        if qid in self.multiple_columns:
                            for col in self.multiple_columns[qid]:
                                if row[col] is None:
                                    row[col] = 0
                            row[self.by_option[oid]] = 1
                        else:
                            row[self.by_option[oid]] = int(number) if number is not None else None
                        if text and qid in self.other:
                            row[self.other[qid]] = text
                    elif qid in self.simple:
                        col = self.simple[qid]
                        if oid is not None:
                            row[col] = self.labels.get(oid)
                            if text and qid in self.other:
                                row[self.other[qid]] = text
                        elif number is not None:
                            row[col] = _number(number)
                        elif date is not None:
                            row[col] = date.isoformat()
                        else:
                            row[col] = text
            yield from rows.values()


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


class _Echo:
    def write(self, value):
        return value


def responses_csv(survey: Survey) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM, semicolons: what German Excel opens directly)."""
    columns = Columns(survey)
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(safe_row(columns.headers))
    for row in columns.rows(survey):
        yield writer.writerow(safe_row("" if v is None else v for v in row))


def write_responses_csv(survey: Survey, out) -> int:
    """Write the CSV into the binary file ``out`` line by line; returns the number of responses."""
    lines = responses_csv(survey)
    out.write(next(lines).encode("utf-8"))  # the header
    count = 0
    for line in lines:
        out.write(line.encode("utf-8"))
        count += 1
    return count


def write_responses_xlsx(survey: Survey, out) -> int:
    """Write the workbook (sheet of responses, codebook sheet) into the binary file ``out``;
    returns the number of responses."""
    from openpyxl import Workbook

    columns = Columns(survey)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses"))
    sheet.append(safe_xlsx_row(sheet, columns.headers))
    count = 0
    for row in columns.rows(survey):
        sheet.append(safe_xlsx_row(sheet, row))
        count += 1
    book = workbook.create_sheet(_("Codebook"))
    book.append([_("Column"), _("Question"), _("Type"), _("Values")])
    for entry in columns.codebook:
        book.append(safe_xlsx_row(book, entry))
    workbook.save(out)
    return count


def responses_xlsx(survey: Survey):
    """A temporary file holding the workbook (see ``write_responses_xlsx``)."""
    out = tempfile.TemporaryFile(suffix=".xlsx")
    write_responses_xlsx(survey, out)
    out.seek(0)
    return out


# --- PDF -------------------------------------------------------------------------------------


def _styles():
    from reportlab.lib.styles import getSampleStyleSheet

    return getSampleStyleSheet()


def _bar_drawing(bars: list[tuple[str, float, str]]):
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    row, label_w, bar_w = 16, 170, 230
    drawing = Drawing(label_w + bar_w + 60, row * len(bars) + 4)
    for i, bar in enumerate(bar_rows(bars, bar_width=bar_w, label_chars=34)):  # the SVG charts' geometry
        y = drawing.height - (i + 1) * row
        drawing.add(String(label_w - 6, y + 4, bar.label, fontSize=8, textAnchor="end"))
        drawing.add(Rect(label_w, y + 2, bar.length, row - 5, fillColor=colors.HexColor(BAR_COLOUR), strokeColor=None))
        drawing.add(String(label_w + bar.length + 4, y + 4, bar.value_text, fontSize=8))
    return drawing


def results_pdf(survey: Survey, municipality_name: str = "") -> bytes:
    """The results report: per question a bar chart and its numbers, free texts, statistics."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = _styles()
    data = survey_results(survey)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=survey.title,
        author=municipality_name,
        lang="de",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    )
    story = [Paragraph(_esc(survey.title), styles["Title"])]
    if municipality_name:
        story.append(Paragraph(_esc(municipality_name), styles["Normal"]))
    story.append(Paragraph(_("Responses: %(n)s") % {"n": data["total"]}, styles["Normal"]))
    story.append(Spacer(1, 12))
    table_style = TableStyle(
        [
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ]
    )
    for r in data["results"]:
        q = r.question
        block = [
            Paragraph(_esc(f"{q.code}: {q.text}"), styles["Heading3"]),
            Paragraph(_("Answered by %(n)s") % {"n": r.respondents}, styles["Normal"]),
        ]
        if r.bars and q.kind != Kind.RANKING:
            block.append(_bar_drawing([(b.label, b.percent, f"{b.percent:.1f} %") for b in r.bars]))
            rows = [[_("Answer"), _("Count"), _("Percent")]] + [
                [b.label[:60], b.count, f"{b.percent:.1f} %"] for b in r.bars
            ]
            block.append(Table(rows, style=table_style, hAlign="LEFT"))
        if q.kind == Kind.RANKING and r.stats.get("means"):
            rows = [[_("Item"), _("Average place")]] + [
                [label[:60], mean if mean is not None else "–"] for label, mean in r.stats["means"]
            ]
            block.append(Table(rows, style=table_style, hAlign="LEFT"))
        for row, bars, total in r.matrix:
            block.append(Paragraph(_esc(f"{row.label} (n = {total})"), styles["Normal"]))
            block.append(_bar_drawing([(b.label, b.percent, f"{b.percent:.1f} %") for b in bars]))
        if q.kind == Kind.NUMBER and r.stats.get("mean") is not None:
            s = r.stats
            block.append(
                Paragraph(
                    _("Mean %(mean).2f, minimum %(min)s, maximum %(max)s")
                    % {"mean": s["mean"], "min": s["min"], "max": s["max"]},
                    styles["Normal"],
                )
            )
        if r.texts:
            block.append(
                Paragraph(
                    _("Latest %(shown)s of %(total)s texts:") % {"shown": len(r.texts), "total": r.text_count},
                    styles["Normal"],
                )
            )
            for text in r.texts:
                block.append(Paragraph("• " + _esc(text[:500]), styles["Normal"]))
        if q.kind == Kind.MAP_POINT:
            block.append(Paragraph(_("%(n)s places; most frequent areas:") % {"n": r.respondents}, styles["Normal"]))
            for cell in r.grid[:10]:
                block.append(Paragraph(f"{cell['lat']:.4f}, {cell['lng']:.4f}: {cell['count']}", styles["Normal"]))
        story.append(KeepTogether(block) if len(block) < 12 else block[0])
        if len(block) >= 12:
            story.extend(block[1:])
        story.append(Spacer(1, 10))
    doc.build(story)
    return buffer.getvalue()


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def codes_csv(survey: Survey, base_url: str) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([_("code"), _("link"), _("batch"), _("used")])
    for code, batch, used in (
        AccessCode.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("code", "batch", "used_at")
        .iterator(chunk_size=2000)
    ):
        yield writer.writerow(safe_row([code, f"{base_url}?code={code}", batch, _("yes") if used else _("no")]))


def codes_pdf(survey: Survey, *, base_url: str, municipality_name: str, unused_only: bool = True) -> bytes:
    """One A4 letter per unused code: who writes, what the survey is about, where and with what code."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    styles = _styles()
    codes = AccessCode.objects.filter(survey=survey).order_by("pk")
    if unused_only:
        codes = codes.filter(used_at__isnull=True)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=survey.title,
        author=municipality_name,
        leftMargin=2.5 * cm,
        rightMargin=2 * cm,
        topMargin=4.5 * cm,
    )
    story = []
    intro = _esc(survey.intro[:1500]).replace("\n", "<br/>")
    for code in codes.values_list("code", flat=True).iterator(chunk_size=2000):
        story += [
            Paragraph(_esc(municipality_name), styles["Normal"]),
            Spacer(1, 24),
            Paragraph(_esc(survey.title), styles["Heading1"]),
            Paragraph(intro, styles["Normal"]),
            Spacer(1, 18),
            Paragraph(_("Take part online at:"), styles["Normal"]),
            Paragraph(_esc(base_url), styles["Heading3"]),
            Paragraph(_("Your personal access code (valid once):"), styles["Normal"]),
            Paragraph(f'<font face="Courier-Bold" size="20">{code}</font>', styles["Normal"]),
            Spacer(1, 18),
            Paragraph(
                _("Or fill in the enclosed paper questionnaire; the code is printed on it too."), styles["Normal"]
            ),
            PageBreak(),
        ]
    if not story:
        story = [Paragraph(_("There are no unused codes."), styles["Normal"])]
    doc.build(story)
    return buffer.getvalue()
