"""Minutes or documents attached to an event afterwards appear on the event page once published."""

from django.core.files.base import ContentFile
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model

from events.models import EventDocument, EventPage

from .factories import make_event


def test_documents_attached_afterwards_show_under_unterlagen_once_published(kassel, client_for):
    with schema_context(kassel.schema_name):
        event = make_event(title="Bürgerwerkstatt Radverkehr")
        url = event.url
        document = get_document_model().objects.create(
            title="Protokoll der Werkstatt", file=ContentFile(b"%PDF-1.4 Protokoll", name="protokoll.pdf")
        )
        draft = EventPage.objects.get(pk=event.pk)
        draft.documents.add(EventDocument(document=document))
        revision = draft.save_revision()
    client = client_for(kassel)
    html = client.get(url).content.decode()
    assert "Unterlagen" not in html and "Protokoll der Werkstatt" not in html  # a draft is not public

    with schema_context(kassel.schema_name):
        revision.publish()
        document_url = document.url
    html = client.get(url).content.decode()
    assert '<h2 id="documents-heading">Unterlagen</h2>' in html
    assert f'href="{document_url}">Protokoll der Werkstatt</a> (PDF)' in html
