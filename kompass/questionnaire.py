"""The first version of the KOMPASS questionnaire, written for this project (German, full and short).

A surveys JSON structure (``surveys.importers.survey_to_json``). Every item with a ``K_`` code is
a core item: municipalities cannot change it, so results stay comparable across municipalities
and rounds. ``K_DISTRICT`` is a local slot: its options are the municipality's own districts,
filled in when the survey is created. Loaded into the public schema by a migration
(``kompass_state.0002``); later versions are added by the programme office
(``kompass.services.template_version_add``), which refuses to change a core item's meaning.
"""

from __future__ import annotations

import copy

VERSION = 1
SAFE = [["1", "sehr sicher"], ["2", "eher sicher"], ["3", "eher unsicher"], ["4", "sehr unsicher"]]
WORRY = [
    ["1", "gar nicht beunruhigt"],
    ["2", "wenig beunruhigt"],
    ["3", "ziemlich beunruhigt"],
    ["4", "sehr beunruhigt"],
]
PROBLEM = [
    ["1", "kein Problem"],
    ["2", "ein kleines Problem"],
    ["3", "ein ziemliches Problem"],
    ["4", "ein großes Problem"],
]
TRUST = [["1", "voll und ganz"], ["2", "eher"], ["3", "eher nicht"], ["4", "überhaupt nicht"]]
OFFENCES = [
    ["burglary", "Wohnungseinbruch"],
    ["theft", "Diebstahl (z. B. Taschendiebstahl, Fahrraddiebstahl)"],
    ["robbery", "Raub"],
    ["assault", "Körperverletzung, tätlicher Angriff"],
    ["harassment", "sexuelle Belästigung"],
    ["fraud", "Betrug (auch im Internet oder am Telefon)"],
]


def _q(code, kind, text, *, options=(), rows=(), required=False, dont_know=False, allow_other=False, help_text=""):
    return {
        "code": code, "kind": kind, "text": text, "help_text": help_text, "required": required,
        "allow_other": allow_other, "dont_know": dont_know, "min_value": None, "max_value": None,
        "map_center_lat": None, "map_center_lng": None, "map_zoom": 13,
        "options": [list(o) for o in options], "rows": [list(r) for r in rows],
    }  # fmt: skip


