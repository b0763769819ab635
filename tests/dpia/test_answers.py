from __future__ import annotations

import pytest

from dpia.answers import compare, incomplete_sections, section_problems, section_state, show
from dpia.questions import QUESTIONS, SECTIONS, SECTIONS_BY_SLUG
from tests.dpia.conftest import FACTOR_KEYS, low_risk_answers

PURPOSE = SECTIONS_BY_SLUG["purpose"]
LAWFUL = SECTIONS_BY_SLUG["lawful-basis"]
RETENTION = SECTIONS_BY_SLUG["retention"]
FACTORS = SECTIONS_BY_SLUG["ico-factors"]


def complete():
    return {
        "project": {"id": 1, "reference": "WMP-PRJ-2026-0001", "name": "Burglary counts"},
        **low_risk_answers(),
    }


def test_a_complete_set_of_answers_has_no_problems():
    assert incomplete_sections(complete()) == []
    assert all(section_state(section, complete()) == "Completed" for section in SECTIONS)


def test_an_empty_section_is_not_yet_started_and_a_partial_one_in_progress():
    assert section_state(PURPOSE, {}) == "Not yet started"
    assert section_state(PURPOSE, {"aim_and_purpose": "Begun"}) == "In progress"


@pytest.mark.parametrize("key", [q.key for q in PURPOSE.questions if q.required and not q.shown_when])
def test_every_required_question_of_section_2_is_required(key):
    answers = complete()
    answers[key] = [] if isinstance(answers[key], list) else ""
    assert key in section_problems(PURPOSE, answers)


def test_problems_name_the_question():
    answers = complete()
    answers["volume"] = ""
    answers["new_information"] = ""
    problems = section_problems(PURPOSE, answers)
    assert problems["volume"] == "Select an answer for 2.6"
    assert problems["new_information"] == "Select yes or no for 2.8"


def test_other_data_subjects_need_details_only_when_other_is_chosen():
    answers = complete()
    answers["data_subjects"] = ["victims", "other"]
    assert section_problems(PURPOSE, answers) == {
        "data_subjects_other": "Enter details of the other categories of data subject"
    }
    answers["data_subjects_other"] = "Complainants to the professional standards department"
    assert section_problems(PURPOSE, answers) == {}


def test_none_excludes_the_special_categories():
    answers = complete()
    answers["special_categories"] = ["none", "health"]
    assert "not both" in section_problems(PURPOSE, answers)["special_categories"]


@pytest.mark.parametrize("key", FACTOR_KEYS)
def test_a_yes_in_section_5_needs_details(key):
    answers = complete()
    answers[key] = "yes"
    assert section_problems(FACTORS, answers) == {
        f"{key}_details": f"Enter further details for {QUESTIONS[key].number}"
    }
    answers[f"{key}_details"] = "Explained"
    assert section_problems(FACTORS, answers) == {}


def test_the_retention_follow_up_depends_on_the_answer():
    answers = complete()
    answers["retention_schedule"] = ""
    assert "retention_schedule" in section_problems(RETENTION, answers)
    answers["retention_compliant"] = "no"
    assert set(section_problems(RETENTION, answers)) == {"retention_gap"}
    answers["retention_gap"] = "The archive has no deletion date yet; one will be set."
    assert section_problems(RETENTION, answers) == {}


class TestLawfulBasis:
    def test_one_basis_must_apply(self):
        answers = complete()
        answers["operational_basis"] = "n/a"
        assert "operational_basis" in section_problems(LAWFUL, answers)

    def test_special_category_operational_data_needs_strict_necessity_and_a_schedule_8_condition(self):
        answers = complete()
        answers["special_categories"] = ["race"]
        problems = section_problems(LAWFUL, answers)
        assert set(problems) == {"operational_strictly_necessary", "operational_condition"}
        answers.update(operational_strictly_necessary=True, operational_condition="1")
        assert section_problems(LAWFUL, answers) == {}

    def test_special_category_administrative_data_needs_an_article_9_condition_or_substantial_public_interest(
        self,
    ):
        answers = complete()
        answers.update(special_categories=["health"], operational_basis="n/a", administrative_basis="e")
        assert set(section_problems(LAWFUL, answers)) == {"administrative_condition"}
        assert section_problems(LAWFUL, {**answers, "administrative_condition": "9b"}) == {}
        with_interest = {**answers, "administrative_public_interest": True}
        assert set(section_problems(LAWFUL, with_interest)) == {"administrative_public_interest_purpose"}
        assert section_problems(LAWFUL, {**with_interest, "administrative_public_interest_purpose": "18"}) == {}

    def test_no_special_category_data_needs_no_further_condition(self):
        assert section_problems(LAWFUL, complete()) == {}


def test_answers_are_shown_in_words():
    assert show(QUESTIONS["volume"], "over_5000") == "More than 5000 data subjects"
    assert show(QUESTIONS["special_categories"], ["race", "health"]) == "Race, Health"
    assert show(QUESTIONS["data_subjects"], ["staff"], "WMP") == "WMP staff (current and former)"
    assert show(QUESTIONS["processing_commences"], "2019-11-18") == "18 November 2019"
    assert show(QUESTIONS["profiling"], "") == "Not answered"
    assert show(QUESTIONS["operational_strictly_necessary"], True) == "Yes"


def test_comparing_versions_lists_only_the_answers_that_changed_in_form_order():
    older = complete()
    newer = {**older, "volume": "over_5000", "aim_and_purpose": "A clearer aim.", "profiling_details": ""}
    changes = compare(older, newer)
    assert [(c.question.number, c.before, c.after) for c in changes] == [
        ("2.1", older["aim_and_purpose"], "A clearer aim."),
        ("2.6", "1000 to 5000 data subjects", "More than 5000 data subjects"),
    ]
