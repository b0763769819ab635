"""Training records: where people stand, the fifth prerequisite on access requests, recording and the
all-or-nothing import, reminders, the dashboard's exception, and who may see what."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance.workflow import ServiceError
from isa.prerequisites import evaluate
from tests.factories import UserFactory
from tests.isa.conftest import approve, ask, granted, own_dataset, settled  # noqa: F401  (fixtures)
from training.models import TrainingRecord
from training.services import training_import, training_record
from training.standing import Standing, status_from, status_of
from training.tasks import send_reminders

TODAY = datetime.date(2026, 11, 22)
CHECK = "The requester's data protection training is in date"


def _expire(person, on):
    TrainingRecord.objects.filter(person=person).update(completed_on=on - datetime.timedelta(days=365), expires_on=on)


class TestStanding:
    def test_in_date_due_soon_and_lapsed(self):
        joined = TODAY - datetime.timedelta(days=400)
        assert status_from(TODAY + datetime.timedelta(days=31), joined, TODAY, 28).standing == Standing.IN_DATE
        assert status_from(TODAY + datetime.timedelta(days=30), joined, TODAY, 28).standing == Standing.DUE_SOON
        assert status_from(TODAY, joined, TODAY, 28).standing == Standing.LAPSED  # counts until, not on, that day

    def test_new_starters_have_their_induction_days(self):
        assert status_from(None, TODAY - datetime.timedelta(days=28), TODAY, 28).standing == Standing.INDUCTION_DUE
        late = status_from(None, TODAY - datetime.timedelta(days=29), TODAY, 28)
        assert late.standing == Standing.INDUCTION_OVERDUE and late.due_on == TODAY - datetime.timedelta(days=1)

    def test_a_completion_counts_only_from_the_day_it_was_done(self, personas):
        person = UserFactory(organisation=personas.organisation, trained=False)
        TrainingRecord.objects.create(
            person=person,
            organisation=personas.organisation,
            course="DP",
            completed_on=TODAY,
            expires_on=TODAY + datetime.timedelta(days=365),
            recorded_by=personas.dpo,
        )
        assert status_of(person, TODAY).in_date
        assert not status_of(person, TODAY - datetime.timedelta(days=1)).in_date


class TestPrerequisite:
    def _check(self, request):
        return next(result for result in evaluate(request) if result.name == CHECK)

    def test_in_date_on_the_start_date_passes(self, personas, settled, own_dataset):  # noqa: F811
        result = self._check(ask(personas.analyst, settled, [own_dataset]))
        assert result.passed and "in date on" in result.reason

    def test_training_lapsing_before_the_start_fails(self, personas, settled, own_dataset):  # noqa: F811
        today = timezone.localdate()
        _expire(personas.analyst, today + datetime.timedelta(days=5))
        request = ask(personas.analyst, settled, [own_dataset], start_date=today + datetime.timedelta(days=10))
        result = self._check(request)
        assert not result.passed and "lapses on" in result.reason

    def test_no_training_fails_and_blocks_approval(self, personas, settled, own_dataset):  # noqa: F811
        from django.core.exceptions import ValidationError

        TrainingRecord.objects.filter(person=personas.analyst).delete()
        request = ask(personas.analyst, settled, [own_dataset])
        assert not self._check(request).passed
        with pytest.raises(ValidationError, match="no data protection training recorded"):
            approve(request, request.lines.get(), personas.iao, "asset_owner")


class TestRecording:
    def test_the_dpo_records_a_completion_with_a_year_by_default(self, personas):
        record = training_record(
            actor=personas.dpo, person=personas.analyst, course="DP refresher", completed_on=timezone.localdate()
        )
        assert record.expires_on.year == timezone.localdate().year + 1
        assert record.history.count() == 1

    def test_only_the_dpo_of_the_organisation(self, personas):
        with pytest.raises(ServiceError):
            training_record(actor=personas.siro, person=personas.analyst, course="DP", completed_on=TODAY)
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            training_record(actor=personas.dpo, person=personas.outsider, course="DP", completed_on=TODAY)

    def test_the_form_reports_bad_input(self, client, personas):
        client.force_login(personas.dpo)
        response = client.post(
            reverse("training:record"),
            {
                "person": personas.analyst.pk,
                "course": "DP",
                "completed_on_0": "31",
                "completed_on_1": "2",
                "completed_on_2": "2026",
            },
        )
        assert response.status_code == 200 and "govuk-error-summary" in response.text


CSV = (
    "Email,Course name,Completion date,Certificate\n"
    "{analyst},Data protection refresher,01/10/2026,C-1\n"
    "{colleague},Data protection refresher,2026-10-02,C-2\n"
)


class TestImport:
    def _csv(self, personas, extra=""):
        return (CSV.format(analyst=personas.analyst.email, colleague=personas.colleague.email) + extra).encode()

    def test_a_clean_export_is_recorded(self, personas):
        result = training_import(actor=personas.dpo, content=self._csv(personas))
        assert result.imported == 2 and not result.refused
        record = TrainingRecord.objects.get(person=personas.analyst, course="Data protection refresher")
        assert (record.completed_on, record.expires_on, record.evidence) == (
            datetime.date(2026, 10, 1),
            datetime.date(2027, 10, 1),
            "C-1",
        )

    def test_one_bad_row_imports_nothing_and_says_why(self, personas):
        before = TrainingRecord.objects.count()
        bad = (
            "nobody@example.org,DP,01/10/2026,\n"
            f"{personas.analyst.email},DP,31/02/2026,\n"
            f"{personas.outsider.email},DP,01/10/2026,\n"
        )
        result = training_import(actor=personas.dpo, content=self._csv(personas, bad))
        assert result.imported == 0 and TrainingRecord.objects.count() == before
        problems = {row.line: row.problems for row in result.reading.refused}
        assert set(problems) == {4, 5, 6}
        assert "Nobody in your organisation" in problems[4][0]
        assert "is not a date" in problems[5][0]
        assert "Nobody in your organisation" in problems[6][0]  # another organisation's person
        assert len(result.reading.accepted) == 2

    def test_importing_the_same_file_again_skips_what_is_recorded(self, personas):
        training_import(actor=personas.dpo, content=self._csv(personas))
        again = training_import(actor=personas.dpo, content=self._csv(personas))
        assert again.imported == 0 and len(again.reading.duplicates) == 2 and not again.refused

    def test_the_page_shows_the_report(self, client, personas):
        client.force_login(personas.dpo)
        upload = SimpleUploadedFile("export.csv", self._csv(personas, "x@example.org,DP,01/10/2026,\n"), "text/csv")
        response = client.post(reverse("training:import"), {"file": upload})
        assert response.status_code == 200
        assert "Nothing was imported" in response.text and "Refused" in response.text and "Accepted" in response.text

    def test_a_file_without_the_columns_is_refused_on_the_form(self, client, personas):
        client.force_login(personas.dpo)
        upload = SimpleUploadedFile("export.csv", b"Name,Score\nA,1\n", "text/csv")
        response = client.post(reverse("training:import"), {"file": upload})
        assert response.status_code == 200 and "Missing: an e-mail address or username" in response.text

    def test_a_good_import_from_the_page_redirects_with_a_count(self, client, personas):
        client.force_login(personas.dpo)
        upload = SimpleUploadedFile("export.csv", self._csv(personas), "text/csv")
        response = client.post(reverse("training:import"), {"file": upload}, follow=True)
        assert "2 completions imported." in response.text


class TestPages:
    def test_the_dpo_sees_who_has_lapsed(self, client, personas):
        _expire(personas.colleague, timezone.localdate() - datetime.timedelta(days=3))
        client.force_login(personas.dpo)
        page = client.get(reverse("training:staff") + "?standing=lapsed").text
        assert (
            escape(personas.colleague.get_full_name()) in page and escape(personas.analyst.get_full_name()) not in page
        )

    def test_the_siro_reads_but_may_not_record(self, client, personas):
        client.force_login(personas.siro)
        assert client.get(reverse("training:staff")).status_code == 200
        assert client.get(reverse("training:record")).status_code == 403
        assert client.get(reverse("training:import")).status_code == 403

    @pytest.mark.parametrize("who", ["analyst", "iao", "outsider"])
    def test_others_get_404_but_see_their_own(self, client, personas, who):
        client.force_login(getattr(personas, who))
        for name in ("staff", "record", "import"):
            assert client.get(reverse(f"training:{name}")).status_code == 404
        assert "Your data protection training" in client.get(reverse("training:mine")).text

    def test_the_other_organisations_dpo_sees_only_their_staff(self, client, personas):
        client.force_login(personas.outsider_dpo)
        page = client.get(reverse("training:staff")).text
        assert (
            escape(personas.outsider.get_full_name()) in page and escape(personas.analyst.get_full_name()) not in page
        )


class TestReminders:
    def test_thirty_days_before_lapsing_once(self, personas, mailoutbox):
        _expire(personas.analyst, timezone.localdate() + datetime.timedelta(days=20))
        assert send_reminders() >= 1
        assert any(personas.analyst.email in message.to for message in mailoutbox)
        count = len(mailoutbox)
        send_reminders()
        assert len(mailoutbox) == count

    def test_the_asset_owner_is_told_of_a_grantee_whose_training_lapsed(self, personas, settled, own_dataset):  # noqa: F811
        grant = granted(personas, own_dataset, settled)
        _expire(personas.analyst, timezone.localdate() - datetime.timedelta(days=1))
        mail.outbox.clear()
        send_reminders()
        to_owner = [m for m in mail.outbox if personas.iao.email in m.to]
        assert len(to_owner) == 1 and "Training lapsed" in to_owner[0].subject
        grant.refresh_from_db()
        assert grant.status == "active"  # not ended by lapsed training
        send_reminders()
        assert len([m for m in mail.outbox if personas.iao.email in m.to]) == 1

    def test_the_dashboard_lists_the_grant(self, client, personas, settled, own_dataset):  # noqa: F811
        grant = granted(personas, own_dataset, settled)
        _expire(personas.analyst, timezone.localdate() - datetime.timedelta(days=1))
        client.force_login(personas.siro)
        page = client.get(reverse("dashboard:index")).text
        assert "Active grants held by people whose training has lapsed" in page
        listing = client.get(reverse("dashboard:figure_list", args=["grants-lapsed-training"])).text
        assert grant.request.reference in listing


def test_the_induction_days_come_from_the_organisations_policy(personas):
    from training.models import TrainingPolicy

    TrainingPolicy.objects.create(organisation=personas.organisation, induction_days=7)
    starter = UserFactory(organisation=personas.organisation, trained=False)
    joined = starter.date_joined.date()
    assert status_of(starter, joined + datetime.timedelta(days=7)).standing == Standing.INDUCTION_DUE
    assert status_of(starter, joined + datetime.timedelta(days=8)).standing == Standing.INDUCTION_OVERDUE


def test_the_admin_reads_records_and_sets_the_policy(admin_client, personas):
    assert admin_client.get(reverse("admin:training_trainingpolicy_add")).status_code == 200
    assert admin_client.get(reverse("admin:training_trainingrecord_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:training_trainingrecord_add")).status_code == 403
