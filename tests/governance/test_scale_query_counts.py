"""Each key page makes the same number of queries whatever the amount of data: measured on the scale
estate at one size and at twice that size (issue 10)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from governance import bench
from governance.scale import SIZES, build, truncate_everything
from tests.conftest import forget_kept_pages

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]

# Pages known to grow, with what grows; each is to be fixed (and then removed from here, which the test
# insists on, so the list cannot go stale).
KNOWN_TO_GROW: dict[str, str] = {}


def _query_counts() -> dict[str, int]:
    counts = {}
    for page in bench.key_pages(bench.Personas.load()):
        client = bench._client(page.user)
        client.get(page.url)  # the first request of a session does its one-off work (e.g. the session's start)
        forget_kept_pages()  # and the page is kept: count it worked out afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200, page.name
        counts[page.name] = len(queries)
    return counts


@override_settings(MFA_REQUIRED=False)
def test_key_pages_make_as_many_queries_at_twice_the_data() -> None:
    tiny = SIZES["tiny"]
    build(tiny, report=lambda line: None)
    at_one = _query_counts()
    truncate_everything()
    build(tiny.times(2), report=lambda line: None)
    at_two = _query_counts()

    grown = {name: (at_one[name], at_two[name]) for name in at_one if at_one[name] != at_two[name]}
    unexpected = {name: counts for name, counts in grown.items() if name not in KNOWN_TO_GROW}
    assert not unexpected, f"query counts that grow with the data (one size, twice): {unexpected}"
    fixed = set(KNOWN_TO_GROW) - set(grown)
    assert not fixed, f"no longer growing, take them out of KNOWN_TO_GROW: {fixed}"
