"""The committee's pages for each persona: who sees what (404), who may act (403), and forms that keep
bad input on the page with a message."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ethics.models import Case, CaseStatus, Committee, Hearing, Meeting
from tests.conftest import forget_kept_pages
from tests.ethics.conftest import approved, decide, held, plan, submit
from tests.factories import ProjectFactory


@pytest.fixture
def heard(committee, personas, case):
    meeting, (hearing,) = held(committee, personas.secretary, [case])
    return meeting, decide(hearing, personas.secretary, "C")


def status_of(client, user, url, method="get", **data):
    client.force_login(user)
    return getattr(client, method)(url, data).status_code


class TestWhoSeesWhat:
    @pytest.mark.parametrize(
        ("persona", "meeting_page", "case_page", "minutes_page", "full_pdf", "letter"),
        [
            ("secretary", 200, 200, 200, 200, 200),
            ("member", 200, 200, 403, 200, 200),
            ("analyst", 404, 200, 404, 404, 200),  # the project lead: their case, the hearings and the advice
            ("dpo", 200, 200, 403, 200, 200),  # reads the whole organisation
            ("colleague", 404, 404, 404, 404, 404),
            ("outsider", 404, 404, 404, 404, 404),
        ],
    )
    def test_each_persona(
        self, client, personas, heard, persona, meeting_page, case_page, minutes_page, full_pdf, letter
    ):
        meeting, hearing = heard
        user = getattr(personas, persona)
        assert status_of(client, user, reverse("ethics:meeting_detail", args=[meeting.pk])) == meeting_page
        assert status_of(client, user, reverse("ethics:case_detail", args=[hearing.case_id])) == case_page
        assert status_of(client, user, reverse("ethics:hearing_minutes", args=[hearing.pk])) == minutes_page
        assert status_of(client, user, reverse("ethics:minutes_pdf", args=[meeting.pk, "full"])) == full_pdf
        assert status_of(client, user, reverse("ethics:advice_letter", args=[hearing.pk])) == letter

    def test_only_the_secretary_changes_a_meeting(self, client, personas, heard):
        meeting, _ = heard
        for url in (
            reverse("ethics:meeting_edit", args=[meeting.pk]),
            reverse("ethics:attendance_add", args=[meeting.pk]),
            reverse("ethics:agenda_add_case", args=[meeting.pk]),
        ):
            assert status_of(client, personas.member, url) == 403
            assert status_of(client, personas.outsider, url) == 404
            assert status_of(client, personas.secretary, url) == 200
        assert (
            status_of(
                client,
                personas.member,
                reverse("ethics:meeting_status", args=[meeting.pk]),
                "post",
                status="minutes_drafted",
                version=meeting.version,
            )
            == 403
        )

    def test_only_the_secretary_manages_the_committee(self, client, committee, personas):
        for url in (
            reverse("ethics:terms_revise", args=[committee.pk]),
            reverse("ethics:member_add", args=[committee.pk]),
            reverse("ethics:meeting_create", args=[committee.pk]),
        ):
            assert status_of(client, personas.member, url) == 403
            assert status_of(client, personas.secretary, url) == 200
        assert status_of(client, personas.analyst, reverse("ethics:committee_create")) == 403

    def test_only_the_secretary_follows_up_actions_and_conditions(self, client, personas, heard):
        _, hearing = heard
        condition = hearing.conditions.get()
        url = reverse("ethics:condition_met", args=[condition.pk])
        assert status_of(client, personas.analyst, url) == 403
        assert status_of(client, personas.outsider, url) == 404
        assert status_of(client, personas.secretary, url, "post", note="Results presented.") == 302
        condition.refresh_from_db()
        assert condition.met_by == personas.secretary

    def test_the_lead_withdraws_their_case_and_the_member_cannot(self, client, personas, case):
        url = reverse("ethics:case_withdraw", args=[case.pk])
        assert status_of(client, personas.member, url, "post", reason="x", version=case.version) == 403
        assert status_of(client, personas.analyst, url, "post", reason="Stopped", version=case.version) == 302
        case.refresh_from_db()
        assert case.status == CaseStatus.WITHDRAWN

    def test_a_paper_is_read_by_those_who_see_the_case(self, client, personas, case):
        client.force_login(personas.analyst)
        upload = SimpleUploadedFile("paper.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        assert client.post(reverse("ethics:paper_upload", args=[case.pk]), {"file": upload}).status_code == 302
        paper = case.papers.get()
        assert status_of(client, personas.member, reverse("ethics:paper_download", args=[paper.pk])) == 200
        assert status_of(client, personas.outsider, reverse("ethics:paper_download", args=[paper.pk])) == 404


class TestForms:
    def test_a_paper_of_the_wrong_type_is_refused_on_the_form(self, client, personas, case):
        client.force_login(personas.analyst)
        upload = SimpleUploadedFile("paper.exe", b"MZ\x90\x00 not a document")
        response = client.post(reverse("ethics:paper_upload", args=[case.pk]), {"file": upload})
        assert response.status_code == 200
        assert "must be a PDF, Word document or OpenDocument text" in response.text
        assert not case.papers.exists()

    def test_submitting_a_case(self, client, committee, personas):
        project = ProjectFactory(lead=personas.analyst)
        client.force_login(personas.analyst)
        form = {
            "reference": "DAL_2019_0004_Youth and MSV",
            "title": "Youth and MSV",
            "committee": committee.pk,
            "project": project.pk,
            "kind": "explanatory",
            "team": "Data Analytics Lab",
            "summary": "Trends.",
        }
        response = client.post(reverse("ethics:case_create"), form)
        case = Case.objects.get(reference="DAL_2019_0004_Youth and MSV")
        assert response.url == case.get_absolute_url()
        again = client.post(reverse("ethics:case_create"), form)
        assert again.status_code == 200 and "already been submitted" in again.text

    def test_someone_elses_project_cannot_be_put_to_the_committee(self, client, committee, personas):
        project = ProjectFactory(lead=personas.colleague)
        client.force_login(personas.analyst)
        response = client.post(
            reverse("ethics:case_create"),
            {
                "reference": "X",
                "title": "X",
                "committee": committee.pk,
                "project": project.pk,
                "kind": "descriptive",
                "team": "Lab",
                "summary": "X",
            },
        )
        assert response.status_code == 200 and "Select a valid choice" in response.text
        assert not Case.objects.exists()

    def test_a_bad_meeting_date_and_time_are_shown_on_the_form(self, client, committee, personas):
        client.force_login(personas.secretary)
        response = client.post(
            reverse("ethics:meeting_create", args=[committee.pk]),
            {"date_0": "31", "date_1": "2", "date_2": "2027", "start_time": "25:99", "place": "HQ"},
        )
        assert response.status_code == 200
        assert "Enter a time like 10:00 or 14:30" in response.text
        assert "HQ" in response.text
        assert not Meeting.objects.exists()

    def test_planning_a_meeting_numbers_it(self, client, committee, personas):
        client.force_login(personas.secretary)
        for day in ("3", "4"):
            client.post(
                reverse("ethics:meeting_create", args=[committee.pk]),
                {"date_0": day, "date_1": "3", "date_2": "2027", "start_time": "10:00", "place": "HQ"},
            )
        assert [m.name for m in Meeting.objects.order_by("number")] == [
            "The first formal meeting",
            "The second formal meeting",
        ]

    def test_scheduling_a_case_without_a_dpia_warns(self, client, committee, personas, case):
        meeting = plan(committee, personas.secretary, days_from_now=10)
        client.force_login(personas.secretary)
        page = client.get(reverse("ethics:agenda_add_case", args=[meeting.pk])).text
        assert "No DPIA" in page
        response = client.post(reverse("ethics:agenda_add_case", args=[meeting.pk]), {"case": case.pk}, follow=True)
        assert "has no DPIA: the committee asks to see one with every proposal" in response.text

    def test_the_option_needs_a_vote(self, client, personas, committee, case):
        _, (hearing,) = held(committee, personas.secretary, [case])
        client.force_login(personas.secretary)
        response = client.post(reverse("ethics:hearing_minutes", args=[hearing.pk]), minutes_form(hearing, option="E"))
        assert response.status_code == 200 and "Select how the committee voted" in response.text

    def test_the_terms_form_makes_a_new_version(self, client, committee, personas):
        client.force_login(personas.secretary)
        form = {"effective_from_0": "1", "effective_from_1": "1", "effective_from_2": "2027", "note": "Plainer E"}
        for option in committee.terms.get().options.all():
            form[f"label_{option.letter}"] = option.label
            form[f"text_{option.letter}"] = option.text if option.letter != "E" else "More information is needed."
        assert client.post(reverse("ethics:terms_revise", args=[committee.pk]), form).status_code == 302
        assert Committee.objects.get().terms.first().option("E").text == "More information is needed."


def minutes_form(hearing: Hearing, **fields: str) -> dict[str, str]:
    return {
        "version": str(hearing.version),
        "q-TOTAL_FORMS": "1", "q-INITIAL_FORMS": "0",
        "q-0-question": "What is the next stage?", "q-0-answer": "A rebuild.",
        "a-TOTAL_FORMS": "1", "a-INITIAL_FORMS": "0", "a-0-text": "Obtain legal advice.", "a-0-owner": "Lab",
        "c-TOTAL_FORMS": "1", "c-INITIAL_FORMS": "0", "c-0-text": "",
        **fields,
    }  # fmt: skip


class TestSavingAsYouGo:
    def test_a_background_save_answers_with_the_version_and_the_new_records(self, client, committee, personas, case):
        _, (hearing,) = held(committee, personas.secretary, [case])
        client.force_login(personas.secretary)
        url = reverse("ethics:hearing_minutes", args=[hearing.pk])
        answer = client.post(url, minutes_form(hearing, overview="Points"), headers={"X-Autosave": "1"})
        assert answer.status_code == 200
        body = json.loads(answer.content)
        action = case.actions.get()
        assert body["version"] == hearing.version + 1 and body["line_ids"]["actions"] == [action.pk]
        # The next save names the action it made, so it is not made twice.
        again = minutes_form(
            hearing, overview="Points, more", version=str(body["version"]), **{"a-0-id": str(action.pk)}
        )
        assert client.post(url, again, headers={"X-Autosave": "1"}).status_code == 200
        assert case.actions.count() == 1 and Hearing.objects.get().overview == "Points, more"

    def test_a_background_save_that_cannot_be_made_says_why(self, client, committee, personas, case):
        _, (hearing,) = held(committee, personas.secretary, [case])
        client.force_login(personas.secretary)
        url = reverse("ethics:hearing_minutes", args=[hearing.pk])
        answer = client.post(url, minutes_form(hearing, option="E"), headers={"X-Autosave": "1"})
        assert answer.status_code == 400 and json.loads(answer.content)["errors"] == ["Select how the committee voted"]
        stale = client.post(url, minutes_form(hearing, version="0"), headers={"X-Autosave": "1"})
        assert stale.status_code == 409

    def test_approved_minutes_are_not_saved_in_the_background(self, client, committee, personas, case):
        meeting, (hearing,) = held(committee, personas.secretary, [case])
        hearing = decide(hearing, personas.secretary, "A")
        approved(meeting, personas.secretary)
        client.force_login(personas.secretary)
        url = reverse("ethics:hearing_minutes", args=[hearing.pk])
        answer = client.post(url, minutes_form(hearing, advice="Quietly"), headers={"X-Autosave": "1"})
        assert answer.status_code == 409
        hearing.refresh_from_db()
        assert hearing.advice == ""
        page = client.post(url, {**minutes_form(hearing, advice="Corrected"), "option": "A", "vote": "unanimous"})
        assert page.status_code == 200 and "say why they are being corrected" in page.text


class TestOverview:
    def test_the_secretary_sees_what_is_waiting(self, client, committee, personas, heard):
        waiting = submit(committee, personas.analyst, reference="DAL_2019_0007_Waiting", title="Waiting paper")
        client.force_login(personas.secretary)
        page = client.get(reverse("ethics:index")).text
        assert "Secretary&#x27;s overview" in page or "Secretary's overview" in page
        assert waiting.reference in page
        assert "Results return to the committee" in page  # the condition outstanding

    def test_the_longest_waiting_are_listed_with_how_many_wait(
        self, client, committee, personas, django_assert_max_num_queries
    ):
        papers = [
            submit(committee, personas.analyst, reference=f"DAL_2019_{n:04d}_Waiting", title=f"Paper {n}")
            for n in range(27)
        ]
        Case.objects.filter(pk=papers[-1].pk).update(status=CaseStatus.MORE_INFORMATION)
        client.force_login(personas.secretary)
        client.get(reverse("ethics:index"))
        forget_kept_pages()
        with django_assert_max_num_queries(15):
            response = client.get(reverse("ethics:index"))
        unscheduled = response.context["unscheduled"]
        assert [case.pk for case in unscheduled] == [case.pk for case in papers[:25]]
        assert response.context["unscheduled_total"] == 26
        assert "26 cases; the 25 waiting longest are listed" in response.text
        assert [case.pk for case in response.context["awaiting_information"]] == [papers[-1].pk]
        assert response.context["awaiting_information_total"] == 1

    def test_others_do_not(self, client, personas, heard):
        client.force_login(personas.analyst)
        page = client.get(reverse("ethics:index")).text
        assert "overview" not in page
        assert "DAL_2019_0001_RASSO_analysis" in page  # their own paper

    def test_overdue_actions_are_marked(self, client, committee, personas, case):
        import datetime

        from ethics.services import ActionLine, hearing_save_minutes

        _, (hearing,) = held(committee, personas.secretary, [case])
        hearing.refresh_from_db()
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        hearing_save_minutes(
            hearing=hearing,
            actor=personas.secretary,
            expected_version=hearing.version,
            actions=[ActionLine(None, "Legal advice", "Lab", yesterday)],
        )
        client.force_login(personas.secretary)
        assert "Overdue" in client.get(reverse("ethics:index")).text

    def test_the_case_page_shows_the_whole_timeline(self, client, committee, personas, case):
        _, (first,) = held(committee, personas.secretary, [case], days_from_now=-60)
        decide(first, personas.secretary, "E")
        _, (second,) = held(committee, personas.secretary, [case], days_from_now=-3)
        client.force_login(personas.analyst)
        page = client.get(reverse("ethics:case_detail", args=[case.pk])).text
        assert page.count("Heard at") == 2 and "Option E: Not yet able to advise" in page


def test_the_agenda_is_reordered_and_an_unknown_action_is_not_found(client, committee, personas, case):
    from ethics.services import agenda_add_case, agenda_add_item

    meeting = plan(committee, personas.secretary, days_from_now=10)
    agenda_add_case(meeting=meeting, case=case, actor=personas.secretary)
    lunch = agenda_add_item(meeting=meeting, actor=personas.secretary, kind="event", title="Lunch")
    client.force_login(personas.secretary)
    response = client.post(reverse("ethics:agenda_item_action", args=[meeting.pk, lunch.pk, "up"]), follow=True)
    assert "Lunch moved up." in response.text
    assert [item.title or item.hearing.case.reference for item in meeting.agenda.order_by("order")] == [
        "Lunch",
        case.reference,
    ]
    assert client.post(reverse("ethics:agenda_item_action", args=[meeting.pk, lunch.pk, "sideways"])).status_code == 404
    assert client.post(reverse("ethics:meeting_status", args=[meeting.pk]), {"status": "nonsense"}).status_code == 302


def test_the_project_page_and_home_page_show_the_committees_work(client, committee, personas, heard):
    _, hearing = heard
    client.force_login(personas.analyst)
    page = client.get(hearing.case.project.get_absolute_url()).text
    assert "DAL_2019_0001_RASSO_analysis" in page and "Latest advice: option C" in page
    client.force_login(personas.secretary)
    home = client.get(reverse("home")).text
    assert "1 condition not yet met" in home
