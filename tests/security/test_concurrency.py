"""Two people doing the same thing at the same moment: one succeeds, the other is told plainly, and nothing
is lost or done twice. Real concurrent transactions on PostgreSQL, each contender on its own connection,
both having read the same version before either writes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from dpia.models import Assessment, Screening, ScreeningStatus
from dpia.services.screenings import screening_decide
from ethics.models import CasePaper
from governance.roles import Role
from governance.workflow import EditConflict, IllegalTransition
from isa.models import Agreement, AgreementParty, AgreementStatus
from isa.services.agreements import agreement_send_for_signature, agreement_sign
from retention.models import DisposalRecord, SweepRun
from tests.dpia.conftest import submitted
from tests.ethics.conftest import committee  # noqa: F401  (a fixture)
from tests.factories import DatasetFactory, UserFactory
from tests.isa.conftest import drafted
from tests.retention.conftest import TODAY, case_of, paper, paper_schedule
from tests.security.threads import race

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


def decisions_of(screening: Screening) -> int:
    """How many times the screening's history records it being decided."""
    return screening.history.filter(history_change_reason__startswith="Outcome").count()


def decision_events(screening: Screening) -> int:
    return AuditEvent.objects.filter(
        action="dpia.screening_decide", record_type="dpia.screening", record_id=str(screening.pk)
    ).count()


@pytest.fixture
def second_dpo(personas):
    return UserFactory(username="dpo2", organisation=personas.organisation, roles=[Role.DPO])


class TestTwoDposDecideTheSameScreening:
    def test_one_outcome_stands_and_the_other_dpo_is_told(self, personas, second_dpo):
        screening = submitted(personas.analyst)

        def dpo_deciding(dpo, outcome):
            def read():
                return Screening.objects.get(pk=screening.pk)

            def write(seen):
                return screening_decide(
                    screening=seen,
                    actor=dpo,
                    outcome=outcome,
                    reasons=f"{dpo.username} decided {outcome}.",
                    expected_version=seen.version,
                )

            return read, write

        outcomes = race(dpo_deciding(personas.dpo, "A"), dpo_deciding(second_dpo, "C"))

        winners = [o for o in outcomes if isinstance(o, Screening)]
        conflicts = [o for o in outcomes if isinstance(o, EditConflict)]
        assert len(winners) == 1 and len(conflicts) == 1, outcomes
        assert re.search(r"changed this record .*while you were editing it", str(conflicts[0]))
        screening.refresh_from_db()
        assert screening.outcome == winners[0].outcome
        assert screening.outcome_reasons == winners[0].outcome_reasons
        assert screening.versions.get().decided_by.username in screening.outcome_reasons  # the winner's, whole
        assert decisions_of(screening) == 1
        assert decision_events(screening) == 1
        # Outcome C opens an assessment: only if C won is there one.
        assert Assessment.objects.filter(screening=screening).count() == (1 if screening.outcome == "C" else 0)


class TestSigningAtOnce:
    @pytest.fixture
    def awaiting(self, personas) -> Agreement:
        dataset = DatasetFactory(information_asset_owner=personas.iao)
        agreement = drafted(personas.dpo, personas.organisation, personas.other_organisation, [dataset])
        return agreement_send_for_signature(agreement=agreement, actor=personas.dpo, expected_version=agreement.version)

    @staticmethod
    def signing(agreement: Agreement, party: AgreementParty) -> tuple[Any, Any]:
        def read():
            return Agreement.objects.get(pk=agreement.pk), AgreementParty.objects.get(pk=party.pk)

        def write(seen):
            fresh, fresh_party = seen
            return agreement_sign(agreement=fresh, party=fresh_party, actor=party.signatory)

        return read, write

    def test_both_parties_signing_together_both_count_and_the_agreement_comes_into_force_once(self, awaiting):
        """Two signatories for two parties may sign at the same moment: both signatures stand, and whichever
        signs second (after waiting for the first's lock) sees the first's signature and brings the agreement
        into force. Neither signature is lost, and the agreement moves once."""
        first, second = awaiting.parties.select_related("signatory", "organisation").order_by("pk")
        before = awaiting.version

        outcomes = race(self.signing(awaiting, first), self.signing(awaiting, second))

        assert all(isinstance(o, Agreement) for o in outcomes), outcomes
        awaiting.refresh_from_db()
        assert awaiting.status == AgreementStatus.ACTIVE
        assert awaiting.version == before + 1
        assert awaiting.history.filter(status=AgreementStatus.ACTIVE).count() == 1
        for party in (first, second):
            party.refresh_from_db()
            assert party.signed_by == party.signatory
            assert party.history.exclude(signed_at=None).count() == 1
        assert AuditEvent.objects.filter(action="isa.agreement_sign", record_type="isa.agreementparty").count() == 2

    def test_a_signatory_who_signs_twice_at_once_signs_once(self, awaiting):
        party = awaiting.parties.select_related("signatory", "organisation").order_by("pk").first()

        outcomes = race(self.signing(awaiting, party), self.signing(awaiting, party))

        refused = [o for o in outcomes if isinstance(o, IllegalTransition)]
        assert sum(isinstance(o, Agreement) for o in outcomes) == 1 and len(refused) == 1, outcomes
        assert "has already signed" in str(refused[0])
        party.refresh_from_db()
        assert party.history.exclude(signed_at=None).count() == 1
        awaiting.refresh_from_db()
        assert awaiting.status == AgreementStatus.AWAITING_SIGNATURES


def test_two_sweeps_at_once_one_runs_and_the_other_says_one_is_running(personas, committee, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    # Each page of the sweep pauses a second with the lock held, so the sweeps really overlap.
    settings.RETENTION_SWEEP_PAUSE = 1
    paper_schedule(personas.dpo)
    case = case_of(committee, personas.analyst)
    paper(case, TODAY.replace(year=2018), personas.analyst)

    def sweeping():
        def write(_seen):
            call_command("retention_sweep", date=TODAY.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
            return "swept"

        return (lambda: None), write

    outcomes = race(sweeping(), sweeping())

    refused = [o for o in outcomes if isinstance(o, CommandError)]
    assert outcomes.count("swept") == 1 and len(refused) == 1, outcomes
    assert str(refused[0]) == "A retention sweep is already running."
    assert SweepRun.objects.count() == 1
    assert CasePaper.objects.count() == 0
    assert DisposalRecord.objects.count() == 1


def test_two_dpos_posting_the_decision_form_at_once_the_second_sees_the_conflict_on_the_form(personas, second_dpo):
    screening = submitted(personas.analyst)
    url = reverse("dpia:screening_decide", args=[screening.pk])

    def dpo_posting(dpo, outcome):
        client = Client()
        client.force_login(dpo)

        def read():
            assert client.get(url).status_code == 200  # the DPO opens the form, at the version below
            return Screening.objects.get(pk=screening.pk).version

        def write(version):
            return client.post(
                url,
                {
                    "outcome": outcome,
                    "reasons": f"{dpo.username}'s reasons.",
                    "version": version,
                    "actions-TOTAL_FORMS": "0",
                    "actions-INITIAL_FORMS": "0",
                },
            )

        return read, write

    outcomes = race(dpo_posting(personas.dpo, "A"), dpo_posting(second_dpo, "A"))

    assert sorted(response.status_code for response in outcomes) == [200, 302], outcomes
    shown = next(response for response in outcomes if response.status_code == 200)
    assert re.search(r"changed this record .*while you were editing it", shown.text)
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.DECIDED
    assert decisions_of(screening) == 1
    assert decision_events(screening) == 1
