from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from dpia.models import Screening, ScreeningStatus
from dpia.services.screenings import screening_decide, screening_return
from governance.permissions import grant
from tests.conftest import forget_kept_pages
from tests.dpia.conftest import start, submitted


def url(name, screening, *args):
    return reverse(f"dpia:{name}", args=[screening.pk, *args])


class TestStart:
    def test_the_lead_starts_a_screening_from_the_project_page(self, client, personas):
        from tests.factories import ProjectFactory

        project = ProjectFactory(lead=personas.analyst)
        client.force_login(personas.analyst)
        page = client.get(project.get_absolute_url()).text
        assert f"{reverse('dpia:screening_create')}?project={project.pk}" in page
        response = client.post(reverse("dpia:screening_create"), {"project": project.pk})
        screening = Screening.objects.get(project=project)
        assert response.url == screening.get_absolute_url()
        assert screening.author == personas.analyst

    def test_a_colleague_cannot_screen_someone_elses_project(self, client, personas):
        from tests.factories import ProjectFactory

        project = ProjectFactory(lead=personas.analyst)
        client.force_login(personas.colleague)
        response = client.post(reverse("dpia:screening_create"), {"project": project.pk})
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert not Screening.objects.exists()


class TestSections:
    def test_the_task_list_shows_each_sections_state(self, client, personas):
        screening = start(personas.analyst)
        client.force_login(personas.analyst)
        page = client.get(screening.get_absolute_url()).text
        assert "Section 1 – Governance" in page and "Section 5 – ICO: Additional Factors" in page
        assert "Not yet started" in page and "In progress" in page

    def test_labels_carry_the_question_numbers_and_the_seed_words(self, client, personas):
        screening = start(personas.analyst)
        client.force_login(personas.analyst)
        page = client.get(url("screening_section", screening, "purpose")).text
        assert "2.6 How many individuals will the processing affect?" in page
        assert "2.10.5 Is there an ISA, contract, or other sharing agreement in place" in page
        assert 'data-behaviour="exclusive"' in page  # "None" clears the other special categories
        assert 'data-aria-controls="conditional-id_data_subjects_6"' in page  # "Other" reveals the details

    def test_saving_a_draft_keeps_every_word_even_with_a_bad_date(self, client, personas):
        screening = start(personas.analyst)
        client.force_login(personas.analyst)
        response = client.post(
            url("screening_section", screening, "governance"),
            {
                "project": screening.project_id,
                "information_asset_owner": "Chief Constable",
                "information_custodian": "Superintendent",
                "processing_commences_0": "31",
                "processing_commences_1": "2",
                "processing_commences_2": "2027",
                "version": screening.version,
                "action": "draft",
            },
        )
        assert response.status_code == 200
        assert "must be a real date" in response.text
        assert "Your other answers on this page have been saved" in response.text
        screening.refresh_from_db()
        assert (screening.information_asset_owner, screening.information_custodian) == (
            "Chief Constable",
            "Superintendent",
        )

    def test_save_and_continue_checks_the_section_and_moves_on(self, client, personas):
        screening = start(personas.analyst)
        client.force_login(personas.analyst)
        data = {"version": screening.version, "action": "continue", "retention_compliant": "yes"}
        response = client.post(url("screening_section", screening, "retention"), data)
        assert "Enter the retention schedule that applies" in response.text
        screening.refresh_from_db()
        assert screening.retention_compliant == "yes"  # saved even so
        data.update(version=screening.version, retention_schedule="NPCC national retention schedule")
        response = client.post(url("screening_section", screening, "retention"), data)
        assert response.url == url("screening_section", screening, "ico-factors")

    def test_an_unknown_section_is_404(self, client, personas):
        screening = start(personas.analyst)
        client.force_login(personas.analyst)
        assert client.get(url("screening_section", screening, "section-9")).status_code == 404


class TestCheckAndSubmit:
    def test_incomplete_sections_are_listed_instead_of_the_submit_button(self, client, personas):
        screening = start(personas.analyst)
        client.force_login(personas.analyst)
        page = client.get(url("screening_check", screening)).text
        assert "You cannot submit yet" in page
        assert "Submit to the DPO" not in page

    def test_a_complete_screening_is_submitted(self, client, personas, draft):
        client.force_login(personas.analyst)
        page = client.get(url("screening_check", draft)).text
        assert "Check your answers before submitting" in page
        response = client.post(url("screening_check", draft), {"version": draft.version})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.status == ScreeningStatus.SUBMITTED

    def test_a_double_submission_does_not_make_two_versions(self, client, personas, draft):
        client.force_login(personas.analyst)
        client.post(url("screening_check", draft), {"version": draft.version})
        second = client.post(url("screening_check", draft), {"version": draft.version})
        assert second.status_code == 403  # no longer editable
        assert draft.versions.count() == 1