SECTIONS = [
    {
        "title": "Zu Ihrer Person",
        "description": "Diese Angaben brauchen wir, um Ergebnisse nach Gruppen auszuwerten. "
        "Gruppen mit weniger als zehn Antworten werden nie ausgewiesen.",
        "questions": [
            _q(
                "K_SEX",
                "single",
                "Welches Geschlecht haben Sie?",
                options=[["f", "weiblich"], ["m", "männlich"], ["d", "divers"], ["na", "keine Angabe"]],
            ),
            _q(
                "K_AGE",
                "single",
                "Wie alt sind Sie?",
                options=[
                    ["16-24", "16 bis 24 Jahre"],
                    ["25-34", "25 bis 34 Jahre"],
                    ["35-44", "35 bis 44 Jahre"],
                    ["45-54", "45 bis 54 Jahre"],
                    ["55-64", "55 bis 64 Jahre"],
                    ["65-74", "65 bis 74 Jahre"],
                    ["75+", "75 Jahre und älter"],
                ],
            ),
            _q("K_DISTRICT", "single", "In welchem Stadt- oder Ortsteil wohnen Sie?", options=[["x", "(Ortsteile)"]]),
            _q(
                "K_YEARS",
                "single",
                "Wie lange wohnen Sie schon in Ihrem Stadt- oder Ortsteil?",
                options=[
                    ["0-2", "weniger als 2 Jahre"],
                    ["2-5", "2 bis 5 Jahre"],
                    ["6-10", "6 bis 10 Jahre"],
                    ["10+", "mehr als 10 Jahre"],
                ],
            ),
        ],
    },
    {
        "title": "Ihr Sicherheitsgefühl",
        "description": "",
        "questions": [
            _q(
                "K_SAFE_DAY",
                "rating",
                "Wie sicher fühlen Sie sich tagsüber in Ihrer Wohngegend?",
                options=SAFE,
                dont_know=True,
                required=True,
            ),
            _q(
                "K_SAFE_NIGHT",
                "rating",
                "Wie sicher fühlen Sie sich, wenn Sie nach Einbruch der Dunkelheit allein in Ihrer Wohngegend "
                "unterwegs sind?",
                options=SAFE,
                dont_know=True,
                required=True,
            ),
            _q(
                "K_WORRY",
                "matrix",
                "Wie sehr beunruhigt es Sie, dass Ihnen Folgendes in Ihrer Gemeinde passieren könnte?",
                options=WORRY,
                rows=OFFENCES,
                dont_know=True,
            ),
            _q(
                "K_AVOID",
                "multiple",
                "Was tun Sie, um sich zu schützen? (Mehrfachnennungen möglich)",
                options=[
                    ["places", "Ich meide bestimmte Straßen, Plätze oder Parks."],
                    ["dark", "Ich gehe nach Einbruch der Dunkelheit nicht mehr allein aus dem Haus."],
                    ["transport", "Ich meide abends Bus und Bahn."],
                    ["company", "Ich gehe abends nur in Begleitung."],
                    ["defence", "Ich trage etwas zur Verteidigung bei mir (z. B. Pfefferspray)."],
                    ["home", "Ich sichere meine Wohnung zusätzlich (Schlösser, Licht, Alarm)."],
                    ["none", "Nichts davon."],
                ],
            ),
        ],
    },
    {
        "title": "Orte, an denen Sie sich unsicher fühlen",
        "description": "",
        "questions": [
            _q(
                "K_PLACES",
                "map_point",
                "Gibt es einen Ort in Ihrer Gemeinde, an dem Sie sich unsicher fühlen? "
                "Markieren Sie ihn auf der Karte.",
                help_text="Sie können diese Frage auch überspringen.",
            ),
            _q(
                "K_PLACE_WHY",
                "multiple",
                "Warum fühlen Sie sich dort unsicher?",
                options=[
                    ["dark", "schlechte Beleuchtung"],
                    ["deserted", "menschenleer, keine Hilfe in der Nähe"],
                    ["groups", "Gruppen, die mich verunsichern"],
                    ["drugs", "Drogen- oder Alkoholkonsum"],
                    ["dirt", "Vermüllung, Verwahrlosung"],
                    ["traffic", "Verkehr"],
                    ["experience", "eigene schlechte Erfahrung"],
                ],
                allow_other=True,
            ),
        ],
    },
    {
        "title": "Probleme in Ihrer Wohngegend",
        "description": "",
        "questions": [
            _q(
                "K_PROBLEMS",
                "matrix",
                "Wie sehr sind die folgenden Dinge in Ihrer Wohngegend ein Problem?",
                options=PROBLEM,
                dont_know=True,
                rows=[
                    ["litter", "Müll, illegale Ablagerungen"],
                    ["graffiti", "Graffiti, Sachbeschädigung"],
                    ["lighting", "schlechte Beleuchtung"],
                    ["traffic", "rücksichtsloses Fahren, Raserei"],
                    ["noise", "Lärm"],
                    ["drugs", "Drogenhandel oder -konsum"],
                    ["groups", "Gruppen im öffentlichen Raum, die Sie verunsichern"],
                ],
            ),
        ],
    },
    {
        "title": "Ihre Erfahrungen",
        "description": "",
        "questions": [
            _q(
                "K_VICTIM",
                "multiple",
                "Ist Ihnen in den letzten 12 Monaten in Ihrer Gemeinde eines der "
                "folgenden Dinge passiert? (Mehrfachnennungen möglich)",
                options=[*OFFENCES, ["none", "Nichts davon."]],
            ),
            _q(
                "K_REPORTED",
                "single",
                "Haben Sie das bei der Polizei angezeigt?",
                options=[["all", "ja, alles"], ["some", "ja, teilweise"], ["no", "nein"], ["na", "trifft nicht zu"]],
            ),
        ],
    },
    {
        "title": "Polizei und Ordnungsamt",
        "description": "",
        "questions": [
            _q(
                "K_TRUST",
                "matrix",
                "Wie sehr vertrauen Sie …",
                options=TRUST,
                dont_know=True,
                rows=[["police", "der Polizei?"], ["order", "dem kommunalen Ordnungsamt?"]],
            ),
            _q(
                "K_PATROL",
                "single",
                "Wie oft sehen Sie Polizei zu Fuß in Ihrer Wohngegend?",
                options=[["often", "oft"], ["sometimes", "manchmal"], ["rarely", "selten"], ["never", "nie"]],
            ),
        ],
    },
    {
        "title": "Ihre Anliegen",
        "description": "",
        "questions": [
            _q("K_URGENT", "long_text", "Was ist für Sie das dringendste Sicherheitsproblem in Ihrer Gemeinde?"),
            _q("K_IDEAS", "long_text", "Welche Ideen haben Sie, damit Sie sich sicherer fühlen?"),
        ],
    },
]

SHORT_CODES = ["K_SEX", "K_AGE", "K_DISTRICT", "K_SAFE_DAY", "K_SAFE_NIGHT", "K_WORRY", "K_PLACES", "K_PROBLEMS",
               "K_TRUST", "K_URGENT"]  # fmt: skip

SETTINGS = {
    "audience": "everyone",
    "one_response_per_person": True,
    "anonymous": True,
    "intro": "Mit dieser Befragung im Rahmen des Landesprogramms KOMPASS möchten wir erfahren, wie sicher "
    "Sie sich in Ihrer Gemeinde fühlen. Die Teilnahme ist freiwillig und anonym; sie dauert etwa zehn Minuten.",
    "thank_you": "Vielen Dank! Die Ergebnisse werden veröffentlicht und mit der Polizei in Sicherheitskonferenzen "
    "besprochen.",
    "privacy_notice": "Ihre Antworten werden anonym gespeichert. An das Land gehen nur zusammengefasste Zahlen; "
    "Gruppen mit weniger als zehn Antworten werden nicht ausgewiesen.",
    "min_group_size": 10,
}


def structure(variant: str = "full") -> dict:
    """The template's surveys JSON structure for ``full`` or ``short``."""
    sections = copy.deepcopy(SECTIONS)
    if variant == "short":
        for section in sections:
            section["questions"] = [q for q in section["questions"] if q["code"] in SHORT_CODES]
        sections = [s for s in sections if s["questions"]]
    title = "KOMPASS-Bürgerbefragung" + (" (Kurzfassung)" if variant == "short" else "")
    return {"format": "beteiligung-hessen-survey", "version": 1, "title": title, "settings": SETTINGS,
            "sections": sections}  # fmt: skip


def core_codes(data: dict) -> list[str]:
    return [q["code"] for s in data["sections"] for q in s["questions"] if q["code"].startswith("K_")]


SLOTS = {"K_DISTRICT": "districts"}
