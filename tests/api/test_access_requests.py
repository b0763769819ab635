"""Creating, resubmitting and withdrawing access requests through the API (the isa services do the work)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from isa.models import AccessRequest, RequestStatus
from isa.services.requests import access_request_ask
from tests.api.conftest import api
from tests.isa.conftest import REQUEST_ANSWERS, ask

URL = "/api/access-requests/"


def body(project, datasets, **overrides):
    today = timezone.localdate()
    return {
        **REQUEST_ANSWERS,
        "project": project.pk,
        "datasets": [d.pk for d in datasets],
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=90)).isoformat(),
        **overrides,
    }


def test_an_analyst_asks_for_a_dataset(personas, own_dataset, settled):
    response = api(personas.analyst).post(URL, body(settled, [own_dataset]))
    assert response.status_code == 201, response.content
    created = AccessRequest.objects.get(pk=response.json()["id"])
    assert (created.requester, created.status, response.json()["datasets"]) == (
        personas.analyst,
        RequestStatus.SUBMITTED,
        [own_dataset.pk],
    )


def test_the_services_rules_answer_400(personas, own_dataset, settled):
    today = timezone.localdate()
    response = api(personas.analyst).post(
        URL, body(settled, [own_dataset], end_date=(today.replace(year=today.year + 3)).isoformat())
    )
    assert response.status_code == 400 and "end_date" in response.json()


def test_a_project_or_dataset_the_caller_may_not_ask_for_is_400(personas, own_dataset, settled, partner_dataset):
    assert api(personas.outsider).post(URL, body(settled, [partner_dataset])).status_code == 400
    assert api(personas.analyst).post(URL, body(settled, [partner_dataset])).status_code == 400


def test_a_service_account_may_not_ask(personas, own_dataset, settled, home_platform):
    assert home_platform.post(URL, body(settled, [own_dataset])).status_code == 403


def test_the_requester_withdraws_with_the_version_they_read(personas, own_dataset, settled):
    request = ask(personas.analyst, settled, [own_dataset])
    client = api(personas.analyst)
    stale = client.post(f"{URL}{request.pk}/withdraw/", {"expected_version": request.version + 5})
    assert stale.status_code == 409
    response = client.post(f"{URL}{request.pk}/withdraw/", {"expected_version": request.version})
    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")


def test_only_the_requester_withdraws_and_others_get_404(personas, own_dataset, settled):
    """The DPO sees the request but may not withdraw it (403); the outsider does not see it (404)."""
    request = ask(personas.analyst, settled, [own_dataset])
    assert api(personas.dpo).post(f"{URL}{request.pk}/withdraw/", {"expected_version": 1}).status_code == 403
    assert api(personas.outsider).post(f"{URL}{request.pk}/withdraw/", {"expected_version": 1}).status_code == 404


def test_the_requester_resubmits_after_a_question(personas, own_dataset, settled):
    request = ask(personas.analyst, settled, [own_dataset])
    request = access_request_ask(request=request, actor=personas.iao, question="Which wards?", expected_version=1)
    response = api(personas.analyst).post(
        f"{URL}{request.pk}/submit/", {"expected_version": request.version, "fields_needed": "Ward codes only."}
    )
    assert (response.status_code, response.json()["status"]) == (200, "submitted")
