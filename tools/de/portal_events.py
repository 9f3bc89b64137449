"""German for the state portal's event listing, event documents and moving a date."""

DE = {
    "Upcoming events": "Kommende Veranstaltungen",
    "All upcoming events": "Alle kommenden Veranstaltungen",
    "No events are announced at the moment.": "Zurzeit sind keine Veranstaltungen angekündigt.",
    "Events in the municipalities": "Veranstaltungen in den Kommunen",
    "District": "Landkreis",
    "All districts": "Alle Landkreise",
}
