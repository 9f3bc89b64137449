"""Survey structures in and out: our JSON format, and LimeSurvey ``.lss`` structure exports.

The parsers are pure: they read a file and return a ``ParsedSurvey`` (plain data, plus the list
of what could not be taken over) or raise ``ImportError_`` with every reason the file cannot be
read, in words a clerk understands. They never write; ``services.building.survey_import``
saves a parsed structure as a new draft, all or nothing.
"""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import Question, Survey
from .selectors import survey_structure

Kind = Question.Kind
JSON_FORMAT = "beteiligung-hessen-survey"
SETTINGS = [
    "audience",
    "one_response_per_person",
    "anonymous",
    "intro",
    "thank_you",
    "privacy_notice",
    "min_group_size",
]
QUESTION_FIELDS = [
    "code",
    "kind",
    "text",
    "help_text",
    "required",
    "allow_other",
    "dont_know",
    "min_value",
    "max_value",
    "map_center_lat",
    "map_center_lng",
    "map_zoom",
]
OPTION_VALUE_MAX = 40


class ImportError_(Exception):
    """The file is not a survey structure we can read; ``problems`` says every reason."""

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))


@dataclass
class QuestionData:
    """One question as model field values, its options and items, and its condition (by code)."""

    fields: dict
    options: list[tuple[str, str]] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    show_if: tuple[str, str] | None = None  # (code of the earlier question, option value)


@dataclass
class SectionData:
    title: str = ""
    description: str = ""
    questions: list[QuestionData] = field(default_factory=list)


@dataclass
class ParsedSurvey:
    """A survey structure read from a file, ready for ``survey_import`` to save."""

    source: str  # "json" or "lss"
    title: str = ""
    settings: dict = field(default_factory=dict)
    sections: list[SectionData] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what was left out, for the clerk


@dataclass
class ImportReport:
    survey: Survey | None = None
    questions: int = 0
    problems: list[str] = field(default_factory=list)


# --- JSON ---------------------------------------------------------------------------------------


def survey_to_json(*, survey: Survey) -> dict:
    """Settings, pages, questions, options and show-if conditions (by code), no answers."""
    sections = survey_structure(survey)
    codes = {q.pk: q.code for s in sections for q in s.questions.all()}
    values = {o.pk: o.value for s in sections for q in s.questions.all() for o in q.options.all()}
    out = {
        "format": JSON_FORMAT,
        "version": 1,
        "title": survey.title,
        "settings": {k: getattr(survey, k) for k in SETTINGS},
        "sections": [],
    }
    for s in sections:
        questions = []
        for q in s.questions.all():
            item = {k: getattr(q, k) for k in QUESTION_FIELDS}
            for k in ("min_value", "max_value"):
                item[k] = None if item[k] is None else str(item[k])
            plain = [o for o in q.options.all() if not o.is_row and not o.is_other and not o.is_dont_know]
            item["options"] = [[o.value, o.label] for o in plain]
            item["rows"] = [[o.value, o.label] for o in q.options.all() if o.is_row]
            if q.show_if_question_id and q.show_if_option_id:
                item["show_if"] = {
                    "question": codes.get(q.show_if_question_id),
                    "option": values.get(q.show_if_option_id),
                }
            questions.append(item)
        out["sections"].append({"title": s.title, "description": s.description, "questions": questions})
    return out


