"""The load scenario's pages: who asks for each, at which address, and what share of the traffic it is.

Plain data, without Locust or Django, so that ``tests/governance/test_load_scenario.py`` can check it
against the URL configuration and the scale personas. The pages are the key pages of ``manage.py bench``
(``governance.bench.key_pages``) that people open all day; the access request page is left out because
each view of it writes an audit event (the consultation log), so it belongs to a scenario of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadPage:
    name: str  # as in governance.bench.key_pages
    url_name: str  # the URL pattern's name, for reverse()
    path: str
    username: str  # a persona of governance.scale.PERSONAS
    weight: int  # percent of the page requests


# The mix of a working day: the queue and the registers most, the SIRO dashboard least.
PAGES = [
    LoadPage("review_queue", "dpia:review_queue", "/dpia/", "scale-dpo", 25),
    LoadPage("isa_register", "isa:register", "/isa/", "scale-dpo", 20),
    LoadPage("dataset_register", "dataset_list", "/datasets/", "scale-analyst", 25),
    LoadPage("my_access", "isa:my_access", "/isa/access/", "scale-analyst", 15),
    LoadPage("ethics_cases", "ethics:index", "/ethics/", "scale-secretary", 10),
    LoadPage("siro_dashboard", "dashboard:index", "/dashboard/", "scale-siro", 5),
]

SIGN_IN = "sign in"  # the name the sign-in requests are reported under, apart from the pages
LOGIN_PATH = "/accounts/login/"  # the site's own sign-in form
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# The budget of the scale issue: gunicorn with 3 workers sustains this many page requests a second ...
BUDGET_RPS_MIN = 150
# ... with the 99th percentile of every page request together under this.
BUDGET_P99_MS_MAX = 500


def signed_in(status: int, location: str) -> bool:
    """Whether the sign-in form's answer means signed in: a redirect onwards, not back to the form or to
    the second factor (a refusal is the form again, 200, or a CSRF refusal, 403)."""
    return status == 302 and LOGIN_PATH not in location and "/two-factor/" not in location


def personas() -> dict[str, list[LoadPage]]:
    """Each persona's pages, in the order above."""
    result: dict[str, list[LoadPage]] = {}
    for page in PAGES:
        result.setdefault(page.username, []).append(page)
    return result
