"""The hourly expiry task, run by a real worker on Redis."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from isa.models import GrantStatus
from isa.tasks import expire_grants
from tests.isa.conftest import ask, settled_project

pytestmark = [pytest.mark.needs_redis, pytest.mark.django_db(transaction=True)]


def test_a_worker_ends_expired_grants_and_a_second_delivery_changes_nothing(personas, worker_queue):
    from isa.services.requests import access_request_decide
    from tests.factories import DatasetFactory

    dataset = DatasetFactory(information_asset_owner=personas.iao)
    request = ask(personas.analyst, settled_project(personas.analyst, personas.dpo), [dataset])
    line = request.lines.get()
    access_request_decide(request=request, line=line, actor=personas.iao, role="asset_owner", decision="approve")
    access_request_decide(request=request, line=line, actor=personas.dpo, role="dpo", decision="approve")
    access = request.grants.get()

    later = datetime.datetime.combine(access.expires_on + datetime.timedelta(days=1), datetime.time(9), datetime.UTC)
    with time_machine.travel(later, tick=False):
        assert expire_grants.apply_async(queue=worker_queue).get(timeout=30) == 1
        assert expire_grants.apply_async(queue=worker_queue).get(timeout=30) == 0
    access.refresh_from_db()
    assert access.status == GrantStatus.EXPIRED
