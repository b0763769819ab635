"""Each kind of disposal: deletion with everything that hangs off a record, a deletion that a kept
record blocks, anonymisation (history included), reviews, and extracts confirmed deleted at the source."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from dpia.models import DpoComment, RemedialAction, Screening, ScreeningUserObjectPermission, ScreeningVersion
from dpia.services.screenings import ActionSpec, screening_decide
from governance.permissions import holds_object_permission
from isa.models import AccessGrant, AccessRequest, GrantStatus
from retention.models import (
    BlockedDisposal,
    DisposalConfirmation,
    DisposalRecord,
    Method,
    RetentionReview,
    ReviewStatus,
)
from retention.services import (
    confirmation_confirm,
    dataset_set_schedule,
    hold_place,
    review_decide,
    schedule_create,
)
from retention.sweep import sweep
from retention.tasks import send_reminders
from tests.dpia.conftest import submitted
from tests.isa.conftest import ask, granted
from tests.retention.conftest import TODAY, aware

LONG_AGO = datetime.date(2018, 6, 1)


def decided_long_ago(personas, outcome="B"):
    screening = submitted(personas.analyst)
    actions = [ActionSpec("Name the analysts", personas.analyst, datetime.date(2019, 1, 1))] if outcome == "B" else []
    screening = screening_decide(screening=screening, actor=personas.dpo, outcome=outcome, reasons="Reasons.",
                                 expected_version=screening.version, actions=actions)  # fmt: skip
    Screening.objects.filter(pk=screening.pk).update(decided_on=LONG_AGO)
    return screening


def screening_schedule(personas, **terms):
    return schedule_create(
        actor=personas.dpo, record_type="dpia.screening", name="Screenings: 6 years after decision", period_value=6,
        period_unit="years", trigger="closed", action="delete", authority="DPIA policy", **terms,
    )  # fmt: skip


class TestDeletion:
    def test_a_screening_goes_with_its_versions_actions_permissions_and_all_their_history(self, personas):
        screening = decided_long_ago(personas)
        version_pks = list(screening.versions.values_list("pk", flat=True))
        assert holds_object_permission(personas.analyst, screening, "view")
        screening_schedule(personas)

        assert sweep(today=TODAY).counts["deleted"] == 1

        assert not Screening.objects.filter(pk=screening.pk).exists()
        assert not Screening.history.filter(id=screening.pk).exists()
        assert not ScreeningVersion.objects.filter(pk__in=version_pks).exists()
        assert not RemedialAction.objects.exists() and not RemedialAction.history.exists()
        assert not DpoComment.objects.exists()
        assert not ScreeningUserObjectPermission.objects.filter(content_object_id=screening.pk).exists()
        tombstone = DisposalRecord.objects.get()
        assert tombstone.label == f"DPIA screening {screening.reference}"
        assert tombstone.detail["rows"]["dpia.Screening"] == 1 and tombstone.detail["rows"]["dpia.RemedialAction"] == 1
        assert personas.analyst.get_full_name() not in tombstone.label + tombstone.schedule_summary

    def test_a_record_a_kept_record_refers_to_is_blocked_and_listed(self, personas):
        screening = decided_long_ago(personas, outcome="C")  # C opens a stage-2 assessment, kept on its own terms
        screening_schedule(personas)
        report = sweep(today=TODAY)
        assert report.counts["blocked"] == 1 and Screening.objects.filter(pk=screening.pk).exists()
        block = BlockedDisposal.objects.get()
        assert "assessment" in block.reason.lower() and block.record_id == screening.pk
        assert not DisposalRecord.objects.exists()


class TestAnonymisation:
    def test_named_fields_are_blanked_in_the_record_and_its_history_once(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset], research_questions="Which offenders named Smith?")
        AccessRequest.objects.filter(pk=request.pk).update(decided_at=aware(LONG_AGO), status="refused")
        schedule_create(
            actor=personas.dpo, record_type="isa.accessrequest", name="Requests", period_value=6, period_unit="years",
            trigger="closed", action="anonymise", anonymise_fields=["research_questions", "safe_people"],
            authority="NPCC schedule",
        )  # fmt: skip
        assert sweep(today=TODAY).counts["anonymised"] == 1
        request.refresh_from_db()
        assert request.research_questions == "" and request.safe_people == ""
        assert request.policing_benefit  # not named, kept
        assert set(AccessRequest.history.filter(id=request.pk).values_list("research_questions", flat=True)) == {""}
        assert DisposalRecord.objects.get().method == Method.ANONYMISED
        assert sweep(today=TODAY).counts["anonymised"] == 0

    def test_only_the_types_own_fields_may_be_named(self, personas):
        with pytest.raises(ValidationError):
            schedule_create(
                actor=personas.dpo, record_type="isa.accessrequest", name="x", period_value=1, period_unit="years",
                trigger="closed", action="anonymise", anonymise_fields=["reference"], authority="x",
            )  # fmt: skip


class TestReviews:
    @pytest.fixture
    def request_due(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        AccessRequest.objects.filter(pk=request.pk).update(decided_at=aware(LONG_AGO), status="refused")
        schedule_create(
            actor=personas.dpo, record_type="isa.accessrequest", name="Requests: review", period_value=6,
            period_unit="years", trigger="closed", action="review", authority="NPCC schedule",
        )  # fmt: skip
        return request

    def test_a_review_opens_for_the_owner_and_nothing_goes_until_they_decide(self, personas, request_due):
        assert sweep(today=TODAY).counts["review opened"] == 1
        review = RetentionReview.objects.get()
        assert review.owner == personas.analyst and review.status == ReviewStatus.OPEN
        assert sweep(today=TODAY).counts["waiting"] == 1
        send_reminders()
        send_reminders()
        assert len(mail.outbox) == 1 and review.label in mail.outbox[0].subject

        review_decide(review=review, actor=personas.analyst, decision="kept", keep_until=datetime.date(2027, 3, 1),
                      reason="Cited in an open complaint.", expected_version=review.version)  # fmt: skip
        assert sweep(today=TODAY).counts["deleted"] == 0
        assert AccessRequest.objects.filter(pk=request_due.pk).exists()
        # When the new date comes, the owner is asked again.
        assert sweep(today=datetime.date(2027, 3, 1)).counts["review opened"] == 1

    def test_a_review_that_says_dispose_lets_the_sweep_delete(self, personas, request_due):
        sweep(today=TODAY)
        review = RetentionReview.objects.get()
        review_decide(review=review, actor=personas.dpo, decision="dispose", reason="No longer needed.",
                      expected_version=review.version)  # fmt: skip
        assert sweep(today=TODAY).counts["deleted"] == 1
        assert "review decided by" in DisposalRecord.objects.get().authority

    def test_a_kept_record_needs_a_future_date_and_a_reason(self, personas, request_due):
        sweep(today=TODAY)
        review = RetentionReview.objects.get()
        with pytest.raises(ValidationError) as error:
            review_decide(review=review, actor=personas.analyst, decision="kept", keep_until=datetime.date(2020, 1, 1),
                          reason=" ", expected_version=review.version)  # fmt: skip
        assert set(error.value.message_dict) == {"keep_until", "reason"}

    def test_review_first_opens_ahead_by_the_notice(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        # Due on 1 December 2026; with 30 days' notice the review opens on 1 November.
        AccessRequest.objects.filter(pk=request.pk).update(decided_at=aware(datetime.date(2020, 12, 1)))
        schedule_create(
            actor=personas.dpo, record_type="isa.accessrequest", name="Requests", period_value=6, period_unit="years",
            trigger="closed", action="delete", review_first=True, notice_days=30, authority="NPCC schedule",
        )  # fmt: skip
        assert sweep(today=datetime.date(2026, 10, 31)).counts["review opened"] == 0
        assert sweep(today=datetime.date(2026, 11, 1)).counts["review opened"] == 1
        review = RetentionReview.objects.get()
        review_decide(review=review, actor=personas.analyst, decision="dispose", reason="Done with.",
                      expected_version=review.version)  # fmt: skip
        assert sweep(today=datetime.date(2026, 11, 30)).counts["deleted"] == 0  # not before its date
        assert sweep(today=datetime.date(2026, 12, 1)).counts["deleted"] == 1


class TestExtracts:
    @pytest.fixture
    def ended_grant(self, personas, own_dataset, settled):
        access = granted(personas, own_dataset, settled)
        AccessGrant.objects.filter(pk=access.pk).update(
            status=GrantStatus.EXPIRED, ended_at=aware(datetime.date(2025, 6, 1))
        )
        schedule = schedule_create(
            actor=personas.dpo, record_type="external_dataset", name="Dataset archives: 12 months", period_value=12,
            period_unit="months", trigger="closed", action="confirm", authority="NDAS DPIA: archives, 12 months",
            notice_days=14,
        )  # fmt: skip
        dataset_set_schedule(dataset=own_dataset, actor=personas.dpo, schedule=schedule)
        return access

    def test_the_asset_owner_is_asked_to_confirm_and_the_confirmation_is_logged(
        self, personas, own_dataset, ended_grant
    ):
        assert sweep(today=datetime.date(2026, 5, 31)).counts["confirmation opened"] == 0
        assert sweep(today=datetime.date(2026, 6, 1)).counts["confirmation opened"] == 1
        assert sweep(today=datetime.date(2026, 6, 2)).counts["confirmation opened"] == 0
        confirmation = DisposalConfirmation.objects.get()
        assert confirmation.owner == personas.iao and confirmation.due_on == datetime.date(2026, 6, 1)
        assert not confirmation.overdue(datetime.date(2026, 6, 15)) and confirmation.overdue(datetime.date(2026, 6, 16))
        with pytest.raises(ValidationError):
            confirmation_confirm(confirmation=confirmation, actor=personas.iao, method="", expected_version=1,
                                 deleted_on=datetime.date(2026, 6, 3))  # fmt: skip
        confirmation_confirm(confirmation=confirmation, actor=personas.iao, method="Secure deletion from the share",
                             deleted_on=datetime.date(2026, 6, 3), expected_version=confirmation.version)  # fmt: skip
        tombstone = DisposalRecord.objects.get()
        assert tombstone.method == Method.CONFIRMED and tombstone.authorised_by == personas.iao
        assert "Secure deletion" in tombstone.authority

    def test_a_dataset_hold_stops_the_request(self, personas, own_dataset, ended_grant):
        hold_place(actor=personas.dpo, scope="dataset", reason="inquiry", details="Public inquiry", dataset=own_dataset)
        report = sweep(today=TODAY)
        assert report.counts["held"] >= 1 and not DisposalConfirmation.objects.exists()

    def test_only_an_extract_schedule_may_govern_a_dataset(self, personas, own_dataset):
        papers = schedule_create(
            actor=personas.dpo, record_type="ethics.casepaper", name="Papers", period_value=7, period_unit="years",
            trigger="created", action="delete", authority="Policy",
        )  # fmt: skip
        with pytest.raises(ValidationError):
            dataset_set_schedule(dataset=own_dataset, actor=personas.dpo, schedule=papers)


class TestSchedules:
    def test_one_active_schedule_per_kind(self, personas):
        screening_schedule(personas)
        with pytest.raises(ValidationError, match="already governs"):
            screening_schedule(personas)

    @pytest.mark.parametrize(
        ("record_type", "terms", "field"),
        [
            ("dpia.assessment", {"trigger": "fixed_date", "fixed_date": "nonsense"}, "fixed_date"),
            ("dpia.screening", {"trigger": "fixed_date"}, "trigger"),
            ("dpia.screening", {"action": "confirm"}, "action"),
            ("external_dataset", {"action": "delete"}, "action"),
            ("isa.accessgrant", {"trigger": "last_activity"}, "trigger"),
            ("no.such", {}, "record_type"),
        ],
    )
    def test_terms_that_make_no_sense_are_refused(self, personas, record_type, terms, field):
        base = {"name": "x", "period_value": 1, "period_unit": "years", "trigger": "closed", "action": "delete",
                "authority": "x"}  # fmt: skip
        with pytest.raises(ValidationError) as error:
            schedule_create(actor=personas.dpo, record_type=record_type, **{**base, **terms})
        assert field in error.value.message_dict
