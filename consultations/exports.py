"""Files of a procedure's statements with their answers: a workbook and a report for the council.

Both read the statements in chunks (``iterator``): the workbook is written row by row with
openpyxl's write-only mode, the report page by page on a reportlab canvas, so memory stays flat
in the number of statements (the canvas keeps only compressed page streams).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from platform_core.spreadsheets import safe_xlsx_row

from .models import ProcedurePage, Statement

CHUNK = 500


def _rows(page: ProcedurePage):
    statements = (
        Statement.objects.filter(page=page).select_related("department", "group")
        .prefetch_related("attachments").order_by("pk")
    )  # fmt: skip
    return statements.iterator(chunk_size=CHUNK)


def headers() -> list[str]:
    return [_("Reference number"), _("Received"), _("Name"), _("Address"), _("Email"), _("Statement"),
            _("Attachments"), _("Department"), _("Tags"), _("Group"), _("Decision"), _("Answer and reasons"),
            _("Answered by")]  # fmt: skip


def row_of(s: Statement) -> list:
    return [
        s.reference, timezone.localtime(s.created_at).strftime("%d.%m.%Y %H:%M"), s.name,
        f"{s.street}, {s.postcode} {s.city}".strip(", "), s.email, s.body,
        ", ".join(a.original_name for a in s.attachments.all()),
        s.department.name if s.department else "", s.tags, s.group.title if s.group else "",
        str(s.get_weighing_display()) if s.weighing else str(_("not yet weighed")), s.answer, s.answered_by,
    ]  # fmt: skip


def write_statements_xlsx(page: ProcedurePage, out) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Statements"))
    sheet.append(headers())
    count = 0
    for statement in _rows(page):
        sheet.append(safe_xlsx_row(sheet, row_of(statement)))
        count += 1
    workbook.save(out)
    return count


def write_statements_pdf(page: ProcedurePage, out, municipality_name: str = "") -> int:
    """The council's report: per statement its number, decision, the statement and the answer
    (without names and addresses, which the council does not need for its decision)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    width, height = A4
    left, right, top, bottom = 2 * cm, width - 2 * cm, height - 2 * cm, 2 * cm
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{_('Weighing of statements')}: {page.title}")
    canvas.setAuthor(municipality_name)
    y = top

    def line(text: str, font: str = "Helvetica", size: int = 10, gap: float = 1.3):
        nonlocal y
        for part in simpleSplit(text or "", font, size, right - left) or [""]:
            if y < bottom + size:
                canvas.showPage()
                y = top
            canvas.setFont(font, size)
            canvas.drawString(left, y, part)
            y -= size * gap

    line(_("Weighing of statements"), "Helvetica-Bold", 16)
    line(page.title, "Helvetica-Bold", 12)
    if municipality_name:
        line(municipality_name)
    line(f"{page.legal_basis}")
    line("")
    count = 0
    for s in _rows(page):
        decision = str(s.get_weighing_display()) if s.weighing else str(_("not yet weighed"))
        line(f"{s.reference} – {decision}", "Helvetica-Bold", 11)
        if s.group_id:
            line(f"{_('Group')}: {s.group.title}", size=9)
        for paragraph in s.body.splitlines():
            line(paragraph, size=9)
        line(f"{_('Answer and reasons')}:", "Helvetica-Oblique", 9)
        for paragraph in (s.answer or "–").splitlines():
            line(paragraph, size=9)
        line("")
        count += 1
    canvas.save()
    return count
