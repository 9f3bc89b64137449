"""German for the usability pass: discovery, answering, accounts, the survey builder, the admin."""

DE = {
    "show on the home page": "auf der Startseite zeigen",
    "While it is open, the survey is listed on the home page and under “Take part”.": "Solange die Umfrage offen ist, steht sie auf der Startseite und unter „Beteiligung“.",
    "Survey": "Umfrage",
    "Event": "Veranstaltung",
    "Cancelled": "Abgesagt",
    "No registration needed": "Keine Anmeldung nötig",
    "Invited people only": "Nur für eingeladene Personen",
    "Fully booked, waiting list open": "Ausgebucht, Warteliste offen",
    "Fully booked": "Ausgebucht",
    "Take part": "Mitmachen",
    "Pages": "Seiten",
    "Open until %(date)s": "Geöffnet bis %(date)s",
    "Open without an end date": "Ohne Enddatum geöffnet",
    "Please answer at least one question before you submit the questionnaire.": "Bitte beantworten Sie mindestens eine Frage, bevor Sie den Fragebogen absenden.",
    "You have not answered any question yet": "Sie haben noch keine Frage beantwortet",
    "Please answer at least one question before you submit the questionnaire. Your answers are only counted when there is at least one.": "Bitte beantworten Sie mindestens eine Frage, bevor Sie den Fragebogen absenden. Ihre Antworten zählen erst, wenn mindestens eine Antwort vorliegt.",
    "Back to the first page": "Zurück zur ersten Seite",
    "Click or tap on the map to set a point, or describe the place below.": "Klicken oder tippen Sie auf die Karte, um einen Punkt zu setzen, oder beschreiben Sie den Ort unten.",
    "District": "Stadtteil",
    "– please choose –": "– bitte wählen –",
    "Describe the place (street, crossing, landmark)": "Beschreiben Sie den Ort (Straße, Kreuzung, Orientierungspunkt)",
    "Or describe the place (street, crossing, landmark)": "Oder beschreiben Sie den Ort (Straße, Kreuzung, Orientierungspunkt)",
    "Questions marked “required” must be answered.": "Fragen mit „Pflichtangabe“ müssen beantwortet werden.",
    "required answer": "Pflichtangabe",
}

PLURALS = {
    "%(n)s seat free": ("%(n)s Platz frei", "%(n)s Plätze frei"),
    "about %(n)s minute": ("etwa %(n)s Minute", "etwa %(n)s Minuten"),
}
