"""Schemathesis: every operation of /api/schema/, with generated inputs, called on the app as a DPO with a
token. No answer may be a server error, have a status the schema does not declare, or contradict the
schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tokens import token_create
from audit.models import AuditEvent
from tests.isa.conftest import granted, in_force

HEADERS: dict[str, str] = {}


@pytest.fixture
def api_schema(personas, own_dataset, settled, settings) -> Any:
    """The schema, loaded from the running app, with records for the generated calls to find."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    granted(personas, own_dataset, settled)
    in_force(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
    HEADERS["Authorization"] = "Bearer " + token_create(user=personas.dpo, name="schemathesis", days=1, actor=None).raw
    # As Django's test client does: a request's end must not close the test's connection (and its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), headers=HEADERS)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_api_keeps_to_its_schema(api_schema, method):
    """Each operation in turn (schemathesis' pytest loader does not yet run on this pytest), a bounded
    number of generated cases each."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    operations = [operation for operation in operations if operation.method.upper() == method]
    assert operations

    for operation in operations:

        @hypothesis_settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def conforms(case: Any) -> None:
            case.call_and_validate(
                headers=HEADERS,
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    response_schema_conformance,
                    content_type_conformance,
                ],
            )

        conforms()
    # The calls reached the views (each is an audit event), rather than stopping at authentication.
    assert AuditEvent.objects.filter(action__startswith="api.", actor_id__isnull=False).count() >= len(operations)