class TestQueue:
    def test_the_dpo_sees_submissions_oldest_due_first_with_overdue_marked(self, client, personas):
        late = submitted(personas.analyst)
        soon = submitted(personas.analyst)
        later = submitted(personas.analyst)
        today = datetime.date.today()
        Screening.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=3))
        Screening.objects.filter(pk=soon.pk).update(due_on=today)
        Screening.objects.filter(pk=later.pk).update(due_on=today + datetime.timedelta(days=30))
        start(personas.analyst)  # a draft: not the DPO's business yet
        client.force_login(personas.dpo)
        response = client.get(reverse("dpia:review_queue"))
        rows = list(response.context["page"].object_list)
        assert rows == [late, soon, later]
        assert "Overdue" in response.text and "Due soon" in response.text
        assert "3 screenings" in response.text

    def test_other_organisations_submissions_are_not_in_the_queue(self, client, personas):
        waiting = submitted(personas.analyst)
        client.force_login(personas.outsider_dpo)
        assert waiting.reference not in client.get(reverse("dpia:review_queue")).text

    def test_filters_by_status_and_project(self, client, personas):
        first = submitted(personas.analyst)
        second = submitted(personas.analyst)
        screening_return(screening=second, actor=personas.dpo, reason="More", expected_version=second.version)
        client.force_login(personas.dpo)
        returned = client.get(reverse("dpia:review_queue"), {"status": "returned"}).context["page"].object_list
        assert list(returned) == [second]
        named = client.get(reverse("dpia:review_queue"), {"project": first.project.name, "status": "submitted"})
        assert list(named.context["page"].object_list) == [first]

    def test_an_analyst_sees_their_own_screenings(self, client, personas):
        mine = start(personas.analyst)
        theirs = start(personas.colleague)
        client.force_login(personas.analyst)
        page = client.get(reverse("dpia:review_queue")).text
        assert mine.project.name in page and theirs.project.name not in page

    def test_the_query_count_does_not_grow_with_the_queue(self, client, personas, django_assert_max_num_queries):
        for _ in range(12):
            submitted(personas.analyst)
        client.force_login(personas.dpo)
        with django_assert_max_num_queries(10):
            response = client.get(reverse("dpia:review_queue"))
        assert len(response.context["page"].object_list) == 12

    def test_the_queue_is_counted_once_and_pages_agree_with_the_counts(
        self, client, personas, django_assert_max_num_queries
    ):
        """The list's length comes from the counts by status (no second COUNT), and matches the rows."""
        waiting = [submitted(personas.analyst) for _ in range(27)]
        screening_return(screening=waiting[0], actor=personas.dpo, reason="More", expected_version=waiting[0].version)
        client.force_login(personas.dpo)
        client.get(reverse("dpia:review_queue"))
        forget_kept_pages()
        with django_assert_max_num_queries(8):
            first = client.get(reverse("dpia:review_queue"))
        assert first.context["page"].paginator.count == 26 and "26 screenings" in first.text
        last = client.get(reverse("dpia:review_queue"), {"page": "2"}).context["page"]
        shown = [*first.context["page"].object_list, *last.object_list]
        assert len(shown) == 26 and waiting[0] not in shown
        returned = client.get(reverse("dpia:review_queue"), {"status": "returned"}).context["page"]
        assert returned.paginator.count == 1 and list(returned.object_list) == [waiting[0]]
        named = client.get(reverse("dpia:review_queue"), {"project": waiting[1].project.name}).context["page"]
        assert named.paginator.count == 1 and list(named.object_list) == [waiting[1]]


