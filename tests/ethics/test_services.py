"""The committee's workflow: cases across hearings, the options and what they do, terms of reference
versions, locked minutes and their amendments, conditions and actions followed to closure."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ethics.models import TO_BE_HEARD, Case, CaseStatus, Meeting, MeetingStatus, MinutesAmendment
from ethics.services import (
    ActionLine,
    action_complete,
    agenda_add_case,
    agenda_add_item,
    agenda_remove,
    attendance_add,
    case_close,
    case_withdraw,
    condition_meet,
    hearing_save_minutes,
    meeting_update,
    member_end_tenure,
    terms_revise,
)
from governance.workflow import EditConflict, IllegalTransition
from tests.ethics.conftest import approved, decide, held, move, plan, submit


def status(case: Case) -> str:
    case.refresh_from_db()
    return case.status


class TestHearings:
    def test_a_case_moves_from_submitted_to_scheduled_to_heard(self, committee, personas, case):
        assert case.status == CaseStatus.SUBMITTED
        meeting = plan(committee, personas.secretary)
        agenda_add_case(meeting=meeting, case=case, actor=personas.secretary)
        assert status(case) == CaseStatus.SCHEDULED
        move(meeting, personas.secretary, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
        assert status(case) == CaseStatus.HEARD

    def test_option_e_asks_for_more_information_and_the_case_is_heard_again(self, committee, personas, case):
        first, (hearing,) = held(committee, personas.secretary, [case], days_from_now=-60)
        decide(hearing, personas.secretary, "E")
        assert status(case) == CaseStatus.MORE_INFORMATION
        assert Case.objects.filter(status__in=TO_BE_HEARD, pk=case.pk).exists()

        second, (again,) = held(committee, personas.secretary, [case], days_from_now=-5)
        assert status(case) == CaseStatus.HEARD
        decide(again, personas.secretary, "A")
        assert status(case) == CaseStatus.ADVISED
        assert [h.meeting for h in case.hearings.order_by("meeting__date")] == [first, second]

    def test_option_c_needs_a_condition_and_is_followed_until_met(self, committee, personas, case):
        meeting, (hearing,) = held(committee, personas.secretary, [case])
        hearing.refresh_from_db()
        with pytest.raises(ValidationError, match="at least one condition"):
            hearing_save_minutes(
                hearing=hearing,
                actor=personas.secretary,
                expected_version=hearing.version,
                option="C",
                vote="unanimous",
            )
        decide(hearing, personas.secretary, "C", conditions=("Results return to the committee.",))
        case.refresh_from_db()
        assert case.status == CaseStatus.CONDITIONS
        with pytest.raises(ValidationError, match="Every condition must be met"):
            case_close(case=case, actor=personas.secretary, reason="Done", expected_version=case.version)

        condition = case.conditions.get()
        with pytest.raises(ValidationError):
            condition_meet(condition=condition, actor=personas.secretary, note="  ")
        condition_meet(condition=condition, actor=personas.secretary, note="The results were presented in March.")
        with pytest.raises(IllegalTransition):
            condition_meet(condition=condition, actor=personas.secretary, note="Again")
        case_close(case=case, actor=personas.secretary, reason="Conditions met", expected_version=case.version)
        assert status(case) == CaseStatus.CLOSED

    def test_a_condition_is_met_at_a_later_hearing_of_the_same_case(self, committee, personas, case):
        _, (hearing,) = held(committee, personas.secretary, [case], days_from_now=-60)
        decide(hearing, personas.secretary, "C")
        _, (results,) = held(committee, personas.secretary, [case], days_from_now=-5)
        condition = case.conditions.get()
        other = submit(committee, personas.analyst, reference="DAL_2019_0009_Other")
        _, (elsewhere,) = held(committee, personas.secretary, [other], days_from_now=-4)
        with pytest.raises(ValidationError):
            condition_meet(condition=condition, actor=personas.secretary, note="Seen", hearing=elsewhere)
        met = condition_meet(condition=condition, actor=personas.secretary, note="Results discussed.", hearing=results)
        assert met.met_at_hearing == results

    def test_the_draft_minutes_may_change_the_option_and_the_case_follows(self, committee, personas, case):
        _, (hearing,) = held(committee, personas.secretary, [case])
        decide(hearing, personas.secretary, "E")
        assert status(case) == CaseStatus.MORE_INFORMATION
        decide(hearing, personas.secretary, "B")
        assert status(case) == CaseStatus.ADVISED

    def test_minutes_wait_for_the_meeting_and_the_agenda_closes_when_it_is_held(self, committee, personas, case):
        meeting = plan(committee, personas.secretary)
        hearing = agenda_add_case(meeting=meeting, case=case, actor=personas.secretary)
        with pytest.raises(IllegalTransition):
            decide(hearing, personas.secretary, "A")
        move(meeting, personas.secretary, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
        later = submit(committee, personas.analyst, reference="DAL_2019_0005_Late")
        with pytest.raises(IllegalTransition):
            agenda_add_case(meeting=Meeting.objects.get(pk=meeting.pk), case=later, actor=personas.secretary)

    def test_the_minutes_are_drafted_only_when_every_paper_has_an_option(self, committee, personas, case):
        other = submit(committee, personas.analyst, reference="DAL_2019_0003_Disproportionality")
        meeting, (first, _second) = held(committee, personas.secretary, [case, other])
        decide(first, personas.secretary, "A")
        meeting.refresh_from_db()
        with pytest.raises(ValidationError, match="DAL_2019_0003_Disproportionality"):
            move(meeting, personas.secretary, MeetingStatus.MINUTES_DRAFTED)

    def test_taking_a_case_off_the_agenda_returns_it_to_submitted(self, committee, personas, case):
        meeting = plan(committee, personas.secretary)
        hearing = agenda_add_case(meeting=meeting, case=case, actor=personas.secretary)
        agenda_remove(item=hearing.agenda_item, actor=personas.secretary)
        assert status(case) == CaseStatus.SUBMITTED
        assert not case.hearings.exists()

    def test_a_case_is_on_an_agenda_once(self, committee, personas, case):
        meeting = plan(committee, personas.secretary)
        agenda_add_case(meeting=meeting, case=case, actor=personas.secretary)
        case.refresh_from_db()
        with pytest.raises((ValidationError, IllegalTransition)):
            agenda_add_case(meeting=meeting, case=case, actor=personas.secretary)

    def test_withdrawing_needs_a_reason(self, committee, personas, case):
        with pytest.raises(ValidationError):
            case_withdraw(case=case, actor=personas.analyst, reason=" ", expected_version=case.version)
        case_withdraw(case=case, actor=personas.analyst, reason="Project stopped", expected_version=case.version)
        assert status(case) == CaseStatus.WITHDRAWN

    def test_a_stale_save_of_the_minutes_is_refused(self, committee, personas, case):
        _, (hearing,) = held(committee, personas.secretary, [case])
        stale = hearing.version
        decide(hearing, personas.secretary, "A")
        with pytest.raises(EditConflict):
            hearing_save_minutes(hearing=hearing, actor=personas.secretary, expected_version=stale, advice="x")


class TestTermsOfReference:
    def test_the_committee_starts_with_the_default_options(self, committee):
        terms = committee.terms.get()
        assert terms.version == 1
        assert [o.letter for o in terms.options.all()] == ["A", "B", "C", "D", "E"]
        assert terms.option("E").text.startswith("Not yet able to advise")

    def test_changing_an_option_makes_a_version_and_past_decisions_keep_their_words(self, committee, personas, case):
        _, (hearing,) = held(committee, personas.secretary, [case], days_from_now=-30)
        hearing = decide(hearing, personas.secretary, "E")
        original = hearing.advice_option.text

        options = {o.letter: (o.label, o.text) for o in committee.terms.get().options.all()}
        options["E"] = ("More information needed", "The committee needs more information before it can advise.")
        revised = terms_revise(
            committee=committee,
            actor=personas.secretary,
            effective_from=timezone.localdate() - datetime.timedelta(days=10),
            options=options,
            note="Plainer words for E.",
        )
        assert revised.version == 2
        hearing.refresh_from_db()
        assert hearing.terms.version == 1
        assert hearing.advice_option.text == original

        later = submit(committee, personas.analyst, reference="DAL_2019_0007_Later")
        _, (new_hearing,) = held(committee, personas.secretary, [later], days_from_now=-2)
        decided = decide(new_hearing, personas.secretary, "E")
        assert decided.terms == revised
        assert decided.advice_option.text == "The committee needs more information before it can advise."

    def test_a_meeting_before_the_revision_is_decided_under_the_terms_of_its_day(self, committee, personas, case):
        options = {o.letter: (o.label, o.text) for o in committee.terms.get().options.all()}
        terms_revise(
            committee=committee, actor=personas.secretary, effective_from=timezone.localdate(), options=options
        )
        _, (hearing,) = held(committee, personas.secretary, [case], days_from_now=-20)
        assert decide(hearing, personas.secretary, "A").terms.version == 1

    def test_every_option_needs_its_label_and_text(self, committee, personas):
        options = {o.letter: (o.label, o.text) for o in committee.terms.get().options.all()}
        with pytest.raises(ValidationError, match="every option"):
            terms_revise(
                committee=committee,
                actor=personas.secretary,
                effective_from=timezone.localdate(),
                options={k: v for k, v in options.items() if k != "D"},
            )
        with pytest.raises(ValidationError, match="option B"):
            terms_revise(
                committee=committee,
                actor=personas.secretary,
                effective_from=timezone.localdate(),
                options={**options, "B": ("Minor", " ")},
            )
        assert committee.terms.count() == 1


class TestLockedMinutes:
    @pytest.fixture
    def approved_meeting(self, committee, personas, case):
        meeting, (hearing,) = held(committee, personas.secretary, [case])
        decide(hearing, personas.secretary, "C", advice="Go forward with major amendments.")
        return approved(meeting, personas.secretary), hearing

    def test_approval_locks_the_minutes_against_silent_edits(self, approved_meeting, personas):
        meeting, hearing = approved_meeting
        hearing.refresh_from_db()
        with pytest.raises(ValidationError, match="say why"):
            hearing_save_minutes(
                hearing=hearing, actor=personas.secretary, expected_version=hearing.version, advice="Changed quietly."
            )
        hearing.refresh_from_db()
        assert hearing.advice == "Go forward with major amendments."
        with pytest.raises(IllegalTransition):
            attendance_add(meeting=meeting, actor=personas.secretary, kind="apologies", name="A Member")
        with pytest.raises(IllegalTransition):
            agenda_add_item(meeting=meeting, actor=personas.secretary, kind="item", title="Late item")

    def test_a_correction_is_recorded_as_an_amendment(self, approved_meeting, personas):
        meeting, hearing = approved_meeting
        hearing.refresh_from_db()
        hearing_save_minutes(
            hearing=hearing,
            actor=personas.secretary,
            expected_version=hearing.version,
            reason="The chair corrected the wording at the next meeting.",
            advice="Go forward with major amendments, once the results return.",
            option="C",
            vote="unanimous",
        )
        amendment = MinutesAmendment.objects.get()
        assert (amendment.before, amendment.after) == (
            "Go forward with major amendments.",
            "Go forward with major amendments, once the results return.",
        )
        assert amendment.made_by == personas.secretary and amendment.hearing == hearing
        meeting.refresh_from_db()
        meeting_update(
            meeting=meeting,
            actor=personas.secretary,
            expected_version=meeting.version,
            reason="The room was misrecorded.",
            place="Lloyd House, Birmingham",
        )
        assert MinutesAmendment.objects.filter(field="place", after="Lloyd House, Birmingham").exists()
        meeting.refresh_from_db()
        assert meeting.place == "Lloyd House, Birmingham"

    def test_an_unchanged_save_records_nothing(self, approved_meeting, personas):
        _, hearing = approved_meeting
        hearing.refresh_from_db()
        hearing_save_minutes(
            hearing=hearing,
            actor=personas.secretary,
            expected_version=hearing.version,
            reason="Checking",
            advice=hearing.advice,
        )
        assert not MinutesAmendment.objects.exists()


class TestActions:
    def test_actions_are_tracked_to_done(self, committee, personas, case):
        _, (hearing,) = held(committee, personas.secretary, [case])
        hearing.refresh_from_db()
        hearing_save_minutes(
            hearing=hearing,
            actor=personas.secretary,
            expected_version=hearing.version,
            actions=[ActionLine(None, "Obtain legal advice on human rights.", "The Lab", timezone.localdate())],
        )
        action = case.actions.get()
        with pytest.raises(ValidationError):
            action_complete(action=action, actor=personas.secretary, note="")
        done = action_complete(action=action, actor=personas.secretary, note="Advice received.")
        assert done.done_by == personas.secretary and done.done_at is not None
        with pytest.raises(IllegalTransition):
            action_complete(action=action, actor=personas.secretary, note="Again")

    def test_saving_again_keeps_the_same_actions(self, committee, personas, case):
        _, (hearing,) = held(committee, personas.secretary, [case])
        hearing.refresh_from_db()
        saved = hearing_save_minutes(
            hearing=hearing,
            actor=personas.secretary,
            expected_version=hearing.version,
            actions=[ActionLine(None, "First", "Lab"), ActionLine(None, "", ""), ActionLine(None, "Second", "RE")],
        )
        first, blank, second = saved.line_ids["actions"]
        assert blank is None and {first, second} == set(case.actions.values_list("pk", flat=True))
        hearing_save_minutes(
            hearing=hearing,
            actor=personas.secretary,
            expected_version=saved.version,
            actions=[ActionLine(first, "First, reworded", "Lab")],
        )
        assert list(case.actions.values_list("pk", "text")) == [(first, "First, reworded")]


class TestMembers:
    def test_a_member_reads_the_meetings_held_in_their_tenure(self, committee, personas, case):
        early, _ = held(committee, personas.secretary, [case], days_from_now=-400)
        recent = plan(committee, personas.secretary, days_from_now=-10)
        assert set(Meeting.objects.visible_to(personas.member)) == {recent}
        membership = committee.members.get(person=personas.member)
        member_end_tenure(
            member=membership, actor=personas.secretary, ends_on=timezone.localdate() - datetime.timedelta(days=20)
        )
        assert not Meeting.objects.visible_to(personas.member).exists()
        assert not Case.objects.visible_to(personas.member).exists()
        assert early in Meeting.objects.visible_to(personas.secretary)

    def test_a_tenure_ends_after_it_starts(self, committee, personas):
        membership = committee.members.get(person=personas.member)
        with pytest.raises(ValidationError):
            member_end_tenure(
                member=membership, actor=personas.secretary, ends_on=membership.starts_on - datetime.timedelta(days=1)
            )
