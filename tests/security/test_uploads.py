"""Uploaded files cannot attack visitors or the admin.

Editors upload documents through the Wagtail admin: what is not a document municipalities
publish (by content, not by name) is refused with a German message and nothing is stored. Every
file from storage (new uploads and old ones placed there before these checks) goes out with
``nosniff``, a sandboxing CSP, and as a download unless it is a verified raster image.
"""

import io
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django_tenants.utils import schema_context
from PIL import Image
from wagtail.documents.models import Document
from wagtail.models import Collection

SCRIPT_HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

REFUSED = {
    "page.html": SCRIPT_HTML,
    "bild.svg": SVG,
    "app.js": b"alert(document.cookie)",
    "bericht-als-html.html": PDF,  # a PDF renamed .html: the name decides nothing, and .html is never allowed
    "bericht.pdf": SCRIPT_HTML,  # an HTML file renamed .pdf
    "brief.docx": SCRIPT_HTML,
    "leer.docx": zip_bytes({"readme.txt": b"no office file"}),
    "tabelle.xls": SCRIPT_HTML,
    "praesentation.odp": ODT,  # a text document named as a presentation
    "notiz.txt": SCRIPT_HTML,
    "daten.csv": b"a;b\x00;c",
    "foto.png": SCRIPT_HTML,
    "foto.jpg": png_bytes(),  # a PNG named .jpg
    "ohne-endung": PDF,
}
ACCEPTED = {
    "satzung.pdf": PDF,
    "antrag.docx": DOCX,
    "haushalt.xlsx": xlsx_bytes(),
    "protokoll.odt": ODT,
    "alt.doc": OLE2,
    "liste.csv": "Straße;Anzahl\nMarktplatz;3\n".encode(),
    "lesbar.txt": b"Sitzung am 3. Mai\n",
    "plan.png": png_bytes(),
}


@pytest.fixture
def admin_client(kassel, client_for):
    with schema_context(kassel.schema_name):
        client = client_for(kassel)
        client.force_login(get_user_model().objects.get(email="admin@kassel.example"))
        root = Collection.get_first_root_node().pk
    client.root_collection = root
    return client


def documents_folder(kassel) -> Path:
    return Path(settings.MEDIA_ROOT) / kassel.schema_name / "documents"


def unique(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    tag = uuid.uuid4().hex[:6]
    return f"{stem}-{tag}.{ext}" if dot else f"{name}-{tag}"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_upload_that_is_not_a_document_is_refused_in_german(kassel, admin_client, name):
    filename = unique(name)
    files_before = set(documents_folder(kassel).glob("*")) if documents_folder(kassel).exists() else set()
    response = admin_client.post(
        "/cms/documents/add/",
        {
            "title": "Versuch",
            "collection": admin_client.root_collection,
            "file": ContentFile(REFUSED[name], name=filename),
        },
    )
    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert "können nicht hochgeladen werden" in html or "kein gültiges" in html, html[:200]
    with schema_context(kassel.schema_name):
        assert not Document.objects.filter(title="Versuch").exists()
    files_after = set(documents_folder(kassel).glob("*")) if documents_folder(kassel).exists() else set()
    assert files_after == files_before


def test_multiple_uploader_refuses_an_html_file_too(kassel, admin_client):
    response = admin_client.post(
        "/cms/documents/multiple/add/",
        {"collection": admin_client.root_collection, "files[]": ContentFile(SCRIPT_HTML, name=unique("bericht.pdf"))},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False and "kein gültiges" in response.json()["error_message"]
    with schema_context(kassel.schema_name):
        assert not Document.objects.exists()


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_documents_municipalities_publish_are_accepted_and_served_as_downloads(kassel, admin_client, name):
    filename = unique(name)
    response = admin_client.post(
        "/cms/documents/add/",
        {
            "title": f"Dokument {name}",
            "collection": admin_client.root_collection,
            "file": ContentFile(ACCEPTED[name], name=filename),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with schema_context(kassel.schema_name):
        document = Document.objects.get(title=f"Dokument {name}")
    try:
        served = admin_client.get(document.url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == ACCEPTED[name]
        assert served["Content-Disposition"].startswith("attachment")
        assert served["X-Content-Type-Options"] == "nosniff"
        assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    finally:
        (documents_folder(kassel) / Path(document.file.name).name).unlink(missing_ok=True)


@pytest.fixture
def old_upload(kassel):
    """A file written into storage before uploads were checked, with its Document row."""
    folder = documents_folder(kassel)
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def place(name: str, content: bytes, subfolder: str = "documents") -> str:
        target = Path(settings.MEDIA_ROOT) / kassel.schema_name / subfolder / unique(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
        return f"{subfolder}/{target.name}"

    yield place
    for path in written:
        path.unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("name", "content"), [("page.html", SCRIPT_HTML), ("bild.svg", SVG), ("foto.png", SCRIPT_HTML)]
)
def test_old_upload_in_storage_is_sent_as_a_sandboxed_download(kassel, client_for, old_upload, name, content):
    stored = old_upload(name, content)
    with schema_context(kassel.schema_name):
        document = Document.objects.create(title="Altbestand", file=stored)
        document_url = document.url
    client = client_for(kassel)
    for url in (f"/media/{stored}", document_url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert not response["Content-Type"].startswith(("text/html", "image/svg")), url


def test_verified_raster_image_in_media_is_shown_inline(kassel, client_for, old_upload):
    stored = old_upload("foto.png", png_bytes(), subfolder="images")
    response = client_for(kassel).get(f"/media/{stored}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "Content-Disposition" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
