"""The breach pages: who sees what (404 for those who may not know a breach exists, 403 for readers who
may not act), the report form, and bad input answered on the form."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from breaches.models import Breach, BreachStatus
from tests.breaches.conftest import assessed, reported

STEPS = ["breaches:record", "breaches:risk", "breaches:ico", "breaches:individuals", "breaches:action_new",
         "breaches:close"]  # fmt: skip


@pytest.fixture
def breach(personas) -> Breach:
    return reported(personas.analyst)


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {})


class TestWhoSeesWhat:
    def test_the_reporter_sees_their_report_but_not_the_dpo_record(self, client, personas, breach):
        response = get(client, personas.analyst, "breaches:detail", breach.pk)
        assert response.status_code == 200
        assert breach.summary.splitlines()[0] in response.content.decode()
        assert not response.context["full"]
        assert get(client, personas.analyst, "breaches:history", breach.pk).status_code == 403

    def test_the_dpo_sees_the_whole_record_and_every_step(self, client, personas, breach):
        response = get(client, personas.dpo, "breaches:detail", breach.pk)
        assert response.context["full"] and response.context["can_work"]
        for name in STEPS:
            assert get(client, personas.dpo, name, breach.pk).status_code == 200, name
        assert get(client, personas.dpo, "breaches:history", breach.pk).status_code == 200

    @pytest.mark.parametrize("reader", ["siro", "auditor"])
    def test_the_siro_and_auditor_read_the_register_but_may_not_act(self, client, personas, breach, reader):
        user = getattr(personas, reader)
        response = get(client, user, "breaches:detail", breach.pk)
        assert response.status_code == 200
        assert response.context["full"] and not response.context["can_work"]
        assert breach in [row[0] for row in get(client, user, "breaches:index").context["rows"]]
        for name in STEPS:
            assert get(client, user, name, breach.pk).status_code == 403, name
            assert post(client, user, name, breach.pk).status_code == 403, name
        breach.refresh_from_db()
        assert breach.status == BreachStatus.REPORTED

    @pytest.mark.parametrize("stranger", ["colleague", "iao", "outsider", "outsider_dpo"])
    def test_everyone_else_gets_404(self, client, personas, breach, stranger):
        user = getattr(personas, stranger)
        assert get(client, user, "breaches:detail", breach.pk).status_code == 404
        assert get(client, user, "breaches:history", breach.pk).status_code == 404
        for name in STEPS:
            assert post(client, user, name, breach.pk).status_code == 404, name
        assert get(client, user, "breaches:index").context["rows"] == []

    def test_marking_an_action_done_is_the_dpos(self, client, personas, breach):
        from breaches.services import action_add

        action = action_add(breach=breach, actor=personas.dpo, description="Recall", owner=personas.iao)
        url = ("breaches:action_done", breach.pk, action.pk)
        assert post(client, personas.siro, *url).status_code == 403
        assert post(client, personas.outsider_dpo, *url).status_code == 404
        assert post(client, personas.dpo, *url).status_code == 302
        action.refresh_from_db()
        assert action.done_by == personas.dpo

    def test_the_list_is_the_users_own_and_does_not_grow_in_queries(
        self, client, personas, django_assert_max_num_queries
    ):
        reported(personas.analyst)
        reported(personas.colleague)
        client.force_login(personas.analyst)
        assert len(client.get(reverse("breaches:index")).context["rows"]) == 1
        client.force_login(personas.dpo)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("breaches:index"))
        for _ in range(5):
            reported(personas.colleague)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("breaches:index"))
        assert len(response.context["rows"]) == 7


def report_data(**overrides):
    return {
        "summary": "Custody printout left in a patrol car\nFound by the next shift.",
        "discovered_on_0": "6",
        "discovered_on_1": "3",
        "discovered_on_2": "2026",
        "discovered_time": "16:30",
        "data_involved": "Names and custody numbers of detained people.",
        "people_affected": "14",
        **overrides,
    }


class TestReporting:
    def test_anyone_signed_in_reports_and_the_dpo_is_told(self, client, personas, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, personas.colleague, "breaches:report", data=report_data())
        breach = Breach.objects.get()
        assert response.status_code == 302 and response["Location"] == breach.get_absolute_url()
        assert breach.reported_by == personas.colleague
        assert breach.aware_at.isoformat() == "2026-03-06T16:30:00+00:00"
        assert [message.to for message in mail.outbox] == [[personas.dpo.email]]

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"discovered_on_0": "31", "discovered_on_1": "2"}, "must be a real date"),
            ({"discovered_time": "25:99"}, "Enter a time like 09:15 or 16:30"),
            ({"discovered_time": ""}, "Enter time it was discovered"),
            ({"people_affected": "lots"}, "Enter a whole number"),
            ({"people_affected": "-3"}, "greater than or equal to 0"),
            ({"summary": ""}, "Enter what happened"),
            ({"discovered_on_2": "2031"}, "must be now or in the past"),
        ],
    )
    def test_bad_input_gets_messages_on_the_form(self, client, personas, changes, message):
        response = post(client, personas.analyst, "breaches:report", data=report_data(**changes))
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert message in response.content.decode()
        assert not Breach.objects.exists()


class TestDpoSteps:
    def test_a_not_reportable_decision_against_a_high_risk_is_shown_on_the_form(self, client, personas, breach):
        breach = assessed(breach, personas.dpo, "high")
        response = post(
            client, personas.dpo, "breaches:ico", breach.pk,
            data={"decision": "not_reportable", "reasons": "Seems fine.", "version": breach.version},
        )  # fmt: skip
        assert response.status_code == 200
        assert "not reportable only when it is unlikely to result in a risk" in response.content.decode()

    def test_a_late_report_asks_for_the_reasons_for_the_delay(self, client, personas, breach):
        breach = assessed(breach, personas.dpo, "high")
        late = breach.aware_at + datetime.timedelta(hours=80)
        data = {
            "decision": "report", "reasons": "High risk.", "version": breach.version, "ico_reference": "IC-1-A",
            "reported_on_0": str(late.day), "reported_on_1": str(late.month), "reported_on_2": str(late.year),
            "reported_time": late.strftime("%H:%M"),
        }  # fmt: skip
        response = post(client, personas.dpo, "breaches:ico", breach.pk, data=data)
        assert "give the reasons for the delay" in response.content.decode()
        response = post(client, personas.dpo, "breaches:ico", breach.pk, data={**data, "late_reasons": "Unclear."})
        assert response.status_code == 302
        breach.refresh_from_db()
        assert (breach.status, breach.late_reasons) == (BreachStatus.REPORTED_TO_ICO, "Unclear.")

    def test_a_stale_form_gets_a_conflict_message_not_a_lost_update(self, client, personas, breach):
        stale = breach.version
        assessed(breach, personas.dpo, "none")
        response = post(
            client, personas.dpo, "breaches:risk", breach.pk,
            data={"likelihood": "likely", "severity": "severe", "reasons": "Worse.", "version": stale},
        )  # fmt: skip
        assert response.status_code == 200
        assert "while you were editing it" in response.content.decode()
        breach.refresh_from_db()
        assert breach.risk_level == "none"
