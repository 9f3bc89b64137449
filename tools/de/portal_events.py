"""German for the state portal's event listing, event documents and moving a date."""

DE = {
    "Upcoming events": "Kommende Veranstaltungen",
    "All upcoming events": "Alle kommenden Veranstaltungen",
    "No events are announced at the moment.": "Zurzeit sind keine Veranstaltungen angekündigt.",
    "Events in the municipalities": "Veranstaltungen in den Kommunen",
    "District": "Landkreis",
    "All districts": "Alle Landkreise",
    "Documents and minutes": "Unterlagen",
    "document": "Dokument",
    "documents": "Dokumente",
    "title": "Titel",
    "Documents / minutes": "Unterlagen / Protokoll",
    "Minutes, presentations or other documents, shown on the event page once published.": (
        "Protokolle, Präsentationen oder andere Unterlagen; sie erscheinen nach dem Veröffentlichen auf der "
        "Veranstaltungsseite."
    ),
    "Leave empty to use the document's own title.": "Leer lassen, um den Titel des Dokuments zu verwenden.",
}
