DE = {
    "Survey teaser": "Umfrage-Hinweis",
    "Teaser text": "Hinweistext",
    "Leave empty to show the survey's introduction.": "Leer lassen, um die Einleitung der Umfrage zu zeigen.",
    "Take part in the survey": "An der Umfrage teilnehmen",
    "This survey has closed. Thank you to everyone who took part.": "Diese Umfrage ist beendet. Vielen Dank an alle, die teilgenommen haben.",
}
