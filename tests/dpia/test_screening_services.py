from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from dpia.models import SCREENING_WORKFLOW, Assessment, RemedialAction, Screening, ScreeningStatus
from dpia.questions import Outcome
from dpia.services.screenings import (
    ActionSpec,
    remedial_action_complete,
    screening_comment,
    screening_decide,
    screening_reopen,
    screening_return,
    screening_save_answers,
    screening_start,
    screening_start_review,
    screening_submit,
    screening_withdraw,
)
from dpia.tasks import send_review_reminders
from governance.permissions import holds_object_permission
from governance.workflow import EditConflict, IllegalTransition
from tests.dpia.conftest import start, submitted
from tests.factories import ProjectFactory


def at(day: datetime.date, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC), tick=False)


def decide(screening, dpo, outcome="A", actions=()):
    return screening_decide(
        screening=screening,
        actor=dpo,
        outcome=outcome,
        reasons="Reasons given.",
        expected_version=screening.version,
        actions=actions,
    )


def action_for(owner):
    return ActionSpec("Put the sharing agreement in place.", owner, datetime.date.today() + datetime.timedelta(days=30))


class TestStart:
    def test_section_1_is_filled_from_the_project(self, personas):
        project = ProjectFactory(
            lead=personas.analyst,
            information_asset_owner=personas.iao,
            start_date=datetime.date(2019, 11, 18),
            purpose="To reduce serious violence.",
        )
        screening = screening_start(project=project, actor=personas.analyst)
        assert screening.reference.startswith("WMP-DPIA-")
        assert screening.information_asset_owner == f"{personas.iao}, {personas.iao.job_title}"
        assert screening.information_custodian == project.information_custodian
        assert screening.processing_commences == datetime.date(2019, 11, 18)
        assert screening.aim_and_purpose == "To reduce serious violence."
        assert screening.status == ScreeningStatus.DRAFT

    def test_the_author_and_the_project_lead_may_read_and_change_it(self, personas):
        project = ProjectFactory(lead=personas.colleague)
        screening = screening_start(project=project, actor=personas.analyst)
        for person in (personas.analyst, personas.colleague):
            assert holds_object_permission(person, screening, "change")
        assert not holds_object_permission(personas.dpo, screening, "view")


class TestSaveAnswers:
    def test_a_draft_saves_whatever_has_been_typed(self, personas):
        screening = start(personas.analyst, aim_and_purpose="Half a thought")
        assert screening.aim_and_purpose == "Half a thought"
        assert screening.history.latest().history_user == personas.analyst

    def test_answers_cannot_change_once_submitted(self, personas, waiting):
        with pytest.raises(IllegalTransition):
            screening_save_answers(
                screening=waiting,
                actor=personas.analyst,
                answers={"use": "x"},
                expected_version=waiting.version,
            )

    def test_a_stale_page_is_refused(self, personas, draft):
        screening_save_answers(
            screening=draft, actor=personas.analyst, answers={"use": "first"}, expected_version=draft.version
        )
        with pytest.raises(EditConflict):
            screening_save_answers(
                screening=draft,
                actor=personas.analyst,
                answers={"use": "second"},
                expected_version=draft.version,
            )


class TestSubmit:
    def test_submitting_sets_the_dates_and_keeps_a_version(self, personas, draft):
        with at(datetime.date(2019, 10, 24)):
            screening = screening_submit(screening=draft, actor=personas.analyst, expected_version=draft.version)
        assert screening.status == ScreeningStatus.SUBMITTED
        assert screening.submitted_on == datetime.date(2019, 10, 24)
        assert screening.due_on == datetime.date(2019, 11, 7)
        version = screening.versions.get()
        assert (version.number, version.due_on) == (1, datetime.date(2019, 11, 7))
        assert version.answers["aim_and_purpose"] == draft.aim_and_purpose
        assert version.answers["project"]["name"] == draft.project.name

    def test_due_date_skips_christmas_and_new_year(self, personas, draft):
        with at(datetime.date(2026, 12, 17)):
            screening = screening_submit(screening=draft, actor=personas.analyst, expected_version=draft.version)
        assert screening.due_on == datetime.date(2027, 1, 5)

    def test_an_incomplete_screening_cannot_be_submitted(self, personas):
        screening = start(personas.analyst, aim_and_purpose="Only this")
        with pytest.raises(ValidationError, match="Section 2 – Purpose, Scope and Context"):
            screening_submit(screening=screening, actor=personas.analyst, expected_version=screening.version)
        screening.refresh_from_db()
        assert screening.status == ScreeningStatus.DRAFT

    def test_the_dpo_is_told(self, personas, draft, django_capture_on_commit_callbacks):
        personas.organisation.dpo = personas.dpo
        personas.organisation.save()
        with django_capture_on_commit_callbacks(execute=True):
            screening_submit(screening=draft, actor=personas.analyst, expected_version=draft.version)
        assert [m.to for m in mail.outbox] == [[personas.dpo.email]]
        assert draft.reference in mail.outbox[0].subject
        assert f"/dpia/{draft.pk}/review/" in mail.outbox[0].body

    def test_a_named_dpo_of_another_organisation_is_given_the_review(self, personas, draft):
        personas.organisation.dpo = personas.outsider_dpo  # a shared DPO service
        personas.organisation.save()
        screening = screening_submit(screening=draft, actor=personas.analyst, expected_version=draft.version)
        assert Screening.objects.reviewable_by(personas.outsider_dpo).filter(pk=screening.pk).exists()