class TestReview:
    def test_the_dpo_sees_the_answers_indicators_and_can_comment(self, client, personas):
        screening = submitted(personas.analyst, profiling="yes", profiling_details="Scores offenders for harm.")
        client.force_login(personas.dpo)
        page = client.get(url("screening_review", screening)).text
        assert "(a) Systematic and extensive evaluation or profiling" in page
        assert "Suggested outcome: C" in page
        response = client.post(url("screening_comment", screening), {"question": "volume", "text": "How many?"})
        assert response.url.endswith("#q-volume")
        assert "How many?" in client.get(url("screening_review", screening)).text

    def test_returning_and_deciding_from_the_browser(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        client.post(
            url("screening_return", screening),
            {"reason": "Say more about 2.5.", "version": screening.version},
        )
        screening.refresh_from_db()
        assert screening.status == ScreeningStatus.RETURNED
        client.force_login(personas.analyst)
        assert "Say more about 2.5." in client.get(screening.get_absolute_url()).text

    def test_deciding_b_with_an_action(self, client, personas):
        screening = submitted(personas.analyst, agreement_in_place="not_yet")
        client.force_login(personas.dpo)
        page = client.get(url("screening_decide", screening)).text
        assert 'value="B" checked' in page  # the suggestion is preselected
        data = {
            "outcome": "B",
            "reasons": "Sharing needs an agreement first.",
            "version": screening.version,
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-description": "Sign the agreement with the VRP.",
            "actions-0-owner": personas.analyst.pk,
            "actions-0-due_on_0": "1",
            "actions-0-due_on_1": "6",
            "actions-0-due_on_2": str(datetime.date.today().year + 1),
        }
        response = client.post(url("screening_decide", screening), data)
        assert response.status_code == 302
        screening.refresh_from_db()
        assert screening.status == ScreeningStatus.CONDITIONAL
        assert screening.remedial_actions.get().owner == personas.analyst

    def test_b_without_an_action_is_explained(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        response = client.post(
            url("screening_decide", screening),
            {
                "outcome": "B",
                "reasons": "x",
                "version": screening.version,
                "actions-TOTAL_FORMS": "3",
                "actions-INITIAL_FORMS": "0",
            },
        )
        assert "Add at least one remedial action for outcome B" in response.text
        screening.refresh_from_db()
        assert screening.status == ScreeningStatus.SUBMITTED

    def test_a_half_filled_action_is_explained(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        response = client.post(
            url("screening_decide", screening),
            {
                "outcome": "B",
                "reasons": "x",
                "version": screening.version,
                "actions-TOTAL_FORMS": "3",
                "actions-INITIAL_FORMS": "0",
                "actions-0-description": "Do it",
            },
        )
        assert "Action 1: Select the owner" in response.text


class TestPermissions:
    @pytest.mark.parametrize("persona", ["outsider", "outsider_dpo"])
    @pytest.mark.parametrize(
        "name",
        [
            "screening_detail",
            "screening_review",
            "screening_decide",
            "screening_return",
            "screening_pdf",
            "screening_history",
            "screening_versions",
            "screening_check",
            "screening_reopen",
        ],
    )
    def test_another_organisation_gets_404(self, client, personas, persona, name):
        screening = submitted(personas.analyst)
        client.force_login(getattr(personas, persona))
        assert client.get(url(name, screening)).status_code == 404

    @pytest.mark.parametrize("persona", ["colleague", "secretary", "member", "signatory", "iao"])
    def test_people_of_the_organisation_without_a_part_in_it_get_404(self, client, personas, persona):
        screening = submitted(personas.analyst)
        client.force_login(getattr(personas, persona))
        assert client.get(screening.get_absolute_url()).status_code == 404
        assert screening.reference not in client.get(reverse("dpia:review_queue")).text

    def test_a_draft_is_private_to_its_author_and_lead(self, client, personas):
        screening = start(personas.analyst)
        for persona in ("dpo", "siro", "colleague"):
            client.force_login(getattr(personas, persona))
            assert client.get(screening.get_absolute_url()).status_code == 404, persona
        client.force_login(personas.analyst)
        assert client.get(screening.get_absolute_url()).status_code == 200

    @pytest.mark.parametrize("persona", ["siro", "auditor"])
    def test_the_siro_and_auditor_read_but_do_not_review(self, client, personas, persona):
        screening = submitted(personas.analyst)
        client.force_login(getattr(personas, persona))
        assert client.get(screening.get_absolute_url()).status_code == 200
        assert client.get(url("screening_review", screening)).status_code == 403
        assert client.post(url("screening_decide", screening), {"outcome": "A"}).status_code == 403

    def test_after_submission_the_author_reads_only(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.analyst)
        assert client.get(screening.get_absolute_url()).status_code == 200
        assert client.get(url("screening_section", screening, "purpose")).status_code == 403
        assert client.get(url("screening_review", screening)).status_code == 403

    def test_a_colleague_given_sight_may_read_but_not_edit_a_draft(self, client, personas):
        screening = start(personas.analyst)
        grant(personas.colleague, screening, ["view"])
        client.force_login(personas.colleague)
        assert client.get(screening.get_absolute_url()).status_code == 200
        assert client.get(url("screening_section", screening, "purpose")).status_code == 403


class TestVersionsPdfHistory:
    def test_two_versions_are_compared(self, client, personas):
        from dpia.services.screenings import screening_save_answers, screening_submit

        screening = submitted(personas.analyst)
        screening = screening_return(
            screening=screening, actor=personas.dpo, reason="More", expected_version=screening.version
        )
        screening = screening_save_answers(
            screening=screening,
            actor=personas.analyst,
            answers={"volume": "over_5000"},
            expected_version=screening.version,
        )
        screening_submit(
            screening=screening,
            actor=personas.analyst,
            expected_version=screening.version,
            response_note="Volume corrected",
        )
        client.force_login(personas.dpo)
        page = client.get(url("screening_versions", screening), {"older": 1, "newer": 2}).text
        assert "2.6 How many individuals will the processing affect?" in page
        assert "1000 to 5000 data subjects" in page and "More than 5000 data subjects" in page
        assert "2.1 Please briefly explain" not in page

    def test_the_pdf_has_the_questions_answers_outcome_and_the_marking_on_every_page(self, client, personas):
        screening = submitted(personas.analyst, physical_harm="yes", physical_harm_details="Witness safety.")
        screening = screening_decide(
            screening=screening,
            actor=personas.dpo,
            outcome="C",
            reasons="High risk.",
            expected_version=screening.version,
        )
        client.force_login(personas.siro)
        response = client.get(url("screening_pdf", screening))
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        reader = PdfReader(io.BytesIO(response.content))
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        assert len(pages) >= 2
        for text in pages:
            assert text.count("OFFICIAL-SENSITIVE") >= 2, text[:200]
        whole = " ".join(pages)
        for expected in (
            "Project Proposal Name",
            screening.project.name,
            "2.6 How many individuals will the processing affect?",
            "1000 to 5000 data subjects",
            "5.11 Risk of physical harm?",
            "Witness safety.",
            "C. DPIA is mandatory. (selected)",
            f"Page 1 of {len(pages)}",
        ):
            assert expected in whole, expected

    def test_history_names_who_did_what(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        page = client.get(url("screening_history", screening)).text
        assert "Submitted to the DPO (version 1)" in page
        assert f"Changed by {escape(personas.analyst)}" in page


class TestHomePanel:
    def test_the_dpo_sees_how_many_wait_and_how_many_are_overdue(self, client, personas):
        late = submitted(personas.analyst)
        submitted(personas.analyst)
        Screening.objects.filter(pk=late.pk).update(due_on=datetime.date.today() - datetime.timedelta(days=1))
        client.force_login(personas.dpo)
        page = client.get(reverse("home")).text
        assert "2 screenings waiting for your response" in page
        assert "1 overdue" in page

    def test_the_author_sees_what_was_returned_to_them(self, client, personas):
        screening = submitted(personas.analyst)
        screening_return(screening=screening, actor=personas.dpo, reason="More", expected_version=screening.version)
        client.force_login(personas.analyst)
        assert screening.reference in client.get(reverse("home")).text
        client.force_login(personas.colleague)
        assert screening.reference not in client.get(reverse("home")).text


def _post_data(section, answers, version):
    """The section's answers as the browser would post them."""
    data = {"version": version, "action": "continue"}
    for question in section.questions:
        value = answers.get(question.key)
        if isinstance(value, datetime.date):
            data.update(
                {f"{question.key}_0": value.day, f"{question.key}_1": value.month, f"{question.key}_2": value.year}
            )
        elif isinstance(value, bool):
            if value:
                data[question.key] = "on"
        elif value is not None:
            data[question.key] = value
    return data


def test_every_question_is_saved_and_shown_back(client, personas):
    from dpia.answers import show
    from dpia.questions import SECTIONS
    from tests.dpia.conftest import low_risk_answers

    answers = low_risk_answers(
        special_categories=["race", "health"],
        data_subjects=["victims", "other"],
        data_subjects_other="Complainants",
        operational_strictly_necessary=True,
        operational_condition="4",
        administrative_basis="e",
        administrative_public_interest=True,
        administrative_public_interest_purpose="18",
        profiling="yes",
        profiling_details="Scores harm.",
    )
    screening = start(personas.analyst)
    answers["project"] = screening.project_id
    client.force_login(personas.analyst)
    for section in SECTIONS:
        screening.refresh_from_db()
        response = client.post(
            url("screening_section", screening, section.slug), _post_data(section, answers, screening.version)
        )
        assert response.status_code == 302, (section.slug, response.context["form"].errors)
    screening.refresh_from_db()
    page = client.get(url("screening_check", screening)).text
    blank = {"tick": False, "multiple": [], "date": None}
    for section in SECTIONS:
        for question in section.questions:
            if question.key == "project":
                continue
            expected = answers.get(question.key, blank.get(question.kind, ""))
            assert getattr(screening, question.key) == expected, question.key
            if expected not in ("", [], None):
                shown = show(question, expected, "WMP")
                assert shown.replace("'", "&#x27;") in page, (question.key, shown)
    assert "Submit to the DPO" in page
