from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from isa.models import Agreement, AgreementTemplate, RequestStatus
from tests.conftest import forget_kept_pages
from tests.factories import ForumFactory, ForumMembershipFactory
from tests.isa.conftest import REQUEST_ANSWERS, ask, drafted, in_force, terms

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def agreement(personas, own_dataset):
    return in_force(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])


class TestRegister:
    def test_party_organisations_see_it_and_others_do_not(self, client, personas, agreement):
        from tests.factories import OrganisationFactory, UserFactory

        for persona in ("analyst", "outsider"):
            client.force_login(getattr(personas, persona))
            assert agreement.reference in client.get(reverse("isa:register")).text, persona
        stranger = UserFactory(organisation=OrganisationFactory(), roles=["Data Protection Officer"])
        client.force_login(stranger)
        assert agreement.reference not in client.get(reverse("isa:register")).text
        assert client.get(agreement.get_absolute_url()).status_code == 404

    def test_filters(self, client, personas, agreement, own_dataset):
        other = drafted(personas.dpo, personas.organisation, personas.other_organisation, [])
        client.force_login(personas.dpo)
        page = client.get(reverse("isa:register"), {"status": "active"}).text
        assert agreement.reference in page and other.reference not in page
        page = client.get(reverse("isa:register"), {"dataset": own_dataset.name}).text
        assert agreement.reference in page and other.reference not in page
        Agreement.objects.filter(pk=agreement.pk).update(
            review_date=agreement.start_date.replace(year=agreement.start_date.year)
        )
        page = client.get(reverse("isa:register"), {"review_within": "30"}).text
        assert agreement.reference in page and other.reference not in page

    def test_the_query_count_does_not_grow(self, client, personas, django_assert_max_num_queries):
        for _ in range(12):
            drafted(personas.dpo, personas.organisation, personas.other_organisation, [])
        client.force_login(personas.dpo)
        with django_assert_max_num_queries(9):
            response = client.get(reverse("isa:register"))
        assert response.context["page"].paginator.count == 12

    def test_the_count_comes_with_the_rows_and_the_pages_cover_every_agreement(
        self, client, personas, django_assert_max_num_queries
    ):
        made = {drafted(personas.dpo, personas.organisation, personas.other_organisation, []).pk for _ in range(27)}
        client.force_login(personas.dpo)
        client.get(reverse("isa:register"))
        forget_kept_pages()
        with django_assert_max_num_queries(8):
            first = client.get(reverse("isa:register")).context["page"]
        second = client.get(reverse("isa:register"), {"page": "2"}).context["page"]
        past_the_end = client.get(reverse("isa:register"), {"page": "9"}).context["page"]
        assert first.paginator.count == second.paginator.count == 27
        assert {a.pk for a in [*first.object_list, *second.object_list]} == made
        assert past_the_end.number == 2 and list(past_the_end.object_list) == list(second.object_list)


class TestDraftingInTheBrowser:
    def test_drafting_from_a_forums_template_fills_the_clauses_and_offers_its_members(self, client, personas):
        forum = ForumFactory(name="Humber Information Governance Alliance")
        ForumMembershipFactory(forum=forum, organisation=personas.organisation)
        ForumMembershipFactory(forum=forum, organisation=personas.other_organisation)
        template = AgreementTemplate.objects.create(
            forum=forum,
            title="Alliance agreement",
            purpose="Reduce serious violence.",
            lawful_basis="6e",
            security="Alliance secure transfer.",
            retention_terms="12 months.",
            breach_procedure="24 hours.",
        )
        client.force_login(personas.dpo)
        page = client.get(reverse("isa:agreement_create"), {"template": template.pk}).text
        assert "Alliance secure transfer." in page and personas.other_organisation.name in page
        data = {
            **{k: v for k, v in terms().items() if not k.endswith("_date")},
            "lawful_basis": "6e",
            "contact_point": personas.dpo.pk,
            "members": [personas.other_organisation.pk],
            "start_date_0": "1",
            "start_date_1": "1",
            "start_date_2": "2027",
            "review_date_0": "1",
            "review_date_1": "1",
            "review_date_2": "2028",
        }
        response = client.post(reverse("isa:agreement_create") + f"?template={template.pk}", data)
        agreement = Agreement.objects.get()
        assert response.url == agreement.get_absolute_url()
        assert agreement.template == template
        assert set(agreement.parties.values_list("organisation", flat=True)) == {
            personas.organisation.pk,
            personas.other_organisation.pk,
        }

    @pytest.mark.parametrize("persona", ["analyst", "iao", "auditor"])
    def test_roles_that_do_not_draft_are_refused(self, client, personas, persona):
        client.force_login(getattr(personas, persona))
        assert client.get(reverse("isa:agreement_create")).status_code == 403

    def test_only_editors_change_it(self, client, personas, agreement):
        client.force_login(personas.analyst)
        assert client.get(reverse("isa:agreement_edit", args=[agreement.pk])).status_code == 403
        client.force_login(personas.outsider)  # a party's analyst may read but not change
        assert client.get(agreement.get_absolute_url()).status_code == 200
        assert client.get(reverse("isa:agreement_edit", args=[agreement.pk])).status_code == 403