class TestReturnAndResubmit:
    def test_returning_stops_the_clock_and_resubmitting_starts_a_new_version(
        self, personas, draft, django_capture_on_commit_callbacks
    ):
        with at(datetime.date(2026, 11, 2)):
            screening = screening_submit(screening=draft, actor=personas.analyst, expected_version=draft.version)
        screening_comment(screening=screening, actor=personas.dpo, question="volume", text="Is it really under 5000?")
        with django_capture_on_commit_callbacks(execute=True):
            screening = screening_return(
                screening=screening,
                actor=personas.dpo,
                reason="Check 2.6.",
                expected_version=screening.version,
            )
        assert screening.status == ScreeningStatus.RETURNED
        assert screening.due_on is None
        assert mail.outbox[-1].to == [personas.analyst.email]
        assert "Check 2.6." in mail.outbox[-1].body

        with pytest.raises(ValidationError):  # the author must say what changed
            screening_submit(screening=screening, actor=personas.analyst, expected_version=screening.version)
        screening = screening_save_answers(
            screening=screening,
            actor=personas.analyst,
            answers={"volume": "over_5000"},
            expected_version=screening.version,
        )
        with at(datetime.date(2026, 11, 9)):
            screening = screening_submit(
                screening=screening,
                actor=personas.analyst,
                expected_version=screening.version,
                response_note="Corrected 2.6.",
            )
        assert screening.due_on == datetime.date(2026, 11, 23)
        first, second = screening.versions.order_by("number")
        assert (first.return_reason, second.response_note) == ("Check 2.6.", "Corrected 2.6.")
        assert first.comments.get().question == "volume"
        assert (first.answers["volume"], second.answers["volume"]) == ("1000_5000", "over_5000")


