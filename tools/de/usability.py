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
}

PLURALS = {
    "%(n)s seat free": ("%(n)s Platz frei", "%(n)s Plätze frei"),
    "about %(n)s minute": ("etwa %(n)s Minute", "etwa %(n)s Minuten"),
}