class TestSigningInTheBrowser:
    def test_a_signatory_signs_for_their_own_organisation_only(self, client, personas, own_dataset):
        from isa.services.agreements import agreement_send_for_signature

        draft = drafted(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        draft = agreement_send_for_signature(agreement=draft, actor=personas.dpo, expected_version=draft.version)
        ours, theirs = draft.parties.order_by("pk")
        client.force_login(ours.signatory)
        assert "Your signature is needed" in client.get(draft.get_absolute_url()).text
        assert client.get(reverse("isa:agreement_sign", args=[draft.pk, theirs.pk])).status_code == 403
        response = client.post(reverse("isa:agreement_sign", args=[draft.pk, ours.pk]), {})
        assert "Confirm you are authorised to sign" in response.text
        client.post(reverse("isa:agreement_sign", args=[draft.pk, ours.pk]), {"confirm": "on"})
        ours.refresh_from_db()
        assert ours.signed_by == ours.signatory


class TestAttachments:
    def test_a_pdf_is_kept_and_downloaded_as_an_attachment(self, client, personas, agreement):
        client.force_login(personas.dpo)
        upload = SimpleUploadedFile("Signed ISA.pdf", PDF_BYTES, content_type="application/pdf")
        response = client.post(
            reverse("isa:attachment_upload", args=[agreement.pk]), {"kind": "signed", "file": upload}
        )
        assert response.status_code == 302
        attachment = agreement.attachments.get()
        assert (attachment.name, attachment.content_type, attachment.size) == (
            "Signed ISA.pdf",
            "application/pdf",
            len(PDF_BYTES),
        )
        download = client.get(attachment.get_absolute_url())
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content) == PDF_BYTES
        client.force_login(personas.outsider_dpo)  # the other party's DPO
        assert client.get(attachment.get_absolute_url()).status_code == 200

    def test_a_file_that_only_pretends_to_be_a_pdf_is_refused(self, client, personas, agreement):
        client.force_login(personas.dpo)
        fake = SimpleUploadedFile("agreement.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
        response = client.post(reverse("isa:attachment_upload", args=[agreement.pk]), {"kind": "signed", "file": fake})
        assert "must be a PDF, Word document or OpenDocument text" in response.text
        assert not agreement.attachments.exists()

    def test_a_large_file_is_refused(self, client, personas, agreement, settings):
        settings.MAX_UPLOAD_BYTES = 100
        client.force_login(personas.dpo)
        big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 200, content_type="application/pdf")
        response = client.post(reverse("isa:attachment_upload", args=[agreement.pk]), {"kind": "annex", "file": big})
        assert "must be smaller than" in response.text


def test_the_agreement_pdf_is_marked_on_every_page(client, personas, agreement):
    client.force_login(personas.outsider)
    reader = PdfReader(io.BytesIO(client.get(reverse("isa:agreement_pdf", args=[agreement.pk])).content))
    pages = [page.extract_text() for page in reader.pages]
    assert all(text.count("OFFICIAL-SENSITIVE") >= 2 for text in pages)
    whole = " ".join(" ".join(pages).split())
    assert agreement.title in whole and "Security" in whole and personas.other_organisation.name in whole


