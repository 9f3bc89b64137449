"""German strings of the hardening work (uploads, NUL guard, number answers)."""

DE = {
    "Please enter a number with at most 10 digits before the decimal point.": "Bitte geben Sie eine Zahl mit höchstens 10 Stellen vor dem Komma ein.",
    "Files of type “%(extension)s” cannot be uploaded. Allowed are: %(allowed)s.": "Dateien vom Typ „%(extension)s“ können nicht hochgeladen werden. Erlaubt sind: %(allowed)s.",
    "The content of this file is not a valid “%(extension)s” document. Please upload the original file.": "Der Inhalt dieser Datei ist kein gültiges „%(extension)s“-Dokument. Bitte laden Sie die Originaldatei hoch.",
    "The address contains characters that are not allowed.": "Die Adresse enthält Zeichen, die nicht erlaubt sind.",
    "The request contains a value that is not valid.": "Die Anfrage enthält einen ungültigen Wert.",
}
