"""High-risk indicators computed from a screening's answers, each with the answers that triggered it,
and the outcome they suggest. The DPO sees these; the DPO decides.

Three sources, as ``domain.md`` sets them out: the cases where UK GDPR Article 35(3) always requires a
DPIA; the ICO's list of processing likely to be high risk (section 5 of the form asks about each);
and the nine criteria of the European guidelines (WP248), two or more of which usually mean a DPIA.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dpia.answers import Answers, is_yes, uses_special_category_data
from dpia.questions import QUESTIONS, AgreementInPlace, Outcome, ScreeningSpecialCategory, YesNo
from governance.choices import DataSubjectCategory, VolumeBand

ARTICLE_35 = "UK GDPR Article 35(3)"
ICO_LIST = "ICO high-risk list"
WP248 = "WP248 criteria"


@dataclass(frozen=True)
class Trigger:
    """One answer that contributed, in the form's own words."""

    key: str  # the question's key, e.g. "profiling"
    answer: str

    @property
    def number(self) -> str:
        return QUESTIONS[self.key].number

    @property
    def question(self) -> str:
        return QUESTIONS[self.key].text


@dataclass(frozen=True)
class Indicator:
    source: str
    name: str
    triggers: tuple[Trigger, ...]


@dataclass(frozen=True)
class Suggestion:
    outcome: Outcome
    reasons: tuple[str, ...]


def _factor(key: str) -> Callable[[Answers], list[Trigger]]:
    def rule(answers: Answers) -> list[Trigger]:
        return [Trigger(key, "Yes")] if is_yes(answers, key) else []

    return rule


def _special(*wanted: ScreeningSpecialCategory) -> Callable[[Answers], list[Trigger]]:
    def rule(answers: Answers) -> list[Trigger]:
        chosen = answers.get("special_categories") or []
        hits = [category for category in wanted if category in chosen]
        return [Trigger("special_categories", category.label) for category in hits]

    return rule


def _any_special(answers: Answers) -> list[Trigger]:
    if not uses_special_category_data(answers):
        return []
    chosen = [ScreeningSpecialCategory(c).label for c in answers.get("special_categories") or [] if c != "none"]
    return [Trigger("special_categories", ", ".join(chosen))]


def _large_volume(answers: Answers) -> list[Trigger]:
    return [Trigger("volume", VolumeBand.OVER_5000.label)] if answers.get("volume") == VolumeBand.OVER_5000 else []


def _vulnerable_subjects(answers: Answers) -> list[Trigger]:
    if DataSubjectCategory.CHILDREN_VULNERABLE in (answers.get("data_subjects") or []):
        return [Trigger("data_subjects", DataSubjectCategory.CHILDREN_VULNERABLE.label)]
    return []


def _all(*rules: Callable[[Answers], list[Trigger]]) -> Callable[[Answers], list[Trigger]]:
    """Triggered only when every rule is; the triggers of all of them are the reason."""

    def rule(answers: Answers) -> list[Trigger]:
        found = [rule(answers) for rule in rules]
        return [trigger for triggers in found for trigger in triggers] if all(found) else []

    return rule


def _any(*rules: Callable[[Answers], list[Trigger]]) -> Callable[[Answers], list[Trigger]]:
    def rule(answers: Answers) -> list[Trigger]:
        return [trigger for rule in rules for trigger in rule(answers)]

    return rule


_large_scale = _any(_factor("large_scale"), _large_volume)

RULES: tuple[tuple[str, str, Callable[[Answers], list[Trigger]]], ...] = (
    (
        ARTICLE_35,
        "(a) Systematic and extensive evaluation or profiling with legal or similarly significant effects",
        _factor("profiling"),
    ),
    (
        ARTICLE_35,
        "(b) Large-scale processing of special category or criminal offence data",
        _any(_factor("large_scale_sensitive"), _all(_any_special, _large_scale)),
    ),
    (
        ARTICLE_35,
        "(c) Large-scale systematic monitoring of a publicly accessible area",
        _factor("public_monitoring"),
    ),
    (ICO_LIST, "Innovative technology (including AI)", _factor("new_technology")),
    (ICO_LIST, "Denial of service", _factor("denial_of_service")),
    (ICO_LIST, "Large-scale profiling", _all(_factor("profiling"), _large_scale)),
    (
        ICO_LIST,
        "Biometric or genetic data",
        _any(
            _factor("biometric_genetic"),
            _special(ScreeningSpecialCategory.BIOMETRIC, ScreeningSpecialCategory.GENETIC),
        ),
    ),
    (ICO_LIST, "Data matching", _factor("data_matching")),
    (ICO_LIST, "Invisible processing", _factor("invisible_processing")),
    (ICO_LIST, "Tracking", _factor("tracking")),
    (ICO_LIST, "Targeting of children or other vulnerable individuals", _factor("targeting_vulnerable")),
    (ICO_LIST, "Risk of physical harm", _factor("physical_harm")),
    (WP248, "Evaluation or scoring", _any(_factor("evaluation_scoring"), _factor("profiling"))),
    (
        WP248,
        "Automated decision-making with legal or similar significant effect",
        _any(_factor("profiling"), _factor("denial_of_service")),
    ),
    (WP248, "Systematic monitoring", _any(_factor("public_monitoring"), _factor("tracking"))),
    (
        WP248,
        "Sensitive data or data of a highly personal nature",
        _any(_any_special, _factor("large_scale_sensitive")),
    ),
    (WP248, "Data processed on a large scale", _large_scale),
    (WP248, "Matching or combining datasets", _factor("data_matching")),
    (
        WP248,
        "Data concerning vulnerable data subjects",
        _any(_vulnerable_subjects, _factor("targeting_vulnerable")),
    ),
    (WP248, "Innovative use or new technological or organisational solutions", _factor("new_technology")),
    (
        WP248,
        "Preventing data subjects from exercising a right or using a service or contract",
        _any(_factor("prevents_rights"), _factor("denial_of_service")),
    ),
)


def indicators(answers: Answers) -> list[Indicator]:
    found = []
    for source, name, rule in RULES:
        triggers = rule(answers)
        if triggers:
            unique = tuple(dict.fromkeys(triggers))
            found.append(Indicator(source, name, unique))
    return found


def suggestion(answers: Answers) -> Suggestion:
    """C where any Article 35(3) case or ICO high-risk factor applies, or two or more WP248 criteria;
    B where an agreement or the retention process is still missing (remedial actions can put it right);
    otherwise A."""
    found = indicators(answers)
    mandatory = [i for i in found if i.source in (ARTICLE_35, ICO_LIST)]
    criteria = [i for i in found if i.source == WP248]
    if mandatory:
        return Suggestion(Outcome.C, tuple(f"{i.source}: {i.name}" for i in mandatory))
    if len(criteria) >= 2:
        return Suggestion(Outcome.C, (f"{len(criteria)} WP248 criteria: " + "; ".join(i.name for i in criteria),))
    gaps = []
    if answers.get("agreement_in_place") == AgreementInPlace.NOT_YET:
        gaps.append("2.10.5: sharing agreements are still required")
    if answers.get("retention_compliant") == YesNo.NO:
        gaps.append("4.1: the review, retention and disposal process does not yet comply")
    if gaps:
        return Suggestion(Outcome.B, tuple(gaps))
    reasons = (f"One WP248 criterion only: {criteria[0].name}",) if criteria else ("No high-risk indicator applies",)
    return Suggestion(Outcome.A, reasons)
