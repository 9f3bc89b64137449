"""A dialogue page: phases switched on time, comments, replies, supports, paragraphs, ideas."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Comment, ConsultationPage, Follow, Support
from consultations.services import ConsultationError, comment_create, comment_support, phases_switch
from platform_core.models import AuditEntry

from .factories import make_citizen, make_dialogue


def test_page_shows_question_phases_and_draft_paragraphs(dialogue, client_for, kassel):
    response = client_for(kassel).get(dialogue.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Was brauchen Sie zum Radfahren?" in html
    for label in ("Angekündigt", "Offen für Kommentare", "Auswertung", "Ergebnis"):
        assert label in html
    assert 'aria-current="step"' in html
    assert "Zweiter Absatz über Bügel." in html
    assert "Anmelden, um zu kommentieren" in html or "Log in to comment" in html


def test_phases_switch_on_time_once_audited_and_followers_emailed(in_kassel, django_capture_on_commit_callbacks):
    page = make_dialogue(phase="announced")
    assert page.phase == "announced"
    follower = make_citizen("folger")
    Follow.objects.create(page=page, user=follower)
    ConsultationPage.objects.filter(pk=page.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert phases_switch() == 1
        assert phases_switch() == 0  # idempotent: nothing twice
    page.refresh_from_db()
    assert page.phase == "open"
    assert AuditEntry.objects.filter(action="consultation.phase_switched", target_id=str(page.pk)).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [follower.email]
    assert "Offen für Kommentare" in mail.outbox[0].body
    assert "/mitmachen/abmelden/" in mail.outbox[0].body


def test_command_switches_every_municipality(in_kassel, capsys):
    page = make_dialogue(phase="announced")
    ConsultationPage.objects.filter(pk=page.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    call_command("consultation_phases", schema=in_kassel.schema_name)
    assert "dialogues switched: 1" in capsys.readouterr().out
    connection.set_tenant(in_kassel)  # the command leaves the connection in the public schema
    page.refresh_from_db()
    assert page.phase == "open"


def test_publishing_an_old_revision_keeps_the_phase(in_kassel):
    page = make_dialogue(phase="open")
    revision = page.save_revision()
    ConsultationPage.objects.filter(pk=page.pk).update(phase="evaluation")
    revision.publish()
    page.refresh_from_db()
    assert page.phase in ("evaluation", "open")  # the dates decide (open), never the revision's copy
    assert page.phase == page.phase_due()


def test_citizen_comments_replies_and_supports(dialogue, citizen, client_for, kassel):
    client = client_for(kassel)
    client.force_login(citizen)
    response = client.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "Mehr Bügel am Bahnhof!"})
    assert response.status_code == 302
    comment = Comment.objects.get(page=dialogue)
    assert comment.status == "published" and comment.author_name == "Bea Bürger"
    other = make_citizen("zweite")
    client2 = client_for(kassel)
    client2.force_login(other)
    client2.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "Stimme zu.", "parent": comment.pk})
    assert comment.replies.get().body == "Stimme zu."
    client2.post(f"/mitmachen/kommentar/{comment.pk}/unterstuetzen/")
    client2.post(f"/mitmachen/kommentar/{comment.pk}/unterstuetzen/")
    comment.refresh_from_db()
    assert comment.support_count == 1
    html = client2.get(dialogue.url).content.decode()
    assert "Mehr Bügel am Bahnhof!" in html and "Stimme zu." in html
    assert "Sie unterstützen das" in html


def test_empty_comment_shows_error_summary_and_keeps_page(dialogue, citizen, client_for, kassel):
    client = client_for(kassel)
    client.force_login(citizen)
    response = client.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "  ", "paragraph": "2"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "Bitte schreiben Sie einen Kommentar." in html
    assert not Comment.objects.exists()


def test_paragraph_comment_is_counted_and_filtered(dialogue, citizen, client_for, kassel):
    client = client_for(kassel)
    client.force_login(citizen)
    client.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "Zu Absatz zwei.", "paragraph": "2"})
    client.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "Allgemein."})
    assert Comment.objects.get(body="Zu Absatz zwei.").paragraph == 2
    html = client.get(dialogue.url + "?absatz=2").content.decode()
    assert "Zu Absatz zwei." in html and "Allgemein." not in html
    assert "1 Kommentar zu Absatz 2" in html
    with pytest.raises(ConsultationError):
        comment_create(page=dialogue, author=citizen, body="x", paragraph=9)


def test_anonymous_and_closed_dialogue_cannot_be_commented(in_kassel, citizen, client_for, kassel):
    page = make_dialogue(phase="evaluation")
    response = client_for(kassel).post(f"/mitmachen/dialog/{page.pk}/kommentieren/", {"body": "Hallo"})
    assert response.status_code == 302 and "/login" in response["Location"]
    with pytest.raises(ConsultationError):
        comment_create(page=page, author=citizen, body="Zu spät")
    assert not Comment.objects.exists()


def test_idea_without_map_tiles_asks_for_a_place_description(in_kassel, citizen, client_for, kassel):
    page = make_dialogue(ideas_on_map=True)
    client = client_for(kassel)
    client.force_login(citizen)
    html = client.get(page.url).content.decode()
    assert "Ort (optional)" in html or "Place (optional)" in html
    assert 'type="number"' not in html  # never coordinates to type
    client.post(f"/mitmachen/dialog/{page.pk}/kommentieren/", {"body": "Bank fehlt", "place": "Königsplatz"})
    idea = Comment.objects.get(page=page)
    assert idea.is_idea and idea.place == "Königsplatz" and idea.latitude is None


def test_comment_list_is_paginated_with_constant_queries(dialogue, client_for, kassel):
    author = make_citizen()

    def add(n):
        Comment.objects.bulk_create([Comment(page=dialogue, author=author, author_name="A", body=f"K{i}")
                                     for i in range(n)])  # fmt: skip

    client = client_for(kassel)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(dialogue.url).status_code == 200
        return len(ctx.captured_queries)

    add(20)
    count()  # warm the per-process caches (site root, content types)
    few = count()
    add(480)
    many = count()
    assert few == many
    html = client.get(dialogue.url + "?seite=2").content.decode()
    assert "Seite 2 von 25" in html


def test_supporting_twice_at_once_counts_once(committed_db):
    """Four requests of one person at once, on separate connections (real commits): one support."""
    from django.db import connections
    from django_tenants.utils import schema_context

    from tenants.models import Municipality

    schema = Municipality.objects.get(slug="kassel").schema_name
    with schema_context(schema):
        page = make_dialogue()
        author, fan = make_citizen(), make_citizen()
        comment = comment_create(page=page, author=author, body="Race")
    results, errors = [], []
    barrier = threading.Barrier(4)

    def support():
        try:
            with schema_context(schema):
                barrier.wait()
                results.append(comment_support(comment=comment, user=fan))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=support) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with schema_context(schema):
        try:
            comment.refresh_from_db()
            assert errors == []
            assert comment.support_count == 1 and Support.objects.filter(comment=comment).count() == 1
            assert sorted(results) == [False, False, False, True]
        finally:
            page.delete()
            author.delete()
            fan.delete()
