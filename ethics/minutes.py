"""The minutes of a meeting in the seed's structure: welcome and apologies; per paper the overview,
questions and actions; then the committee's advice and recommendations per paper with the option and
its meaning; the day's events; the close.

The public version names staff by their initials (as the published minutes do) and leaves out items
marked confidential.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ethics.models import AttendanceKind, Hearing, ItemKind, Meeting


@dataclass
class Redactor:
    """Replaces staff's names with their initials in free text, for the public minutes.

    A name is matched as recorded ("Chief Inspector Jane Bailey"), without its rank or title ("Jane
    Bailey"), and as rank and surname ("Chief Inspector Bailey"); a name followed by its initials in
    brackets reads as the initials alone."""

    names: dict[str, str] = field(default_factory=dict)  # full name → initials

    @staticmethod
    def variants(name: str) -> set[str]:
        words = name.split()
        found = {name}
        if len(words) > 2:
            found |= {" ".join(words[-2:]), " ".join([*words[:-2], words[-1]])}
        return found

    def __call__(self, text: str) -> str:
        pairs = [(variant, initials) for name, initials in self.names.items() for variant in self.variants(name)]
        for name, initials in sorted(pairs, key=lambda pair: -len(pair[0])):
            text = re.sub(rf"\b{re.escape(name)}\b\s*\({re.escape(initials)}\)", initials, text)
            text = re.sub(rf"\b{re.escape(name)}\b", initials, text)
        return text


def lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def _paper(hearing: Hearing, redact: Redactor) -> dict[str, Any]:
    option = hearing.advice_option
    return {
        "heading": redact(hearing.heading or f"Explanation of the ‘{hearing.case.reference}’ paper"),
        "title": hearing.case.title,
        "reference": hearing.case.reference,
        "presenters": redact(hearing.presenters),
        "overview": [redact(line) for line in lines(hearing.overview)],
        "questions": [(redact(q.question), redact(q.answer)) for q in hearing.questions.all()],
        "actions": [redact(a.text) + (f" ({redact(a.owner)})" if a.owner else "") for a in hearing.actions.all()],
        "positive": [redact(line) for line in lines(hearing.positive_comments)],
        "to_address": [redact(line) for line in lines(hearing.questions_to_address)],
        "recommendations": [redact(line) for line in lines(hearing.recommendations)],
        "option": hearing.option,
        "option_label": option.label if option else "",
        "option_text": option.text if option else "",
        "terms_version": hearing.terms.version if hearing.terms else None,
        "vote": hearing.vote,
        "counts": (hearing.votes_for, hearing.votes_against, hearing.abstentions),
        "conditions": [redact(c.text) for c in hearing.conditions.all()],
        "advice": redact(hearing.advice),
    }


def minutes_context(meeting: Meeting, *, public: bool) -> dict[str, Any]:
    attendance = list(meeting.attendance.in_minutes_order())
    redact = Redactor(
        {a.name: a.public_name for a in attendance if a.is_staff and a.name != a.public_name} if public else {}
    )

    def people(kind: str) -> list[str]:
        return [
            (a.public_name if public else a.name) + (f", {redact(a.role)}" if a.role else "")
            for a in attendance
            if a.kind == kind
        ]

    items = list(
        meeting.agenda.select_related("hearing__case", "hearing__terms").prefetch_related(
            "hearing__questions", "hearing__actions", "hearing__conditions", "hearing__terms__options"
        )
    )
    if public:
        items = [item for item in items if not item.confidential]
    papers: list[dict[str, Any]] = []
    proceedings: list[dict[str, Any]] = []  # the papers and the day's events, in agenda order
    other_business: list[dict[str, Any]] = []
    for item in items:
        if item.kind == ItemKind.CASE and item.hearing is not None:
            paper = _paper(item.hearing, redact)
            papers.append(paper)
            proceedings.append({"kind": "paper", "paper": paper})
        else:
            entry = {
                "kind": item.kind,
                "title": redact(item.title).rstrip(". "),
                "description": redact(item.description),
                "time": item.time,
            }
            (other_business if item.kind == ItemKind.ITEM else proceedings).append(entry)
    return {
        "meeting": meeting,
        "public": public,
        "welcome": redact(meeting.welcome)
        or f"The Chair welcomed everyone to the {meeting.name.removeprefix('The ')}.",
        "apologies": people(AttendanceKind.APOLOGIES),
        "present": people(AttendanceKind.PRESENT),
        "guests": people(AttendanceKind.GUEST),
        "papers": papers,
        "proceedings": proceedings,
        "other_business": other_business,
        "general_comments": [redact(line) for line in lines(meeting.general_comments)],
        "amendments": [] if public else list(meeting.amendments.select_related("made_by")),
    }
