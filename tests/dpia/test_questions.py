"""The screening form asks every question of the seed form, in its order and words."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from dpia.questions import QUESTIONS, SECTIONS, Outcome

SEED = settings.BASE_DIR.parent / "shared" / "seeds" / "ndas-dpia-stage-1-form.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed form is not beside the repository ({SEED})")
    text = SEED.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", text)  # the seed keeps some table cells as HTML
    return " ".join(text.replace("*", "").split())


def _normal(text: str) -> str:
    return " ".join(text.replace("{org}", "WMP").split())


NUMBERED = [q for q in QUESTIONS.values() if q.number]
SECTION_ONE = list(SECTIONS[0].questions)


@pytest.mark.parametrize("question", NUMBERED + SECTION_ONE, ids=lambda q: q.number or q.key)
def test_each_question_uses_the_seed_forms_words(seed_text, question):
    assert _normal(question.text) in seed_text
    if question.help and question in NUMBERED:  # section 1's hints are ours: the seed gives none
        first_clause = re.split(r"(?<=[.?:])\s", _normal(question.help))[0][:60]
        assert first_clause in seed_text


def test_the_numbered_questions_come_in_the_seed_forms_order(seed_text):
    positions = [seed_text.index(f"{q.number} {_normal(q.text)}") for q in NUMBERED]
    assert positions == sorted(positions)
    assert [q.number for q in NUMBERED] == [
        "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8",
        "2.10.1", "2.10.2", "2.10.3", "2.10.4", "2.10.5", "2.10", "2.11", "4.1",
        *[f"5.{n}" for n in range(1, 15)],
    ]  # fmt: skip


def test_labels_carry_the_number_and_the_question():
    assert QUESTIONS["volume"].label() == "2.6 How many individuals will the processing affect?"
    assert QUESTIONS["project"].label() == "Project Proposal Name"
    assert QUESTIONS["new_information"].help_text("HP") == (
        "Will HP collect data that it has not previously collected or had access to?"
    )


def test_the_options_are_the_seed_forms(seed_text):
    for choice in QUESTIONS["special_categories"].choices:
        assert choice.label in seed_text
    for choice in QUESTIONS["volume"].choices:
        assert choice.label in seed_text
    for choice in QUESTIONS["agreement_in_place"].choices:
        assert choice.label in seed_text
    for outcome in Outcome:
        assert outcome.label in seed_text


def test_sections_are_the_seed_forms_five(seed_text):
    for section in SECTIONS:
        assert section.title.replace("–", "-") in seed_text.replace("–", "-")
