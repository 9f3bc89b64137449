"""Moderation: pre-moderation, the queue, hiding with a reason, reports, the word list, blocking."""

from django.contrib.auth import get_user_model
from django.core import mail

from consultations.models import BlockedUser, Comment, Follow, HeldWord
from consultations.services import held_words_save
from platform_core.models import AuditEntry

from .factories import make_citizen, make_dialogue


def admin_client(client_for, kassel):
    client = client_for(kassel)
    client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
    return client


def test_premoderated_comment_waits_and_is_published_by_a_moderator(in_kassel, citizen, client_for, kassel):
    page = make_dialogue(premoderation=True)
    client = client_for(kassel)
    client.force_login(citizen)
    client.post(f"/mitmachen/dialog/{page.pk}/kommentieren/", {"body": "Bitte prüfen"})
    comment = Comment.objects.get(page=page)
    assert comment.status == "pending"
    anonymous_html = client_for(kassel).get(page.url).content.decode()
    assert "Bitte prüfen" not in anonymous_html
    assert "wartet auf Prüfung durch die Moderation" in client.get(page.url).content.decode()
    admin = admin_client(client_for, kassel)
    assert "Bitte prüfen" in admin.get("/cms/beteiligung/moderation/").content.decode()
    admin.post(f"/cms/beteiligung/moderation/kommentar/{comment.pk}/approve/")
    comment.refresh_from_db()
    assert comment.status == "published"
    assert "Bitte prüfen" in client_for(kassel).get(page.url).content.decode()
    assert AuditEntry.objects.filter(action="comment.approved", target_id=str(comment.pk)).exists()


def test_hidden_comment_shows_its_author_the_reason(dialogue, citizen, client_for, kassel):
    client = client_for(kassel)
    client.force_login(citizen)
    client.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "Unfreundlich"})
    comment = Comment.objects.get()
    admin = admin_client(client_for, kassel)
    response = admin.post(f"/cms/beteiligung/moderation/kommentar/{comment.pk}/hide/", {"reason": ""})
    comment.refresh_from_db()
    assert comment.status == "published"  # no reason, nothing hidden
    admin.post(f"/cms/beteiligung/moderation/kommentar/{comment.pk}/hide/", {"reason": "Beleidigend"})
    comment.refresh_from_db()
    assert comment.status == "hidden"
    html = client.get(dialogue.url).content.decode()
    assert "von der Moderation ausgeblendet" in html and "Beleidigend" in html
    assert "Unfreundlich" not in client_for(kassel).get(dialogue.url).content.decode()
    entry = AuditEntry.objects.get(action="comment.hidden")
    assert entry.data["reason"] == "Beleidigend" and response.status_code == 302


def test_citizens_report_once_and_the_report_lands_in_the_queue(dialogue, citizen, client_for, kassel):
    author = make_citizen("autor")
    comment = Comment.objects.create(page=dialogue, author=author, author_name="A", body="Gemein")
    client = client_for(kassel)
    client.force_login(citizen)
    client.post(f"/mitmachen/kommentar/{comment.pk}/melden/", {"reason": "Beleidigung"})
    client.post(f"/mitmachen/kommentar/{comment.pk}/melden/", {"reason": "nochmal"})
    comment.refresh_from_db()
    assert comment.report_count == 1
    html = admin_client(client_for, kassel).get("/cms/beteiligung/moderation/").content.decode()
    assert "Gemein" in html and "Einmal gemeldet" in html


def test_word_on_the_list_holds_the_comment(dialogue, citizen, client_for, kassel):
    admin = admin_client(client_for, kassel)
    admin.post("/cms/beteiligung/moderation/woerter/", {"words": "Idiot\n\nDepp"})
    assert sorted(HeldWord.objects.values_list("word", flat=True)) == ["depp", "idiot"]
    client = client_for(kassel)
    client.force_login(citizen)
    client.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "So ein IDIOT-Plan"})
    client.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "Guter Plan"})
    assert Comment.objects.get(body="So ein IDIOT-Plan").status == "pending"
    assert Comment.objects.get(body="Guter Plan").status == "published"
    assert AuditEntry.objects.filter(action="consultation.words_changed").count() == 1
    assert AuditEntry.objects.filter(action="comment.held").count() == 1
    held_words_save(words=["depp", "idiot"], moderator="system")  # unchanged: no second entry
    assert AuditEntry.objects.filter(action="consultation.words_changed").count() == 1


def test_blocked_person_cannot_comment_in_this_municipality(dialogue, citizen, client_for, kassel):
    comment = Comment.objects.create(page=dialogue, author=citizen, author_name="B", body="Spam")
    admin = admin_client(client_for, kassel)
    admin.post(f"/cms/beteiligung/moderation/kommentar/{comment.pk}/block/", {"reason": "Wiederholt Spam"})
    assert BlockedUser.objects.filter(user=citizen).exists()
    client = client_for(kassel)
    client.force_login(citizen)
    response = client.post(f"/mitmachen/dialog/{dialogue.pk}/kommentieren/", {"body": "Noch mal"})
    assert response.status_code == 400
    assert "gesperrt" in response.content.decode()
    assert not Comment.objects.filter(body="Noch mal").exists()
    blocked = BlockedUser.objects.get()
    admin.post(f"/cms/beteiligung/moderation/sperre/{blocked.pk}/aufheben/")
    assert not BlockedUser.objects.exists()
    assert {"consultation.user_blocked", "consultation.user_unblocked"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_follow_and_unsubscribe_in_one_click(dialogue, citizen, client_for, kassel, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import ConsultationPage
    from consultations.services import phases_switch

    client = client_for(kassel)
    client.force_login(citizen)
    client.post(f"/mitmachen/folgen/{dialogue.pk}/", {"action": "start"})
    assert Follow.objects.filter(user=citizen).exists()
    ConsultationPage.objects.filter(pk=dialogue.pk).update(evaluation_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        phases_switch()
    message = mail.outbox[-1]
    assert "Auswertung" in message.body
    link = next(line for line in message.body.splitlines() if "/mitmachen/abmelden/" in line)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    response = client_for(kassel).get(link.split("localhost", 1)[-1].split(":", 1)[-1].lstrip("0123456789"))
    assert response.status_code == 200 and "keine E-Mails mehr" in response.content.decode()
    assert not Follow.objects.exists()
    tampered = client_for(kassel).get("/mitmachen/abmelden/abc:def/")
    assert "nicht mehr gültig" in tampered.content.decode()