class TestRequestPages:
    def test_an_analyst_asks_and_sees_the_checks(self, client, personas, own_dataset):
        from tests.factories import ProjectFactory

        project = ProjectFactory(lead=personas.analyst)
        client.force_login(personas.analyst)
        data = {
            **REQUEST_ANSWERS,
            "project": project.pk,
            "datasets": [own_dataset.pk],
            "start_date_0": "1",
            "start_date_1": "1",
            "start_date_2": "2027",
            "end_date_0": "1",
            "end_date_1": "6",
            "end_date_2": "2027",
        }
        response = client.post(reverse("isa:request_create"), data)
        assert response.status_code == 302, response.context["form"].errors
        page = client.get(response.url).text
        assert "The project has no DPIA screening" in page
        assert "Fails" in page

    def test_a_partners_dataset_not_shared_with_us_cannot_be_chosen(self, client, personas, partner_dataset, settled):
        client.force_login(personas.analyst)
        page = client.get(reverse("isa:request_create")).text
        assert partner_dataset.name not in page

    def test_an_approver_decides_in_the_browser(self, client, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        line = request.lines.get()
        client.force_login(personas.iao)
        assert request.reference in client.get(reverse("isa:request_list")).text
        page = client.get(request.get_absolute_url()).text
        assert reverse("isa:request_decide", args=[request.pk, line.pk, "asset_owner"]) in page
        client.post(reverse("isa:request_decide", args=[request.pk, line.pk, "asset_owner"]), {"decision": "approve"})
        client.force_login(personas.dpo)
        client.post(reverse("isa:request_decide", args=[request.pk, line.pk, "dpo"]), {"decision": "approve"})
        request.refresh_from_db()
        assert request.status == RequestStatus.APPROVED
        client.force_login(personas.analyst)
        mine = client.get(reverse("isa:my_access")).text
        assert own_dataset.name in mine
        dataset_page = client.get(own_dataset.get_absolute_url())
        client.force_login(personas.iao)
        panel = client.get(own_dataset.get_absolute_url()).text
        assert escape(personas.analyst) in panel and request.reference in panel
        assert dataset_page.status_code == 200

    @pytest.mark.parametrize("persona", ["colleague", "outsider", "signatory", "member"])
    def test_people_with_no_part_in_a_request_get_404(self, client, personas, own_dataset, settled, persona):
        request = ask(personas.analyst, settled, [own_dataset])
        client.force_login(getattr(personas, persona))
        assert client.get(request.get_absolute_url()).status_code == 404

    def test_someone_who_may_see_but_not_decide_gets_an_error(self, client, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        line = request.lines.get()
        client.force_login(personas.siro)
        response = client.post(
            reverse("isa:request_decide", args=[request.pk, line.pk, "asset_owner"]), {"decision": "approve"}
        )
        assert "You cannot decide" in response.text
        assert not line.approvals.exists()

    def test_the_request_list_query_count_does_not_grow(
        self, client, personas, own_dataset, settled, django_assert_max_num_queries
    ):
        for _ in range(10):
            ask(personas.analyst, settled, [own_dataset])
        client.force_login(personas.iao)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("isa:request_list"))
        assert len(response.context["waiting"]) == 10


class TestMyAccess:
    def test_current_access_is_listed_a_page_at_a_time_with_past_access_below(
        self, client, personas, own_dataset, settled, django_assert_max_num_queries
    ):
        import datetime

        from isa.models import AccessGrant
        from isa.services.grants import grant_create
        from tests.factories import DatasetFactory
        from tests.isa.conftest import granted

        first = granted(personas, own_dataset, settled)
        request = first.request
        for n in range(26):
            access = grant_create(
                request=request, dataset=DatasetFactory(information_asset_owner=personas.iao), actor=personas.iao,
                agreement=None,
            )  # fmt: skip
            AccessGrant.objects.filter(pk=access.pk).update(expires_on=first.expires_on + datetime.timedelta(days=n))
        ended = grant_create(request=request, dataset=own_dataset, actor=personas.iao, agreement=None)
        AccessGrant.objects.filter(pk=ended.pk).update(status="expired", ended_reason="Ran out")
        client.force_login(personas.analyst)
        client.get(reverse("isa:my_access"))
        forget_kept_pages()
        with django_assert_max_num_queries(9):
            response = client.get(reverse("isa:my_access"))
        page = response.context["page"]
        assert page.paginator.count == 27 and len(page.object_list) == 25
        assert [a.expires_on for a in page.object_list] == sorted(a.expires_on for a in page.object_list)
        assert "Ran out" in response.text and 'aria-label="Page 2"' in response.text
        rest = client.get(reverse("isa:my_access"), {"page": "2"}).context["page"]
        current = AccessGrant.objects.filter(user=personas.analyst, status="active")
        assert {a.pk for a in [*page.object_list, *rest.object_list]} == set(current.values_list("pk", flat=True))


class TestRequestPage:
    def test_the_checks_read_the_lines_the_page_fetched(self, client, personas, own_dataset, settled):
        """The checks give the same answers from the page's prefetched lines as from their own query, and the
        page does not fetch the lines again for them."""
        from django.db import connection
        from django.db.models import Prefetch, prefetch_related_objects
        from django.test.utils import CaptureQueriesContext

        from isa.models import AccessRequest, RequestedDataset
        from isa.prerequisites import evaluate
        from tests.factories import DatasetFactory
        from tests.isa.conftest import ask

        second = DatasetFactory(information_asset_owner=personas.iao, name="Custody list")
        request = ask(personas.analyst, settled, [own_dataset, second])
        fresh = AccessRequest.objects.get(pk=request.pk)
        prefetched = AccessRequest.objects.get(pk=request.pk)
        prefetch_related_objects(
            [prefetched],
            Prefetch("lines", queryset=RequestedDataset.objects.select_related("dataset__organisation")),
        )
        assert evaluate(prefetched) == evaluate(fresh)
        with CaptureQueriesContext(connection) as queries:
            evaluate(prefetched)
        assert not any('FROM "isa_requesteddataset"' in query["sql"] for query in queries)

    def test_the_query_count_does_not_grow_with_the_datasets_asked_for(
        self, client, personas, settled, django_assert_max_num_queries
    ):
        from tests.consultation import give_reason
        from tests.factories import DatasetFactory
        from tests.isa.conftest import ask

        datasets = [DatasetFactory(information_asset_owner=personas.iao) for _ in range(8)]
        request = ask(personas.analyst, settled, datasets)
        client.force_login(personas.analyst)
        give_reason(client)
        client.get(request.get_absolute_url())
        with django_assert_max_num_queries(21):
            response = client.get(request.get_absolute_url())
        assert response.status_code == 200 and len(response.context["lines"]) == 8
