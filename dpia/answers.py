"""A screening's answers as data: read them, check them for completeness, show them in words, and
compare two submitted versions. Every page and the PDF use these, so they agree with each other."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import formats

from dpia.questions import (
    CHOICE,
    DATE,
    MULTIPLE,
    QUESTIONS,
    SECTIONS,
    TICK,
    YES_NO,
    AdministrativeBasis,
    OperationalBasis,
    Question,
    ScreeningSpecialCategory,
    Section,
    YesNo,
)

Answers = dict[str, Any]
NOT_ANSWERED = "Not answered"


def answers_of(screening: Any) -> Answers:
    """The screening's current answers, keyed by question, as JSON-friendly values."""
    answers: Answers = {}
    for key, question in QUESTIONS.items():
        if key == "project":
            project = screening.project
            answers[key] = {"id": project.pk, "reference": project.reference, "name": project.name}
            continue
        value = getattr(screening, key)
        if question.kind == DATE and value is not None:
            value = value.isoformat()
        answers[key] = value
    return answers


def _blank(value: Any) -> bool:
    return value in (None, "", [], False)


def _is_shown(question: Question, answers: Answers) -> bool:
    if question.shown_when is None:
        return True
    key, revealing = question.shown_when
    value = answers.get(key)
    if isinstance(value, list):
        return any(item in revealing for item in value)
    return value in revealing


def uses_special_category_data(answers: Answers) -> bool:
    chosen = answers.get("special_categories") or []
    return any(item != ScreeningSpecialCategory.NONE for item in chosen)


def required_message(question: Question) -> str:
    """The error message for a required question left unanswered, naming the question."""
    if question.error:
        return question.error
    subject = question.number or question.text.rstrip(":?.").lower()
    if question.kind in (YES_NO,):
        return f"Select yes or no for {subject}"
    if question.kind == MULTIPLE:
        return f"Select at least one answer for {subject}"
    if question.kind == CHOICE:
        return f"Select an answer for {subject}" if question.number else f"Select the {subject}"
    if question.kind == DATE:
        return f"Enter the {subject}"
    return f"Enter your answer to {subject}" if question.number else f"Enter the {subject}"


def section_problems(section: Section, answers: Answers) -> dict[str, str]:
    """What stops the section being complete: question key → the message to show by it."""
    problems = {
        question.key: required_message(question)
        for question in section.questions
        if question.required and _is_shown(question, answers) and _blank(answers.get(question.key))
    }
    if section.number == 2:
        chosen = answers.get("special_categories") or []
        if ScreeningSpecialCategory.NONE in chosen and len(chosen) > 1:
            problems["special_categories"] = "Select ‘None’ or the special categories that apply, not both"
    if section.number == 3:
        problems.update(_lawful_basis_problems(answers))
    return problems


def _lawful_basis_problems(answers: Answers) -> dict[str, str]:
    problems: dict[str, str] = {}
    operational = answers.get("operational_basis")
    administrative = answers.get("administrative_basis")
    if operational == OperationalBasis.NOT_APPLICABLE and administrative == AdministrativeBasis.NOT_APPLICABLE:
        problems["operational_basis"] = "Choose a lawful basis for operational or administrative data"
    if answers.get("administrative_public_interest") and not answers.get("administrative_public_interest_purpose"):
        problems["administrative_public_interest_purpose"] = "Select the substantial public interest purpose"
    if not uses_special_category_data(answers):
        return problems
    # 3.2: special category data needs a further condition for each kind of data processed.
    if operational and operational != OperationalBasis.NOT_APPLICABLE:
        if not answers.get("operational_strictly_necessary"):
            problems["operational_strictly_necessary"] = (
                "Confirm the processing of special category operational data is strictly necessary"
            )
        if not answers.get("operational_condition"):
            problems["operational_condition"] = "Select the Schedule 8 condition for special category operational data"
    if administrative and administrative != AdministrativeBasis.NOT_APPLICABLE:
        has_condition = bool(answers.get("administrative_condition"))
        has_public_interest = bool(answers.get("administrative_public_interest"))
        if not has_condition and not has_public_interest:
            problems["administrative_condition"] = (
                "Select an Article 9 condition, or confirm the substantial public interest, for special "
                "category administrative data"
            )
    return problems


def section_state(section: Section, answers: Answers) -> str:
    """The GOV.UK task list's words for a section: Completed, In progress or Not yet started."""
    if not section_problems(section, answers):
        return "Completed"
    started = any(not _blank(answers.get(q.key)) for q in section.questions if q.key != "project")
    return "In progress" if started else "Not yet started"


def incomplete_sections(answers: Answers) -> list[Section]:
    return [section for section in SECTIONS if section_problems(section, answers)]


def show(question: Question, value: Any, org: str = "WMP") -> str:
    """An answer in words, as the person chose it."""
    if question.key == "project":
        return f"{value['name']} ({value['reference']})" if value else NOT_ANSWERED
    if question.kind == TICK:
        return "Yes" if value else "No"
    if _blank(value):
        return NOT_ANSWERED
    if question.kind == DATE:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
        return formats.date_format(day, "j F Y")
    if question.choices is not None:
        known = dict(question.choices.choices)
        if question.kind == MULTIPLE:
            return ", ".join(_org_label(str(known.get(item, item)), org) for item in value)
        return _org_label(str(known.get(value, value)), org)
    return str(value)


def _org_label(label: str, org: str) -> str:
    return f"{org} staff (current and former)" if label == "Staff (current and former)" else label


@dataclass(frozen=True)
class ShownAnswer:
    question: Question
    label: str
    answer: str
    shown: bool

    @property
    def anchor(self) -> str:
        """The id of the question's first input on its section page (for "Change" links)."""
        question = self.question
        grouped = question.kind in (YES_NO, MULTIPLE, DATE) or (
            question.kind == CHOICE and question.choices is not None and len(question.choices) <= 10
        )
        return f"id_{question.key}_0" if grouped else f"id_{question.key}"


def shown_answers(section: Section, answers: Answers, org: str = "WMP") -> list[ShownAnswer]:
    return [
        ShownAnswer(q, q.label(org), show(q, answers.get(q.key), org), _is_shown(q, answers)) for q in section.questions
    ]


@dataclass(frozen=True)
class ChangedAnswer:
    section: Section
    question: Question
    label: str
    before: str
    after: str


def compare(older: Answers, newer: Answers, org: str = "WMP") -> list[ChangedAnswer]:
    """Every question whose answer differs between two versions, in the form's order."""
    changes = []
    for section in SECTIONS:
        for question in section.questions:
            before, after = older.get(question.key), newer.get(question.key)
            if before != after and not (_blank(before) and _blank(after)):
                changes.append(
                    ChangedAnswer(
                        section,
                        question,
                        question.label(org),
                        show(question, before, org),
                        show(question, after, org),
                    )
                )
    return changes


def is_yes(answers: Answers, key: str) -> bool:
    return answers.get(key) == YesNo.YES