class TestDecide:
    def test_a_decides_and_tells_the_author(self, personas, waiting, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            screening = decide(waiting, personas.dpo, "A")
        assert (screening.status, screening.outcome) == (ScreeningStatus.DECIDED, Outcome.A)
        assert screening.is_settled
        assert "outcome A" in mail.outbox[-1].subject

    def test_b_needs_a_remedial_action(self, personas, waiting):
        with pytest.raises(ValidationError, match="remedial action"):
            decide(waiting, personas.dpo, "B")

    def test_b_stays_conditional_until_every_action_is_done(self, personas, waiting):
        screening = decide(waiting, personas.dpo, "B", [action_for(personas.analyst), action_for(personas.iao)])
        assert screening.status == ScreeningStatus.CONDITIONAL
        assert not screening.is_settled
        first, second = screening.remedial_actions.order_by("pk")
        remedial_action_complete(action=first, actor=personas.analyst, note="Agreement signed.")
        screening.refresh_from_db()
        assert screening.status == ScreeningStatus.CONDITIONAL
        remedial_action_complete(action=second, actor=personas.iao, note="Retention set.")
        screening.refresh_from_db()
        assert screening.status == ScreeningStatus.DECIDED and screening.outcome == Outcome.B
        assert screening.is_settled
        with pytest.raises(IllegalTransition):
            remedial_action_complete(action=second, actor=personas.iao, note="Again")

    def test_c_opens_an_assessment_prefilled_from_the_screening(self, personas):
        waiting = submitted(personas.analyst, profiling="yes", profiling_details="Scores offenders.")
        screening = decide(waiting, personas.dpo, "C")
        assessment = Assessment.objects.get(screening=screening)
        assert assessment.project == screening.project
        assert "Article 35(3)" in assessment.need
        assert screening.aim_and_purpose in assessment.purposes
        assert holds_object_permission(personas.analyst, assessment, "change")
        assert not screening.is_settled  # until the assessment is signed off

    def test_escalating_b_to_c(self, personas, waiting):
        from dpia.services.screenings import screening_escalate

        screening = decide(waiting, personas.dpo, "B", [action_for(personas.analyst)])
        screening = screening_escalate(
            screening=screening,
            actor=personas.dpo,
            reasons="Actions not done.",
            expected_version=screening.version,
        )
        assert (screening.status, screening.outcome) == (ScreeningStatus.DECIDED, Outcome.C)
        assert Assessment.objects.filter(screening=screening).exists()

    def test_two_decisions_on_one_screening_do_not_both_apply(self, personas, waiting):
        decide(waiting, personas.dpo, "A")
        with pytest.raises(EditConflict):
            decide(waiting, personas.dpo, "C")


class TestReopenAndWithdraw:
    def test_reopening_clears_the_outcome_and_allows_new_answers(self, personas, waiting):
        screening = decide(waiting, personas.dpo, "A")
        screening = screening_reopen(
            screening=screening,
            actor=personas.analyst,
            reason="New data source.",
            expected_version=screening.version,
        )
        assert (screening.status, screening.outcome) == (ScreeningStatus.DRAFT, "")
        assert not screening.is_settled
        assert screening.versions.get().outcome == Outcome.A  # what was decided stays on the version

    def test_withdrawing_a_draft(self, personas, draft):
        screening = screening_withdraw(
            screening=draft, actor=personas.analyst, reason="Project dropped.", expected_version=draft.version
        )
        assert screening.status == ScreeningStatus.WITHDRAWN


ALL = list(ScreeningStatus)
PAIRS = [(a, b) for a in ALL for b in ALL if a != b]


def _move(screening, personas, target):
    """Attempt the move to ``target`` with the service that makes it."""
    dpo, author = personas.dpo, personas.analyst
    if target == ScreeningStatus.SUBMITTED:
        return screening_submit(
            screening=screening, actor=author, expected_version=screening.version, response_note="Changed."
        )
    if target == ScreeningStatus.IN_REVIEW:
        return screening_start_review(screening=screening, actor=dpo)
    if target == ScreeningStatus.RETURNED:
        return screening_return(
            screening=screening, actor=dpo, reason="More please", expected_version=screening.version
        )
    if target == ScreeningStatus.CONDITIONAL:
        return decide(screening, dpo, "B", [action_for(author)])
    if target == ScreeningStatus.DECIDED:
        if screening.status == ScreeningStatus.CONDITIONAL:
            from dpia.services.screenings import screening_escalate

            return screening_escalate(
                screening=screening, actor=dpo, reasons="Now C", expected_version=screening.version
            )
        return decide(screening, dpo, "A")
    if target == ScreeningStatus.DRAFT:
        return screening_reopen(screening=screening, actor=author, reason="Changed", expected_version=screening.version)
    return screening_withdraw(screening=screening, actor=author, reason="Dropped", expected_version=screening.version)


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_move_is_allowed_or_refused_by_the_table(personas, current, target):
    screening = submitted(personas.analyst)
    Screening.objects.filter(pk=screening.pk).update(
        status=current,
        outcome="B" if current in (ScreeningStatus.CONDITIONAL, ScreeningStatus.DECIDED) else "",
    )
    screening.refresh_from_db()
    if SCREENING_WORKFLOW.can_move(current, target):
        moved = _move(screening, personas, target)
        assert moved.status == target
    else:
        with pytest.raises(IllegalTransition):
            _move(screening, personas, target)
        screening.refresh_from_db()
        assert screening.status == current


class TestReminders:
    def test_the_dpo_is_reminded_two_working_days_before_and_once_when_overdue(self, personas, draft):
        personas.organisation.dpo = personas.dpo
        personas.organisation.save()
        with at(datetime.date(2019, 10, 24)):
            screening_submit(screening=draft, actor=personas.analyst, expected_version=draft.version)
        mail.outbox.clear()
        with at(datetime.date(2019, 11, 4)):  # three working days before 7 November
            assert send_review_reminders() == 0
        with at(datetime.date(2019, 11, 5)):
            assert send_review_reminders() == 1
            assert send_review_reminders() == 0  # a second delivery sends nothing more
        assert "is due in two working days" in mail.outbox[0].subject
        with at(datetime.date(2019, 11, 8)):
            assert send_review_reminders() == 1
        with at(datetime.date(2019, 11, 11)):
            assert send_review_reminders() == 0
        assert "is overdue" in mail.outbox[1].subject
        assert [m.to for m in mail.outbox] == [[personas.dpo.email], [personas.dpo.email]]

    def test_decided_screenings_are_not_chased(self, personas, waiting):
        decide(waiting, personas.dpo, "A")
        mail.outbox.clear()
        with at(waiting.due_on + datetime.timedelta(days=7)):
            assert send_review_reminders() == 0


def test_remedial_actions_are_kept_in_history(personas, waiting):
    screening = decide(waiting, personas.dpo, "B", [action_for(personas.analyst)])
    action = RemedialAction.objects.get(screening=screening)
    assert action.history.get().history_user == personas.dpo
