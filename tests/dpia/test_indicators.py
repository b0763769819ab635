"""The high-risk indicator rules, table-driven over every section-5 factor and special category."""

from __future__ import annotations

import pytest

from dpia.indicators import ARTICLE_35, ICO_LIST, WP248, Trigger, indicators, suggestion
from dpia.questions import QUESTIONS, Outcome, ScreeningSpecialCategory
from tests.dpia.conftest import low_risk_answers

# Each factor answered "yes" on its own: the indicators it triggers (source, name).
FACTOR_INDICATORS = {
    "profiling": {
        (
            ARTICLE_35,
            "(a) Systematic and extensive evaluation or profiling with legal or similarly significant effects",
        ),
        (WP248, "Evaluation or scoring"),
        (WP248, "Automated decision-making with legal or similar significant effect"),
    },
    "large_scale_sensitive": {
        (ARTICLE_35, "(b) Large-scale processing of special category or criminal offence data"),
        (WP248, "Sensitive data or data of a highly personal nature"),
    },
    "public_monitoring": {
        (ARTICLE_35, "(c) Large-scale systematic monitoring of a publicly accessible area"),
        (WP248, "Systematic monitoring"),
    },
    "new_technology": {
        (ICO_LIST, "Innovative technology (including AI)"),
        (WP248, "Innovative use or new technological or organisational solutions"),
    },
    "denial_of_service": {
        (ICO_LIST, "Denial of service"),
        (WP248, "Automated decision-making with legal or similar significant effect"),
        (WP248, "Preventing data subjects from exercising a right or using a service or contract"),
    },
    "biometric_genetic": {(ICO_LIST, "Biometric or genetic data")},
    "data_matching": {(ICO_LIST, "Data matching"), (WP248, "Matching or combining datasets")},
    "invisible_processing": {(ICO_LIST, "Invisible processing")},
    "tracking": {(ICO_LIST, "Tracking"), (WP248, "Systematic monitoring")},
    "targeting_vulnerable": {
        (ICO_LIST, "Targeting of children or other vulnerable individuals"),
        (WP248, "Data concerning vulnerable data subjects"),
    },
    "physical_harm": {(ICO_LIST, "Risk of physical harm")},
    "evaluation_scoring": {(WP248, "Evaluation or scoring")},
    "large_scale": {(WP248, "Data processed on a large scale")},
    "prevents_rights": {(WP248, "Preventing data subjects from exercising a right or using a service or contract")},
}


def found(answers):
    return {(i.source, i.name) for i in indicators(answers)}


def test_low_risk_answers_trigger_nothing_and_suggest_a():
    assert found(low_risk_answers()) == set()
    assert suggestion(low_risk_answers()).outcome == Outcome.A


@pytest.mark.parametrize(("factor", "expected"), FACTOR_INDICATORS.items(), ids=list(FACTOR_INDICATORS))
def test_each_factor_alone(factor, expected):
    answers = low_risk_answers(**{factor: "yes"})
    assert found(answers) == expected
    for indicator in indicators(answers):
        assert indicator.triggers == (Trigger(factor, "Yes"),)
        assert indicator.triggers[0].number == QUESTIONS[factor].number
    mandatory = any(source in (ARTICLE_35, ICO_LIST) for source, _ in expected)
    wp248 = sum(source == WP248 for source, _ in expected)
    assert suggestion(answers).outcome == (Outcome.C if mandatory or wp248 >= 2 else Outcome.A)


SPECIAL = [c for c in ScreeningSpecialCategory if c != ScreeningSpecialCategory.NONE]


@pytest.mark.parametrize("category", SPECIAL, ids=[c.value for c in SPECIAL])
def test_each_special_category_alone(category):
    expected = {(WP248, "Sensitive data or data of a highly personal nature")}
    if category in (ScreeningSpecialCategory.BIOMETRIC, ScreeningSpecialCategory.GENETIC):
        expected.add((ICO_LIST, "Biometric or genetic data"))
    answers = low_risk_answers(special_categories=[category.value])
    assert found(answers) == expected
    sensitive = next(i for i in indicators(answers) if i.name.startswith("Sensitive"))
    assert [(t.number, t.answer) for t in sensitive.triggers] == [("2.3", category.label)]


@pytest.mark.parametrize("category", SPECIAL, ids=[c.value for c in SPECIAL])
def test_special_category_data_at_scale_is_an_article_35_case(category):
    answers = low_risk_answers(special_categories=[category.value], volume="over_5000")
    assert (ARTICLE_35, "(b) Large-scale processing of special category or criminal offence data") in found(answers)
    assert suggestion(answers).outcome == Outcome.C


def test_two_wp248_criteria_suggest_c_and_one_suggests_a():
    one = low_risk_answers(evaluation_scoring="yes")
    two = low_risk_answers(evaluation_scoring="yes", large_scale="yes")
    assert suggestion(one).outcome == Outcome.A
    assert suggestion(two).outcome == Outcome.C
    assert "2 WP248 criteria" in suggestion(two).reasons[0]


def test_children_among_the_data_subjects_count_as_vulnerable():
    answers = low_risk_answers(data_subjects=["victims", "children_vulnerable"])
    assert found(answers) == {(WP248, "Data concerning vulnerable data subjects")}


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"agreement_in_place": "not_yet"}, "2.10.5"),
        ({"retention_compliant": "no", "retention_gap": "No deletion date yet"}, "4.1"),
    ],
)
def test_gaps_remedial_actions_can_close_suggest_b(overrides, reason):
    result = suggestion(low_risk_answers(**overrides))
    assert result.outcome == Outcome.B
    assert result.reasons[0].startswith(reason)


def test_the_ndas_answers_suggest_c():
    ndas = low_risk_answers(
        special_categories=[
            "race",
            "ethnic_origin",
            "political_opinions",
            "sex_life",
            "religion",
            "sexual_orientation",
        ],
        volume="over_5000",
        profiling="yes",
        large_scale_sensitive="yes",
        new_technology="yes",
        data_matching="yes",
        invisible_processing="yes",
        targeting_vulnerable="yes",
        physical_harm="yes",
        large_scale="yes",
    )
    assert suggestion(ndas).outcome == Outcome.C
    assert {name for source, name in found(ndas) if source == ARTICLE_35} == {
        "(a) Systematic and extensive evaluation or profiling with legal or similarly significant effects",
        "(b) Large-scale processing of special category or criminal offence data",
    }
