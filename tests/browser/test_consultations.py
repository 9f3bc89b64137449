"""Consultations in a browser: an informal dialogue with pre-moderation and a paragraph comment
(written with the keyboard only), and a formal procedure end to end (statement with attachment,
receipt, staff's weighing, published result, export parsed back). axe-core checks every page and
form state; screenshots for the README."""

import io
import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.browser.conftest import axe_violations, cms_login, screenshot

pytestmark = pytest.mark.browser
PASSWORD = "Buerger-Passwort-2026"


def _schema():
    from tenants.models import Municipality

    return Municipality.objects.get(slug="kassel").schema_name


def _citizen(tag: str):
    from tests.consultations.factories import make_citizen

    user = make_citizen(tag)
    user.set_password(PASSWORD)
    user.save()
    return user


def _log_in(page, live_url, email, next_path):
    page.goto(live_url("kassel", f"/konto/login/?next={next_path}"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received the focus")


def test_dialogue_with_premoderation_and_a_paragraph_comment_by_keyboard(page, live_url, kassel_admin_totp):
    from consultations.models import Comment
    from tests.consultations.factories import make_dialogue

    with schema_context(_schema()):
        dialogue = make_dialogue(
            title=f"Radverkehrskonzept {uuid.uuid4().hex[:4]}", premoderation=True, ideas_on_map=True,
            teaser="Wie soll Radfahren in Kassel sicherer werden? Kommentieren Sie den Entwurf.",
            background="<p>Der Magistrat hat einen Entwurf vorgelegt.</p>",
        )  # fmt: skip
        author = _citizen("tastatur")
        url = dialogue.url
    page.goto(live_url("kassel", url))
    assert axe_violations(page) == []
    _log_in(page, live_url, author.email, url)
    assert axe_violations(page) == []

    # An empty comment: the error summary at the top of the form, the page stays accessible.
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    assert "Bitte schreiben Sie einen Kommentar." in page.locator(".error-summary").inner_text()
    assert axe_violations(page) == []

    # Keyboard only: from the top of the page to the comment box, the paragraph, the button.
    page.goto(live_url("kassel", url + "?absatz=2"))
    page.locator("body").focus()
    _tab_to(page, "#id_body")
    page.keyboard.type("Zwei Meter reichen für Lastenräder nicht.")
    _tab_to(page, "#id_paragraph")
    assert page.locator("#id_paragraph").input_value() == "2"  # preselected from the paragraph's link
    _tab_to(page, "#id_place")
    page.keyboard.type("Holländische Straße")
    _tab_to(page, "form[action$='/kommentieren/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "erscheint, sobald die Moderation" in page.locator(".messages").inner_text()
    assert "wartet auf Prüfung durch die Moderation" in page.locator("#own").inner_text()
    with schema_context(_schema()):
        comment = Comment.objects.get(page_id=dialogue.pk)
        assert comment.status == "pending" and comment.paragraph == 2 and comment.place == "Holländische Straße"

    # The moderator publishes it from the queue in the Wagtail admin.
    admin = page.context.browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}).new_page()
    cms_login(admin, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
    admin.goto(live_url("kassel", "/cms/beteiligung/moderation/"))
    item = admin.locator(f"section[aria-labelledby=mod-{comment.pk}]")
    item.get_by_role("button", name="Veröffentlichen").click()
    admin.wait_for_url("**/moderation/")
    admin.context.close()

    page.goto(live_url("kassel", url + "?absatz=2"))
    assert "Zwei Meter reichen für Lastenräder nicht." in page.locator(".comment-list").inner_text()
    assert "1 Kommentar zu Absatz 2" in page.locator(".draft").inner_text()
    assert axe_violations(page) == []
    page.goto(live_url("kassel", url))
    screenshot(page, "consult-dialogue")
    page.goto(live_url("kassel", "/mitmachen/"))
    assert dialogue.title in page.locator("main").inner_text()
    assert axe_violations(page) == []


def test_formal_procedure_end_to_end(page, live_url, kassel_admin_totp, tmp_path, settings):
    from openpyxl import load_workbook

    from consultations.models import ProcedurePage, Statement
    from tests.consultations.factories import PDF, make_procedure

    mail.outbox.clear()
    with schema_context(_schema()):
        procedure = make_procedure(
            title=f"Bebauungsplan Nr. 7 „Am Weinberg“ {uuid.uuid4().hex[:4]}",
            teaser="Öffentliche Auslegung nach § 3 Abs. 2 BauGB.",
            description="<p>120 Wohnungen, eine Kita und ein Quartiersplatz.</p>",
        )  # fmt: skip
        url = procedure.url
    page.goto(live_url("kassel", url))
    assert axe_violations(page) == []

    # Bad input first: errors at the top, the statement kept.
    page.get_by_label("Ihre Stellungnahme").fill("Die Zufahrt über die Ringstraße ist zu eng.")
    page.get_by_label("Postleitzahl").fill("341")
    page.get_by_role("button", name="Stellungnahme absenden").click()
    summary = page.locator(".error-summary").inner_text()
    assert "Eine Postleitzahl hat fünf Ziffern." in summary and "Bitte geben Sie Ihren Namen an." in summary
    assert page.get_by_label("Ihre Stellungnahme").input_value() == "Die Zufahrt über die Ringstraße ist zu eng."
    assert axe_violations(page) == []

    page.get_by_label("Vor- und Nachname").fill("Erika Muster")
    page.get_by_label("Straße und Hausnummer").fill("Ringstraße 4")
    page.get_by_label("Postleitzahl").fill("34117")
    page.get_by_label("Ort", exact=True).fill("Kassel")
    page.get_by_label("E-Mail-Adresse für die Eingangsbestätigung").fill("erika@example.org")
    attachment = tmp_path / "lageplan.pdf"
    attachment.write_bytes(PDF)
    page.get_by_label("Anhänge (optional)").set_input_files(str(attachment))
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Stellungnahme absenden").click()
    page.wait_for_url("**/eingang/")
    reference = page.locator(".reference strong").inner_text()
    assert re.fullmatch(r"BP-\d+-00001", reference)
    assert axe_violations(page) == []
    receipt = next(m for m in mail.outbox if m.to == ["erika@example.org"])
    assert reference in receipt.subject and "lageplan.pdf" in receipt.body
    with schema_context(_schema()):
        statement = Statement.objects.get(reference=reference)
        assert statement.attachments.get().original_name == "lageplan.pdf"

    # The clerk weighs it in the weighing screen.
    cms_login(page, live_url, "kassel", "admin@kassel.example", "Demo-Passwort-2026", kassel_admin_totp)
    page.goto(live_url("kassel", f"/cms/beteiligung/stellungnahmen/verfahren/{procedure.pk}/"))
    page.get_by_role("link", name=reference).click()
    page.get_by_label("teilweise berücksichtigt").check()
    page.get_by_label("Schlagwörter").fill("Verkehr, Zufahrt")
    page.get_by_label("Gruppe ähnlicher Stellungnahmen").fill("Erschließung")
    page.get_by_label("Antwort und Begründung").fill("Die Zufahrt wird auf 6,50 m verbreitert; ein Gehweg entsteht.")
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "consult-weighing")
    page.get_by_role("button", name="Abwägung speichern").click()
    page.wait_for_url(f"**/verfahren/{procedure.pk}/")
    assert "teilweise berücksichtigt" in page.locator("table.listing").inner_text()

    # The export for the council, built by the task, parsed back.
    page.get_by_role("button", name="Alle Stellungnahmen mit Antworten (XLSX)").click()
    page.wait_for_url(f"**/verfahren/{procedure.pk}/")
    with page.expect_download() as download:
        page.locator("ul.exports a").first.click()
    rows = list(load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.values)
    assert rows[1][0] == reference and rows[1][10] == "teilweise berücksichtigt" and "6,50 m" in rows[1][11]

    # After the period the result is published and citizens see the answers, without names.
    with schema_context(_schema()):
        ProcedurePage.objects.filter(pk=procedure.pk).update(period_end=timezone.now() - timedelta(minutes=1))
    page.goto(live_url("kassel", f"/cms/beteiligung/stellungnahmen/verfahren/{procedure.pk}/"))
    page.get_by_role("button", name="Ergebnis veröffentlichen").click()
    page.wait_for_url(f"**/verfahren/{procedure.pk}/")
    page.goto(live_url("kassel", url))
    result = page.locator(".result").inner_text()
    assert "6,50 m" in result and reference in result and "Erika Muster" not in page.content()
    assert axe_violations(page) == []