class _JsonChecker:
    """Reads one value after another, noting each problem with where it is, and goes on."""

    def __init__(self):
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, where: str, value, *, max_length: int | None = None) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(where, _("text is expected."))
            return ""
        if "\x00" in value:
            self.fail(where, _("the text contains a zero byte (NUL)."))
            return ""
        if max_length is not None and len(value) > max_length:
            self.fail(where, _("the text is longer than %(n)s characters.") % {"n": max_length})
            return ""
        return value

    def flag(self, where: str, value) -> bool:
        if not isinstance(value, bool):
            self.fail(where, _("yes or no (true or false) is expected."))
            return False
        return value

    def whole(self, where: str, value) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, _("a whole number is expected."))
            return None
        return value

    def number(self, where: str, value, *, as_decimal: bool):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(where, _("a number is expected."))
            return None
        try:
            number = Decimal(str(value).strip()) if as_decimal else float(value)
        except (InvalidOperation, ValueError):
            self.fail(where, _("“%(value)s” is not a number.") % {"value": str(value)[:40]})
            return None
        if (as_decimal and not number.is_finite()) or (not as_decimal and not math.isfinite(number)):
            self.fail(where, _("“%(value)s” is not a number.") % {"value": str(value)[:40]})
            return None
        return number

    def choice(self, where: str, value, choices, message: str):
        if not isinstance(value, str) or value not in choices:
            self.fail(where, message % {"value": str(value)[:40]})
            return None
        return value

    def pairs(self, where: str, value) -> list[tuple[str, str]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, _("a list is expected."))
            return []
        out = []
        for item in value:
            if (
                not isinstance(item, (list, tuple))
                or len(item) != 2
                or not all(isinstance(x, str) and "\x00" not in x for x in item)
                or not item[0]
                or len(item[0]) > OPTION_VALUE_MAX
            ):
                self.fail(where, _("each option must be a pair of a value (up to 40 characters) and a label."))
                return []
            out.append((item[0], item[1]))
        return out


def survey_parse_json(*, data) -> ParsedSurvey:
    """Read ``survey_to_json`` output (already decoded from JSON) into plain data."""
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise ImportError_(_("This is not a survey file of this platform."))
    check = _JsonChecker()
    parsed = ParsedSurvey(source="json", title=check.text(_("Title"), data.get("title")))
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        check.fail(_("Settings"), _("an object is expected."))
        settings = {}
    readers = {
        "audience": lambda w, v: check.choice(w, v, Survey.Audience.values, _("unknown audience “%(value)s”.")),
        "one_response_per_person": check.flag,
        "anonymous": check.flag,
        "intro": check.text,
        "thank_you": check.text,
        "privacy_notice": check.text,
        "min_group_size": check.whole,
    }
    for key in SETTINGS:
        if key in settings:
            value = readers[key](_("Settings, %(field)s") % {"field": key}, settings[key])
            if value is not None:
                parsed.settings[key] = value
    sections = data.get("sections")
    if sections is None:
        sections = []
    if not isinstance(sections, list):
        check.fail(_("Pages"), _("a list is expected."))
        sections = []
    for n, s in enumerate(sections, start=1):
        where = _("Page %(n)s") % {"n": n}
        if not isinstance(s, dict):
            check.fail(where, _("an object is expected."))
            continue
        section = SectionData(
            title=check.text(where, s.get("title"), max_length=200), description=check.text(where, s.get("description"))
        )
        questions = s.get("questions") or []
        if not isinstance(questions, list):
            check.fail(where, _("the questions must be a list."))
            questions = []
        for m, item in enumerate(questions, start=1):
            question = _json_question(check, _("Page %(n)s, question %(m)s") % {"n": n, "m": m}, item)
            if question is not None:
                section.questions.append(question)
        parsed.sections.append(section)
    if check.problems:
        raise ImportError_(check.problems)
    return parsed


