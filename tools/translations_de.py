"""German translations of the project's own strings (English message ids).

`make translations` (= `python tools/translations_de.py`) runs `makemessages -l de` for the project
and every app with a `locale/` folder, fills each `django.po` from ``DE`` below plus the ``DE`` dicts
in `tools/de/*.py` (one file per feature, so parallel work does not collide), keeps translations
already in a .po file, and compiles the .mo files. It exits non-zero if a string stays untranslated.
"""

DE = {
    "Website": "Website",
    "Image": "Bild",
    "Alternative text": "Alternativtext",
    "Describe the image for people who cannot see it (required for accessibility).": "Beschreiben Sie das Bild für Menschen, die es nicht sehen können (nötig für die Barrierefreiheit).",
    "Caption": "Bildunterschrift",
    "Text": "Text",
    "Page": "Seite",
    "External link": "Externer Link",
    "Heading": "Überschrift",
    "Paragraph": "Absatz",
    "Call to action": "Handlungsaufforderung",
    "Quote": "Zitat",
    "introduction": "Einleitung",
    "content": "Inhalt",
    "home page": "Startseite",
    "content page": "Inhaltsseite",
    "news section": "Nachrichtenbereich",
    "date": "Datum",
    "teaser": "Anreißer",
    "news item": "Nachricht",
    "Imprint": "Impressum",
    "Privacy policy": "Datenschutzerklärung",
    "Accessibility statement": "Erklärung zur Barrierefreiheit",
    "kind": "Art",
    "text": "Text",
    "contact email": "Kontakt-E-Mail",
    "For the accessibility statement: where people report barriers (feedback mechanism).": "Für die Erklärung zur Barrierefreiheit: wohin Menschen Barrieren melden (Feedback-Mechanismus).",
    "last reviewed": "zuletzt geprüft",
    "legal page": "Rechtliche Seite",
    "There is already a page of this kind.": "Es gibt bereits eine Seite dieser Art.",
    "Latest news": "Aktuelle Nachrichten",
    "Feedback and contact": "Feedback und Kontakt",
    "If you notice barriers on this site, please tell us:": "Wenn Ihnen Barrieren auf dieser Website auffallen, schreiben Sie uns bitte:",
    "Last reviewed: %(d)s": "Zuletzt geprüft: %(d)s",
    "Pages": "Seiten",
    "Newer": "Neuere",
    "Page %(n)s of %(total)s": "Seite %(n)s von %(total)s",
    "Older": "Ältere",
    "No news yet.": "Noch keine Nachrichten.",
    "All news": "Alle Nachrichten",
    "Search": "Suchen",
    "Search term": "Suchbegriff",
    "Nothing found. Try another term.": "Nichts gefunden. Versuchen Sie einen anderen Begriff.",
    "Your password": "Ihr Passwort",
    "I understand that my account and my personal data will be deleted.": "Ich verstehe, dass mein Konto und meine personenbezogenen Daten gelöscht werden.",
    "The password is not correct.": "Das Passwort ist nicht richtig.",
    "Your account and your personal data have been deleted.": "Ihr Konto und Ihre personenbezogenen Daten wurden gelöscht.",
    "You are the last administrator of this site. Appoint another administrator first.": "Sie sind die letzte Administratorin bzw. der letzte Administrator dieser Seite. Bitte ernennen Sie zuerst eine weitere Person.",
    "German": "Deutsch",
    "English": "Englisch",
    "Delete my account": "Mein Konto löschen",
    "Your account, your email addresses and your login data will be deleted. Anonymous survey answers cannot be linked to you and stay in the results.": "Ihr Konto, Ihre E-Mail-Adressen und Ihre Anmeldedaten werden gelöscht. Anonyme Umfrageantworten lassen sich Ihnen nicht zuordnen und bleiben in den Ergebnissen.",
    "Delete my account now": "Mein Konto jetzt löschen",
    "My account": "Mein Konto",
    "You are logged in as %(email)s.": "Sie sind angemeldet als %(email)s.",
    "Email addresses": "E-Mail-Adressen",
    "Change password": "Passwort ändern",
    "Download my data": "Meine Daten herunterladen",
    "Site administration": "Seitenverwaltung",
    "Log out": "Abmelden",
    "Municipalities": "Kommunen",
    "Municipality": "Gemeinde",
    "Independent city": "Kreisfreie Stadt",
    "Unincorporated area": "Gemeindefreies Gebiet",
    "municipality key (AGS)": "Amtlicher Gemeindeschlüssel (AGS)",
    "official name": "amtlicher Name",
    "district key": "Kreisschlüssel",
    "district": "Landkreis",
    "administrative region": "Regierungsbezirk",
    "register entry": "Verzeichniseintrag",
    "municipality register": "Gemeindeverzeichnis",
    "active": "aktiv",
    "suspended": "gesperrt",
    "archived": "archiviert",
    "name": "Name",
    "subdomain": "Subdomain",
    "status": "Status",
    "reason for suspension": "Grund der Sperrung",
    "created": "angelegt",
    "updated": "geändert",
    "municipality": "Kommune",
    "municipalities": "Kommunen",
    "domain": "Domain",
    "domains": "Domains",
    "time": "Zeitpunkt",
    "action": "Aktion",
    "by": "durch",
    "details": "Details",
    "audit event": "Protokolleintrag",
    "audit log": "Protokoll",
    "The subdomain may contain only lower-case letters, digits and hyphens (at most 63, not at the start or end).": "Die Subdomain darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten (höchstens 63 Zeichen, kein Bindestrich am Anfang oder Ende).",
    "The subdomain “%(slug)s” is reserved. Suggestion: %(suggestion)s": "Die Subdomain „%(slug)s“ ist reserviert. Vorschlag: %(suggestion)s",
    "The subdomain “%(slug)s” is already taken. Suggestion: %(suggestion)s": "Die Subdomain „%(slug)s“ ist bereits vergeben. Vorschlag: %(suggestion)s",
    "The template schema is missing. Run “manage.py deploy” before creating municipalities.": "Das Vorlagen-Schema fehlt. Führen Sie „manage.py deploy“ aus, bevor Sie Kommunen anlegen.",
    "There is no municipality with the key (AGS) “%(ags)s” in the register of Hessen.": "Im Gemeindeverzeichnis Hessens gibt es keine Kommune mit dem Schlüssel (AGS) „%(ags)s“.",
    "%(name)s is an unincorporated area, not a municipality, and cannot take part.": "%(name)s ist ein gemeindefreies Gebiet, keine Kommune, und kann nicht teilnehmen.",
    "“%(email)s” is not a valid email address.": "„%(email)s“ ist keine gültige E-Mail-Adresse.",
    "%(name)s already takes part in the platform.": "%(name)s nimmt bereits an der Plattform teil.",
    "Provisioning failed and was rolled back: %(error)s": "Die Einrichtung ist fehlgeschlagen und wurde vollständig zurückgenommen: %(error)s",
    "Your participation site %(name)s is ready": "Ihre Beteiligungsseite %(name)s ist eingerichtet",
    "Hello,\n\nthe participation site of %(name)s has been set up on the participation platform Hessen.\n\nSet your password with this link (valid for %(days)s days):\n%(url)s\n\nAfterwards you can log in to the site administration at %(admin)s.\n\nParticipation platform Hessen": "Guten Tag,\n\ndie Beteiligungsseite von %(name)s ist auf der Beteiligungsplattform Hessen eingerichtet.\n\nLegen Sie Ihr Passwort über diesen Link fest (gültig für %(days)s Tage):\n%(url)s\n\nDanach melden Sie sich in der Seitenverwaltung an: %(admin)s\n\nBeteiligungsplattform Hessen",
    "The state portal cannot be suspended.": "Das Landesportal kann nicht gesperrt werden.",
    "Home": "Startseite",
    "State administration": "Landesverwaltung",
    "Participation platform Hessen": "Beteiligungsplattform Hessen",
    "The State of Hessen operates this platform for its municipalities: consultations, surveys, events and the KOMPASS safety survey, each municipality on its own site.": "Das Land Hessen betreibt diese Plattform für seine Kommunen: Beteiligungsverfahren, Umfragen, Veranstaltungen und die KOMPASS-Sicherheitsbefragung, jede Kommune auf ihrer eigenen Seite.",
    "Participating municipalities": "Teilnehmende Kommunen",
    "No municipality takes part yet.": "Noch nimmt keine Kommune teil.",
    "Theme": "Gestaltung",
    "Enter a colour as #RRGGBB, for example #005A9C.": "Geben Sie eine Farbe als #RRGGBB an, zum Beispiel #005A9C.",
    "primary colour": "Hauptfarbe",
    "logo": "Logo",
    "contact line in the footer": "Kontaktzeile in der Fußzeile",
    "e.g. address and phone number": "z. B. Anschrift und Telefonnummer",
    "theme": "Gestaltung",
    "Form expired": "Formular abgelaufen",
    "Your form could not be sent because its security token has expired. Please go back, reload the page and send it again.": "Ihr Formular konnte nicht gesendet werden, weil sein Sicherheitsschlüssel abgelaufen ist. Bitte gehen Sie zurück, laden Sie die Seite neu und senden Sie es noch einmal.",
    "Page not found": "Seite nicht gefunden",
    "The page you are looking for does not exist or has been moved.": "Die gesuchte Seite gibt es nicht oder sie wurde verschoben.",
    "Go to the home page": "Zur Startseite",
    "Skip to content": "Zum Inhalt springen",
    "Main navigation": "Hauptnavigation",
    "Log in": "Anmelden",
    "Sign up": "Registrieren",
    "There is no municipality at this address.": "Unter dieser Adresse gibt es keine Kommune.",
    'The participation platform of Hessen is at <a href="//%(base_domain)s/">%(base_domain)s</a>.': 'Die Beteiligungsplattform Hessen finden Sie unter <a href="//%(base_domain)s/">%(base_domain)s</a>.',
    "Temporarily unavailable": "Vorübergehend nicht erreichbar",
    "%(name)s: participation site temporarily unavailable": "%(name)s: Beteiligungsseite vorübergehend nicht erreichbar",
    "This municipality's participation site is currently suspended. Its content and all contributions are kept and will be available again once the site is resumed.": "Die Beteiligungsseite dieser Kommune ist derzeit gesperrt. Ihre Inhalte und alle Beiträge bleiben erhalten und sind wieder verfügbar, sobald die Seite freigegeben wird.",
    "If you have questions, please contact your municipal administration.": "Bei Fragen wenden Sie sich bitte an Ihre Gemeindeverwaltung.",
}
PLURALS = {"%(n)s result": ("%(n)s Ergebnis", "%(n)s Ergebnisse")}


