"""German strings of the per-category extra questions in issue reports."""

DE = {
    "extra questions": "Zusatzfragen",
    "A question set built under Surveys (any state): its questions are asked in the report form when this "
    "category is chosen, and the answers are kept with the report.": "Ein unter „Umfragen“ gebauter Fragensatz (in jedem Zustand): Seine Fragen werden im Meldeformular "
    "gestellt, sobald diese Kategorie gewählt ist; die Antworten werden mit der Meldung gespeichert.",
    "Please answer the questions about this category below.": "Bitte beantworten Sie die Fragen zu dieser Kategorie unten.",
    "Questions about this category:": "Fragen zu dieser Kategorie:",
    "Answers to the extra questions": "Antworten auf die Zusatzfragen",
}