def _json_question(check: _JsonChecker, where: str, item) -> QuestionData | None:
    if not isinstance(item, dict):
        check.fail(where, _("an object is expected."))
        return None
    before = len(check.problems)
    fields: dict = {}
    for key in QUESTION_FIELDS:
        if key not in item:
            continue
        at = f"{where}, {key}"
        value = item[key]
        if key == "kind":
            fields[key] = check.choice(at, value, Kind.values, _("unknown question type “%(value)s”."))
        elif key in ("code", "text", "help_text"):
            fields[key] = check.text(at, value, max_length=40 if key == "code" else None)
        elif key in ("required", "allow_other", "dont_know"):
            fields[key] = check.flag(at, value)
        elif key in ("min_value", "max_value"):
            fields[key] = check.number(at, value, as_decimal=True)
        elif key in ("map_center_lat", "map_center_lng"):
            fields[key] = check.number(at, value, as_decimal=False)
        elif key == "map_zoom" and value is not None:
            fields[key] = check.whole(at, value)
    if "kind" not in item:
        check.fail(where, _("the question type is missing."))
    show_if = item.get("show_if")
    condition = None
    if show_if:
        if (
            isinstance(show_if, dict)
            and isinstance(show_if.get("question"), str)
            and isinstance(show_if.get("option"), str)
        ):
            condition = (show_if["question"], show_if["option"])
        else:
            check.fail(f"{where}, show_if", _("an object with question and option is expected."))
    question = QuestionData(
        fields=fields,
        options=check.pairs(f"{where}, options", item.get("options")),
        rows=check.pairs(f"{where}, rows", item.get("rows")),
        show_if=condition,
    )
    return question if len(check.problems) == before else None


# --- LimeSurvey .lss ----------------------------------------------------------------------------

LSS_SINGLE = {"L": "list", "!": "dropdown list", "O": "list with comment", "Y": "yes/no", "G": "gender"}
LSS_MATRIX = {
    "F": "array",
    "H": "array by column",
    "A": "array (5 point)",
    "B": "array (10 point)",
    "C": "array (yes/uncertain/no)",
    "E": "array (increase/same/decrease)",
}
LSS_UNSUPPORTED = {
    "|": "file upload",
    "*": "equation",
    "X": "text display",
    "I": "language switch",
    "1": "dual scale array",
    ":": "array of numbers",
    ";": "array of texts",
}
RELEVANCE_RE = re.compile(r"^\(?\s*([A-Za-z][A-Za-z0-9_]*)(?:\.NAOK)?\s*==\s*[\"']([^\"']+)[\"']\s*\)?$")


def _clean(text: str | None) -> str:
    return html.unescape(strip_tags(text or "")).replace("\x00", "").strip()


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _table(root, name: str) -> list[dict]:
    node = root.find(name)
    if node is None:
        return []
    rows = []
    for row in node.findall("./rows/row"):
        rows.append({child.tag: (child.text or "") for child in row})
    return rows


def _pick_language(root) -> str:
    languages = [el.text for el in root.findall("./languages/language") if el.text]
    surveys = _table(root, "surveys")
    base = surveys[0].get("language") if surveys else ""
    if "de" in languages or base == "de":
        return "de"
    for lang in languages:
        if lang.startswith("de"):
            return lang
    return base or (languages[0] if languages else "")


def _texts(rows: list[dict], key: str, lang: str, *fields) -> dict:
    """``{id: {field: text}}`` in the chosen language (any language as a fallback)."""
    out: dict = {}
    for row in rows:
        if row.get("language", lang) == lang or row.get(key) not in out:
            out[row.get(key)] = {f: row.get(f, "") for f in fields}
    return out


