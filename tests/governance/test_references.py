from __future__ import annotations

import threading

import pytest
from django.db import connection

from governance.references import next_reference
from tests.factories import OrganisationFactory


def test_references_are_per_organisation_and_kind(db):
    wmp = OrganisationFactory(short_code="WMP")
    hp = OrganisationFactory(short_code="HP")
    first, second = next_reference(wmp, "PRJ"), next_reference(wmp, "PRJ")
    assert first.endswith("-0001") and second.endswith("-0002")
    assert next_reference(wmp, "DS").endswith("-0001")
    assert next_reference(hp, "PRJ").startswith("HP-PRJ-")


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_people_creating_records_at_once_get_different_numbers():
    organisation = OrganisationFactory(short_code="WMP")
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def take() -> None:
        try:
            barrier.wait()
            results.append(next_reference(organisation, "PRJ"))
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 6
