"""Survey structures in and out: our JSON format, and LimeSurvey ``.lss`` structure exports.

Imports create a new draft survey and return a report of everything that could not be taken
over, in words a clerk understands.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from defusedxml import ElementTree
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import Question, Section, Survey
from .selectors import survey_structure

Kind = Question.Kind
JSON_FORMAT = "beteiligung-hessen-survey"
SETTINGS = ["audience", "one_response_per_person", "anonymous", "intro", "thank_you", "privacy_notice",
            "min_group_size"]  # fmt: skip
QUESTION_FIELDS = ["code", "kind", "text", "help_text", "required", "allow_other", "dont_know", "min_value",
                   "max_value", "map_center_lat", "map_center_lng", "map_zoom"]  # fmt: skip


class ImportError_(Exception):
    """The file is not a survey structure we can read."""


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
    out = {"format": JSON_FORMAT, "version": 1, "title": survey.title,
           "settings": {k: getattr(survey, k) for k in SETTINGS}, "sections": []}  # fmt: skip
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
                item["show_if"] = {"question": codes.get(q.show_if_question_id),
                                   "option": values.get(q.show_if_option_id)}  # fmt: skip
            questions.append(item)
        out["sections"].append({"title": s.title, "description": s.description, "questions": questions})
    return out


@transaction.atomic
def survey_from_json(*, data: dict, title: str = "", actor=None) -> Survey:
    """A new draft survey from ``survey_to_json`` output."""
    from .services import audit, question_save, unique_slug

    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise ImportError_(_("This is not a survey file of this platform."))
    title = (title or data.get("title") or _("Imported survey"))[:200]
    settings = {k: v for k, v in (data.get("settings") or {}).items() if k in SETTINGS}
    survey = Survey(title=title, slug=unique_slug(title), **settings)
    survey.full_clean()
    survey.save()
    by_code: dict[str, Question] = {}
    pending = []
    for position, s in enumerate(data.get("sections") or []):
        section = Section.objects.create(
            survey=survey, title=s.get("title", "")[:200], description=s.get("description", ""), position=position
        )
        for item in s.get("questions") or []:
            fields = {k: item[k] for k in QUESTION_FIELDS if k in item}
            for k in ("min_value", "max_value"):
                if fields.get(k) is not None:
                    fields[k] = Decimal(fields[k])
            question = Question(survey=survey, section=section, **fields)
            question_save(
                question=question,
                options=[tuple(x) for x in item.get("options") or []],
                rows=[tuple(x) for x in item.get("rows") or []],
            )
            by_code[question.code] = question
            if item.get("show_if"):
                pending.append((question, item["show_if"]))
    if not survey.sections.exists():
        Section.objects.create(survey=survey, position=0)
    for question, cond in pending:
        source = by_code.get(cond.get("question"))
        if source is not None:
            option = source.options.filter(value=cond.get("option"), is_row=False).first()
            if option is not None:
                Question.objects.filter(pk=question.pk).update(show_if_question=source, show_if_option=option)
    audit(survey=survey, action="survey.import_json", actor=actor)
    return survey


# --- LimeSurvey .lss ----------------------------------------------------------------------------

LSS_SINGLE = {"L": "list", "!": "dropdown list", "O": "list with comment", "Y": "yes/no", "G": "gender"}
LSS_MATRIX = {"F": "array", "H": "array by column", "A": "array (5 point)", "B": "array (10 point)",
              "C": "array (yes/uncertain/no)", "E": "array (increase/same/decrease)"}  # fmt: skip
LSS_UNSUPPORTED = {"|": "file upload", "*": "equation", "X": "text display", "I": "language switch",
                   "1": "dual scale array", ":": "array of numbers", ";": "array of texts"}  # fmt: skip
RELEVANCE_RE = re.compile(r"^\(?\s*([A-Za-z][A-Za-z0-9_]*)(?:\.NAOK)?\s*==\s*[\"']([^\"']+)[\"']\s*\)?$")


def _clean(text: str | None) -> str:
    return html.unescape(strip_tags(text or "")).strip()


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


@transaction.atomic
def survey_from_lss(*, content: bytes, title: str = "", actor=None) -> ImportReport:  # noqa: C901
    """Import a LimeSurvey structure export as a new draft survey, reporting what was left out."""
    from .services import audit, question_save, unique_slug

    try:
        root = ElementTree.fromstring(content)
    except Exception as exc:  # defusedxml raises several types for bad or hostile XML
        raise ImportError_(_("The file is not a readable LimeSurvey structure export (.lss).")) from exc
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise ImportError_(_("The file is not a readable LimeSurvey structure export (.lss)."))
    report = ImportReport()
    lang = _pick_language(root)
    settings = _texts(_table(root, "surveys_languagesettings"), "surveyls_survey_id", lang, "surveyls_title",
                      "surveyls_description", "surveyls_welcometext", "surveyls_endtext", "surveyls_language")
    chosen = next((v for v in settings.values() if v.get("surveyls_language") == lang), None) or next(
        iter(settings.values()), {}
    )
    title = (title or _clean(chosen.get("surveyls_title")) or _("Imported survey"))[:200]
    intro = "\n\n".join(x for x in (_clean(chosen.get("surveyls_description")),
                                     _clean(chosen.get("surveyls_welcometext"))) if x)  # fmt: skip
    survey = Survey(title=title, slug=unique_slug(title), intro=intro, thank_you=_clean(chosen.get("surveyls_endtext")))
    survey.full_clean()
    survey.save()
    report.survey = survey

    groups = sorted(_table(root, "groups"), key=lambda g: int(g.get("group_order") or 0))
    group_texts = _texts(_table(root, "group_l10ns"), "gid", lang, "group_name", "description")
    all_questions = _table(root, "questions")
    q_texts = _texts(_table(root, "question_l10ns"), "qid", lang, "question", "help")
    for row in all_questions:  # older exports keep texts in the questions table itself
        if row.get("question") and row.get("language", lang) == lang:
            q_texts[row["qid"]] = {"question": row["question"], "help": row.get("help", "")}
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
        answers[a["qid"]].append((int(a.get("sortorder") or 0), a.get("code", ""), _clean(label), a.get("scale_id")))

    def sub_items(qid):
        items = []
        for s in sorted(subs.get(qid, []), key=lambda s: int(s.get("question_order") or 0)):
            if (s.get("scale_id") or "0") != "0":
                continue
            text = _clean(q_texts.get(s["qid"], {}).get("question")) or s.get("title", "")
            items.append((s.get("title", "")[:40], text))
        return items

    def answer_items(qid):
        return [(code[:40], label or code) for _, code, label, scale in sorted(answers.get(qid, []))
                if (scale or "0") == "0"]

    codes_used: set[str] = set()
    created: dict[str, Question] = {}
    conditions = []
    for position, g in enumerate(groups or [{"gid": None}]):
        gt = group_texts.get(g.get("gid"), {})
        section = Section.objects.create(survey=survey, title=_clean(gt.get("group_name"))[:200],
                                         description=_clean(gt.get("description")), position=position)  # fmt: skip
        group_questions = sorted((q for q in main if q.get("gid") == g.get("gid") or g.get("gid") is None),
                                 key=lambda q: int(q.get("question_order") or 0))  # fmt: skip
        for row in group_questions:
            code, qtype, qid = row.get("title", "")[:40], row.get("type", ""), row.get("qid")
            text = _clean(q_texts.get(qid, {}).get("question"))
            help_text = _clean(q_texts.get(qid, {}).get("help"))
            if qtype in LSS_UNSUPPORTED:
                report.problems.append(_("Question %(code)s (%(type)s) was not imported: this type is not supported.")
                                       % {"code": code, "type": LSS_UNSUPPORTED[qtype]})
                continue
            if not text:
                report.problems.append(_("Question %(code)s has no text; its code was used instead.") % {"code": code})
                text = code or "?"
            base = {"text": text, "help_text": help_text, "required": row.get("mandatory") == "Y",
                    "allow_other": row.get("other") == "Y"}  # fmt: skip
            specs = []  # (code, kind, text, options, rows, extra)
            if qtype in LSS_SINGLE:
                opts = answer_items(qid)
                if qtype == "Y":
                    opts = [("Y", _("Yes")), ("N", _("No"))]
                elif qtype == "G":
                    opts = [("F", _("Female")), ("M", _("Male"))]
                if qtype == "O":
                    report.problems.append(_("Question %(code)s: the comment field was left out.") % {"code": code})
                specs.append((code, Kind.SINGLE, opts, [], {}))
            elif qtype in ("M", "P"):
                if qtype == "P":
                    report.problems.append(_("Question %(code)s: the comment fields were left out.") % {"code": code})
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
                report.problems.append(
                    _("Question %(code)s (several fields) was split into one question per field.") % {"code": code}
                )
                for sub_code, sub_text in sub_items(qid):
                    specs.append((f"{code}_{sub_code}"[:40], kind, [], [], {"text": f"{text} – {sub_text}"}))
            else:
                report.problems.append(_("Question %(code)s (type %(type)s) was not imported: unknown type.")
                                       % {"code": code, "type": qtype})
                continue
            for spec_code, kind, opts, rows, extra in specs:
                if kind in Question.OPTION_KINDS and not opts or kind == Kind.MATRIX and not rows:
                    report.problems.append(_("Question %(code)s was not imported: it has no answer options.")
                                           % {"code": spec_code})
                    continue
                if kind == Kind.RATING and len(opts) not in (4, 5):
                    kind = Kind.SINGLE
                unique = spec_code or f"Q{len(codes_used) + 1}"
                n = 1
                while unique in codes_used:
                    n += 1
                    unique = f"{spec_code}_{n}"
                codes_used.add(unique)
                question = Question(survey=survey, section=section, kind=kind, code=unique, **{**base, **extra})
                if kind not in (Kind.SINGLE, Kind.MULTIPLE):
                    question.allow_other = False
                question_save(question=question, options=opts, rows=rows)
                created[unique] = question
                report.questions += 1
                relevance = (row.get("relevance") or "1").strip()
                if relevance not in ("", "1"):
                    conditions.append((question, relevance))
    for question, relevance in conditions:
        match = RELEVANCE_RE.match(relevance)
        source = created.get(match.group(1)) if match else None
        option = source.options.filter(value=match.group(2), is_row=False).first() if source else None
        if option is None or source.kind not in Question.CHOICE_KINDS:
            report.problems.append(_("Question %(code)s: the condition “%(expr)s” was not imported; it is always shown.")
                                   % {"code": question.code, "expr": relevance})
            continue
        Question.objects.filter(pk=question.pk).update(show_if_question=source, show_if_option=option)
    if not survey.sections.exists():
        Section.objects.create(survey=survey, position=0)
    audit(survey=survey, action="survey.import_lss", actor=actor, questions=report.questions,
          problems=len(report.problems))  # fmt: skip
    return report