def survey_parse_lss(*, content: bytes) -> ParsedSurvey:  # noqa: C901
    """Read a LimeSurvey structure export, noting in ``problems`` what cannot be taken over."""
    try:
        root = ElementTree.fromstring(content)
    except Exception as exc:  # defusedxml raises several types for bad or hostile XML
        raise ImportError_(_("The file is not a readable LimeSurvey structure export (.lss).")) from exc
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise ImportError_(_("The file is not a readable LimeSurvey structure export (.lss)."))
    lang = _pick_language(root)
    settings = _texts(
        _table(root, "surveys_languagesettings"),
        "surveyls_survey_id",
        lang,
        "surveyls_title",
        "surveyls_description",
        "surveyls_welcometext",
        "surveyls_endtext",
        "surveyls_language",
    )
    chosen = next((v for v in settings.values() if v.get("surveyls_language") == lang), None) or next(
        iter(settings.values()), {}
    )
    intro = "\n\n".join(
        x for x in (_clean(chosen.get("surveyls_description")), _clean(chosen.get("surveyls_welcometext"))) if x
    )
    parsed = ParsedSurvey(
        source="lss",
        title=_clean(chosen.get("surveyls_title"))[:200],
        settings={"intro": intro, "thank_you": _clean(chosen.get("surveyls_endtext"))},
    )
    problems = parsed.problems

    groups = sorted(_table(root, "groups"), key=lambda g: _int(g.get("group_order")))
    group_texts = _texts(_table(root, "group_l10ns"), "gid", lang, "group_name", "description")
    all_questions = _table(root, "questions")
    q_texts = _texts(_table(root, "question_l10ns"), "qid", lang, "question", "help")
    for row in all_questions:  # older exports keep texts in the questions table itself
        if row.get("question") and row.get("language", lang) == lang:
            q_texts[row.get("qid")] = {"question": row["question"], "help": row.get("help", "")}
    main = [q for q in all_questions if (q.get("parent_qid") or "0") == "0"]
    subs = defaultdict(list)
    for q in all_questions + _table(root, "subquestions"):
        if (q.get("parent_qid") or "0") != "0":
            subs[q["parent_qid"]].append(q)
    answers = defaultdict(list)
    answer_texts = _texts(_table(root, "answer_l10ns"), "aid", lang, "answer")
    seen_answers = set()
    for a in _table(root, "answers"):
        if a.get("language", lang) != lang and (a.get("qid"), a.get("code"), a.get("scale_id")) in seen_answers:
            continue
        seen_answers.add((a.get("qid"), a.get("code"), a.get("scale_id")))
        label = a.get("answer") or answer_texts.get(a.get("aid"), {}).get("answer", "")
        answers[a.get("qid")].append((_int(a.get("sortorder")), a.get("code", ""), _clean(label), a.get("scale_id")))

    def sub_items(qid):
        items = []
        for s in sorted(subs.get(qid, []), key=lambda s: _int(s.get("question_order"))):
            if (s.get("scale_id") or "0") != "0":
                continue
            text = _clean(q_texts.get(s.get("qid"), {}).get("question")) or s.get("title", "")
            items.append((s.get("title", "")[:OPTION_VALUE_MAX], text))
        return [(value, label) for value, label in items if value]

    def answer_items(qid):
        return [
            (code[:OPTION_VALUE_MAX], label or code)
            for _, code, label, scale in sorted(answers.get(qid, []))
            if (scale or "0") == "0" and code
        ]

    codes_used: set[str] = set()
    kinds: dict[str, tuple[str, set[str]]] = {}  # code -> (kind, option values), for conditions
    conditions: list[tuple[QuestionData, str]] = []
    for g in groups or [{"gid": None}]:
        gt = group_texts.get(g.get("gid"), {})
        section = SectionData(title=_clean(gt.get("group_name"))[:200], description=_clean(gt.get("description")))
        parsed.sections.append(section)
        group_questions = sorted(
            (q for q in main if q.get("gid") == g.get("gid") or g.get("gid") is None),
            key=lambda q: _int(q.get("question_order")),
        )
        for row in group_questions:
            code, qtype, qid = (row.get("title") or "")[:40], row.get("type", ""), row.get("qid")
            text = _clean(q_texts.get(qid, {}).get("question"))
            help_text = _clean(q_texts.get(qid, {}).get("help"))
            if qtype in LSS_UNSUPPORTED:
                problems.append(
                    _("Question %(code)s (%(type)s) was not imported: this type is not supported.")
                    % {"code": code, "type": LSS_UNSUPPORTED[qtype]}
                )
                continue
            if not text:
                problems.append(_("Question %(code)s has no text; its code was used instead.") % {"code": code})
                text = code or "?"
            base = {
                "text": text,
                "help_text": help_text,
                "required": row.get("mandatory") == "Y",
                "allow_other": row.get("other") == "Y",
            }
            specs = []  # (code, kind, options, rows, extra fields)
            if qtype in LSS_SINGLE:
                opts = answer_items(qid)
                if qtype == "Y":
                    opts = [("Y", _("Yes")), ("N", _("No"))]
                elif qtype == "G":
                    opts = [("F", _("Female")), ("M", _("Male"))]
                if qtype == "O":
                    problems.append(_("Question %(code)s: the comment field was left out.") % {"code": code})
                specs.append((code, Kind.SINGLE, opts, [], {}))
            elif qtype in ("M", "P"):
                if qtype == "P":
                    problems.append(_("Question %(code)s: the comment fields were left out.") % {"code": code})
                specs.append((code, Kind.MULTIPLE, sub_items(qid), [], {}))
            elif qtype == "S":
                specs.append((code, Kind.SHORT_TEXT, [], [], {}))
            elif qtype in ("T", "U"):
                specs.append((code, Kind.LONG_TEXT, [], [], {}))
            elif qtype == "N":
                specs.append((code, Kind.NUMBER, [], [], {}))
            elif qtype == "D":
                specs.append((code, Kind.DATE, [], [], {}))
            elif qtype == "5":
                specs.append((code, Kind.RATING, [(str(i), str(i)) for i in range(1, 6)], [], {}))
            elif qtype == "R":
                specs.append((code, Kind.RANKING, answer_items(qid), [], {}))
            elif qtype in LSS_MATRIX:
                scale = {
                    "A": [(str(i), str(i)) for i in range(1, 6)],
                    "B": [(str(i), str(i)) for i in range(1, 11)],
                    "C": [("Y", _("Yes")), ("U", _("Uncertain")), ("N", _("No"))],
                    "E": [("I", _("Increase")), ("S", _("Same")), ("D", _("Decrease"))],
                }.get(qtype) or answer_items(qid)
                specs.append((code, Kind.MATRIX, scale, sub_items(qid), {}))
            elif qtype in ("Q", "K"):
                kind = Kind.SHORT_TEXT if qtype == "Q" else Kind.NUMBER
                problems.append(
                    _("Question %(code)s (several fields) was split into one question per field.") % {"code": code}
                )
                for sub_code, sub_text in sub_items(qid):
                    specs.append((f"{code}_{sub_code}"[:40], kind, [], [], {"text": f"{text} – {sub_text}"}))
            else:
                problems.append(
                    _("Question %(code)s (type %(type)s) was not imported: unknown type.")
                    % {"code": code, "type": qtype[:10]}
                )
                continue
            for spec_code, kind, opts, rows, extra in specs:
                if kind in Question.OPTION_KINDS and not opts or kind == Kind.MATRIX and not rows:
                    problems.append(
                        _("Question %(code)s was not imported: it has no answer options.") % {"code": spec_code}
                    )
                    continue
                if kind == Kind.RATING and len(opts) not in (4, 5):
                    kind = Kind.SINGLE
                unique = spec_code or f"Q{len(codes_used) + 1}"
                n = 1
                while unique in codes_used:
                    n += 1
                    unique = f"{spec_code}_{n}"[-40:]
                codes_used.add(unique)
                fields = {**base, **extra, "kind": kind, "code": unique}
                if kind not in (Kind.SINGLE, Kind.MULTIPLE):
                    fields["allow_other"] = False
                question = QuestionData(fields=fields, options=opts, rows=rows)
                section.questions.append(question)
                kinds[unique] = (kind, {value for value, _label in opts})
                relevance = (row.get("relevance") or "1").strip()
                if relevance not in ("", "1"):
                    conditions.append((question, relevance))
    for question, relevance in conditions:
        match = RELEVANCE_RE.match(relevance)
        source_kind, values = kinds.get(match.group(1), (None, set())) if match else (None, set())
        if source_kind not in Question.CHOICE_KINDS or match.group(2) not in values:
            problems.append(
                _("Question %(code)s: the condition “%(expr)s” was not imported; it is always shown.")
                % {"code": question.fields["code"], "expr": relevance[:200]}
            )
            continue
        question.show_if = (match.group(1), match.group(2))
    return parsed