def all_translations() -> tuple[dict, dict]:
    """DE and PLURALS of this file merged with those of tools/de/*.py."""
    import importlib.util
    from pathlib import Path

    de, plurals = dict(DE), dict(PLURALS)
    clashes = []
    for extra in sorted((Path(__file__).resolve().parent / "de").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"de_{extra.stem}", extra)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for msgid, text in getattr(module, "DE", {}).items():
            if de.get(msgid, text) != text:  # one English text, one German wording on every page
                clashes.append(f"{extra.name}: {msgid!r}: {text!r} vs {de[msgid]!r}")
        de.update(getattr(module, "DE", {}))
        plurals.update(getattr(module, "PLURALS", {}))
    if clashes:
        raise SystemExit("Different German for the same message id:\n" + "\n".join(clashes))
    return de, plurals


if __name__ == "__main__":
    import os
    import subprocess
    import sys
    from pathlib import Path

    import polib

    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "platform_core.settings.test"),
    }
    ignore = ["-i", ".venv", "-i", "var", "-i", "node_modules", "-i", "tests", "-i", "bench", "-i", "tools"]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-obsolete", *ignore],
        cwd=root,
        env=env,
        check=True,
    )
    de, plurals = all_translations()
    missing = []
    for path in sorted(root.glob("**/locale/de/LC_MESSAGES/django.po")):
        if ".venv" in path.parts:
            continue
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid in plurals:
                entry.msgstr_plural = dict(enumerate(plurals[entry.msgid]))
            elif entry.msgid in de:
                entry.msgstr = de[entry.msgid]
            elif entry.msgid_plural and all(entry.msgstr_plural.values()):
                pass
            elif not entry.msgid_plural and entry.msgstr:
                pass  # translated in the .po file itself
            else:
                missing.append(f"{path.relative_to(root)}: {entry.msgid}")
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.metadata["Language"] = "de"
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save()
    subprocess.run([sys.executable, "manage.py", "compilemessages", "-l", "de", *ignore], cwd=root, env=env, check=True)
    # allauth's German says "du": locale_sie/ overrides it with "Sie" (tools/allauth_sie.py).
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from allauth_sie import write as write_allauth_sie

    missing += [f"allauth (du, see tools/allauth_sie.py): {msgid}" for msgid in write_allauth_sie(root)]
    if missing:
        print("untranslated:", *missing, sep="\n  ")
        sys.exit(1)
