"""The KOMPASS report as PDF (ReportLab, like surveys' report) and the benchmark as CSV / XLSX."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from kompass.formatting import pct as _pct
from platform_core.spreadsheets import safe_row, safe_xlsx_row
from surveys.exports import _bar_drawing, _esc, _styles


def report_pdf(round_row, reports) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=round_row.survey_title, author=round_row.municipality_name,
                            lang="de", leftMargin=2 * cm, rightMargin=2 * cm)  # fmt: skip
    story = [
        Paragraph(_esc(_("KOMPASS report: %(name)s") % {"name": round_row.municipality_name}), styles["Title"]),
        Paragraph(_esc(f"{round_row.survey_title} ({round_row.closed_on})"), styles["Normal"]),
        Paragraph(_("Responses: %(n)s") % {"n": round_row.responses}, styles["Normal"]),
        Spacer(1, 12),
    ]
    for r in reports:
        block = [Paragraph(_esc(f"{r.item}: {r.text}"), styles["Heading3"])]
        line = _("Answered by %(n)s") % {"n": r.n}
        if r.key_share is not None:
            line += " · " + _("favourable") + ": " + _pct(r.key_share)
            if r.hessen_share is not None:
                line += " · " + _("Hessen") + ": " + _pct(r.hessen_share)
        block.append(Paragraph(_esc(line), styles["Normal"]))
        block.append(_bar_drawing(r.bars))
        block.append(Table([[_("Answer"), _("Count"), _("Percent")]] + [[a[:60], c, _pct(p)] for a, c, p in r.rows],
                           hAlign="LEFT"))  # fmt: skip
        story.append(KeepTogether(block))
        story.append(Spacer(1, 8))
    doc.build(story)
    return buffer.getvalue()


def benchmark_rows(data: dict, item_text: str):
    yield [_("Survey item"), item_text]
    yield (
        [_("Municipality"), _("District"), _("Police headquarters")]
        + [_("Round %(n)s") % {"n": r} for r in data["rounds"]]
        + [_("Hessen")]
    )
    for row in data["rows"]:
        yield (
            [row.municipality, row.district, row.headquarters]
            + ["" if v is None else v for v in row.cells]
            + ["" if data["hessen"] is None else data["hessen"]]
        )


def benchmark_csv(data: dict, item_text: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in benchmark_rows(data, item_text):
        writer.writerow(safe_row(row))
    return "\ufeff" + out.getvalue()


def benchmark_xlsx(data: dict, item_text: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("KOMPASS")
    for row in benchmark_rows(data, item_text):
        sheet.append(safe_xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
