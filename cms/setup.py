"""The default page tree every new municipality starts with (run inside its schema)."""

from django.utils import timezone
from wagtail.models import Page, Site

from .models import ContentPage, HomePage, LegalPage, NewsIndexPage, NewsPage

IMPRINT = """<h2>Angaben gemäß § 5 DDG</h2><p>{name}<br/>Vertreten durch die Bürgermeisterin oder den Bürgermeister<br/>
[Anschrift]<br/>[Telefon]<br/>[E-Mail]</p><h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2><p>[Name, Anschrift]</p>
<p>Technischer Betrieb: Land Hessen, Beteiligungsplattform Hessen.</p>"""

PRIVACY = """<h2>Verantwortliche Stelle</h2><p>{name}, [Anschrift]. Datenschutzbeauftragte Person: [Kontakt].</p>
<h2>Welche Daten wir verarbeiten</h2><p>Beim Aufruf der Seiten verarbeitet der Server technisch nötige Daten (IP-Adresse, Zeitpunkt,
aufgerufene Seite) für höchstens sieben Tage. Wer ein Konto anlegt, gibt eine E-Mail-Adresse an; sie dient nur der Anmeldung
und Benachrichtigungen. Anonyme Umfragen speichern keine Verbindung zwischen Person und Antworten.</p>
<h2>Rechtsgrundlage</h2><p>Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 HDSIG (Wahrnehmung einer Aufgabe im öffentlichen Interesse)
und, für das Konto, Art. 6 Abs. 1 lit. a DSGVO (Einwilligung).</p>
<h2>Ihre Rechte</h2><p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung und Datenübertragbarkeit. In Ihrem Konto
können Sie Ihre Daten herunterladen und das Konto löschen. Beschwerden richten Sie an den Hessischen Beauftragten für
Datenschutz und Informationsfreiheit.</p><p>Es werden keine Tracking-Dienste, keine externen Schriften und keine Inhalte Dritter geladen.</p>"""

ACCESSIBILITY = """<p>{name} ist bemüht, diese Website im Einklang mit dem Hessischen Behinderten-Gleichstellungsgesetz (HessBGG)
und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.</p>
<h2>Stand der Vereinbarkeit</h2><p>Diese Website ist weitgehend mit WCAG 2.1 Stufe AA vereinbar. Die Seiten werden automatisiert mit axe-core geprüft.</p>
<h2>Durchsetzungsverfahren</h2><p>Erhalten Sie auf Ihre Meldung keine zufriedenstellende Antwort, können Sie sich an die Durchsetzungsstelle
nach § 14 HessBGG wenden.</p>"""


def build_default_site(*, municipality, hostname: str, port: int = 80) -> HomePage:
    """Replace Wagtail's welcome page by the municipality's home page, news section and legal pages."""
    root = Page.get_first_root_node()
    name = municipality.name
    home = HomePage(
        title=name,
        slug="start",
        intro=f"<p>Willkommen auf der Beteiligungsseite von {name}. Hier finden Sie Beteiligungsverfahren, "
        "Umfragen und Veranstaltungen.</p>",
    )
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    old_root_id = site.root_page_id
    site.hostname = hostname
    site.port = port
    site.site_name = name
    site.root_page = home
    site.save()
    if old_root_id and old_root_id != home.pk:
        Page.objects.filter(pk=old_root_id).delete()
    home.refresh_from_db()

    news = NewsIndexPage(title="Aktuelles", slug="aktuelles", show_in_menus=True)
    home.add_child(instance=news)
    news.add_child(
        instance=NewsPage(
            title=f"{name} startet die Online-Beteiligung",
            slug="start-der-online-beteiligung",
            date=timezone.localdate(),
            teaser="Ab sofort können Sie sich hier an Vorhaben Ihrer Kommune beteiligen.",
        )
    )
    home.add_child(instance=ContentPage(title="Beteiligung", slug="beteiligung", show_in_menus=True))
    for kind, title, slug, body in (
        (LegalPage.Kind.IMPRINT, "Impressum", "impressum", IMPRINT),
        (LegalPage.Kind.PRIVACY, "Datenschutzerklärung", "datenschutz", PRIVACY),
        (LegalPage.Kind.ACCESSIBILITY, "Erklärung zur Barrierefreiheit", "barrierefreiheit", ACCESSIBILITY),
    ):
        home.add_child(instance=LegalPage(title=title, slug=slug, kind=kind, body=body.format(name=name)))
    return home
