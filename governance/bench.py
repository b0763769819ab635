"""The benchmark's scenarios: each measures a figure and its floor in the same run, on the scale estate
(``governance.scale``), and returns a plain dict for ``manage.py bench`` to print as JSON.

* Pages: the key pages rendered through the Django test client as the scale personas (ordinary people
  with object permissions, never a superuser), timed per request, each worked out afresh (nothing kept
  in the cache); their query count is taken from one more request under ``CaptureQueriesContext`` so that
  capturing does not slow the timed ones. The same pages as served again from the cache until a record
  changes are reported beside them (``kept_*``). The floor is one hand-written SQL query fetching the
  rows the page lists (its first page).
* Visibility: ``visible_to(user)`` against django-guardian's generic ``get_objects_for_user`` on the same
  rows (the organisation's own records added to guardian's, as ``visible_to`` adds them).
* Sweep: the retention sweep over N due screenings (made due by moving their creation date back ten
  years, under a seven-year schedule), each with its history, versions and permission rows; the floor
  is raw SQL deleting the same rows. Both run inside a transaction that is rolled back, as
  ``retention_benchmark`` does, so the estate is left as it was and the bench can run again.
* Pack: a project's audit pack of about N pages (its screenings, with history, are added for the run
  and rolled back), timed from the task's start to the stored PDF; the floor is WeasyPrint alone
  rendering the same HTML.
* Memory: the process's peak RSS (``VmHWM``), reset before the sweep and before the pack by writing 5
  to ``/proc/self/clear_refs`` (Linux); where that is not possible the peak is the process's lifetime
  peak, and ``rss_peak_reset`` says so.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import User

PAGE_BUDGET: dict[str, float] = {"p95_ms_max": 150, "queries_max": 15, "ratio_to_floor_max": 3.0}
VISIBILITY_BUDGET: dict[str, float] = {"speedup_over_guardian_min": 10.0}
SWEEP_BUDGET: dict[str, float] = {"records_per_second_min": 2000, "ratio_to_floor_max": 5.0}
PACK_BUDGET: dict[str, float] = {"seconds_max": 30, "ratio_to_floor_max": 1.3, "peak_rss_mb_max": 600}


class Rollback(Exception):
    """Raised to undo everything a measurement made."""


class MissingScaleData(Exception):
    pass


# Statistics -------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 3)


def timings(action: Callable[[], Any], runs: int) -> list[float]:
    """Milliseconds per call of ``action``."""
    result = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        result.append((time.perf_counter() - started) * 1000)
    return result


def ratio(value: float, floor: float) -> float:
    return round(value / floor, 2) if floor > 0 else 0.0


# Memory -----------------------------------------------------------------------------------------------


def _status_kb(key: str) -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark for this process; False where that cannot be done."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


@contextmanager
def peak_rss(into: dict[str, Any]) -> Any:
    into["rss_before_mb"] = round(_status_kb("VmRSS") / 1024, 1)
    into["rss_peak_reset"] = reset_peak_rss()
    try:
        yield
    finally:
        into["peak_rss_mb"] = round(_status_kb("VmHWM") / 1024, 1)


# The personas and their records -----------------------------------------------------------------------


@dataclass
class Personas:
    dpo: User
    siro: User
    analyst: User
    secretary: User

    @classmethod
    def load(cls) -> Personas:
        found = {u.username: u for u in User.objects.filter(username__in=["scale-dpo", "scale-siro", "scale-analyst",
                                                                          "scale-secretary"])}  # fmt: skip
        if len(found) < 4:
            raise MissingScaleData("No scale data here: run `manage.py seed_scale` first.")
        return cls(found["scale-dpo"], found["scale-siro"], found["scale-analyst"], found["scale-secretary"])


def _one(sql: str, params: list[Any]) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _permission_id(app_label: str, codename: str) -> int:
    return int(
        _one(
            "SELECT p.id FROM auth_permission p JOIN django_content_type c ON c.id = p.content_type_id "
            "WHERE c.app_label = %s AND p.codename = %s",
            [app_label, codename],
        )
    )


# Pages ------------------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    user: User
    url: str
    floor_sql: str
    floor_params: list[Any] | dict[str, Any]


# The SIRO's dashboard for their own organisation over the last 12 months, in one query: every figure the
# page counts, as a hand-written query would count it (the grants of the organisation's datasets or people as
# a UNION of two joins; each kind of record's figures in one scan with FILTER; the figure by dataset's 25
# largest datasets with their cells by the grantee's organisation and the total of the rest), all but the
# list of disposals due, which reads each retention schedule's records as the sweep does.
DASHBOARD_FLOOR = """
WITH period AS (SELECT (current_date - interval '12 months' + interval '1 day')::date AS since),
grants AS (
  SELECT g.id, g.dataset_id, g.user_id, g.agreement_id, g.request_id, g.expires_on FROM isa_accessgrant g
  JOIN governance_dataset d ON d.id = g.dataset_id WHERE d.organisation_id = %(org)s AND g.status = 'active'
  UNION
  SELECT g.id, g.dataset_id, g.user_id, g.agreement_id, g.request_id, g.expires_on FROM isa_accessgrant g
  JOIN governance_user u ON u.id = g.user_id WHERE u.organisation_id = %(org)s AND g.status = 'active'),
cells AS (SELECT g.dataset_id, u.organisation_id, count(*) AS n FROM grants g
  JOIN governance_user u ON u.id = g.user_id GROUP BY 1, 2),
by_dataset AS (SELECT dataset_id, sum(n) AS n, row_number() OVER (ORDER BY sum(n) DESC, dataset_id) AS place
  FROM cells GROUP BY 1),
stopped AS (SELECT DISTINCT ON (c.project_id) c.project_id, h.option FROM ethics_hearing h
  JOIN ethics_case c ON c.id = h.case_id JOIN ethics_meeting m ON m.id = h.meeting_id
  WHERE h.option <> '' AND c.status <> 'withdrawn' ORDER BY c.project_id, m.date DESC, h.decided_at DESC, h.id DESC)
SELECT
 (SELECT json_agg(x) FROM (SELECT s.status, s.outcome,
    count(*) FILTER (WHERE s.created_at::date >= p.since) AS started,
    count(*) FILTER (WHERE s.outcome <> '' AND s.decided_on >= p.since) AS decided,
    count(*) FILTER (WHERE s.status IN ('submitted', 'in_review') AND s.due_on < current_date) AS overdue,
    count(*) FILTER (WHERE s.status IN ('submitted', 'in_review') AND s.due_on >= current_date
                     AND s.due_on <= current_date + 7) AS soon,
    count(*) FILTER (WHERE s.status IN ('submitted', 'in_review')
                     AND (s.due_on > current_date + 7 OR s.due_on IS NULL)) AS later
    FROM dpia_screening s, period p WHERE s.organisation_id = %(org)s GROUP BY 1, 2) x),
 (SELECT json_build_array(count(*) FILTER (WHERE a.due_on < current_date),
    count(*) FILTER (WHERE a.due_on >= current_date AND a.due_on <= current_date + 7),
    count(*) FILTER (WHERE a.due_on > current_date + 7)) FROM dpia_remedialaction a
    JOIN dpia_screening s ON s.id = a.screening_id
    WHERE s.organisation_id = %(org)s AND s.status = 'conditional' AND a.done_at IS NULL),
 (SELECT json_build_array(count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM dpia_priorconsultation c
      WHERE c.assessment_id = a.id)), count(*)) FROM dpia_assessment a
    WHERE a.organisation_id = %(org)s AND EXISTS (SELECT 1 FROM dpia_risk r WHERE r.assessment_id = a.id
      AND NOT EXISTS (SELECT 1 FROM dpia_measure m WHERE m.risk_id = r.id AND m.residual_risk IN ('low', 'medium'))
      AND (EXISTS (SELECT 1 FROM dpia_measure m WHERE m.risk_id = r.id) OR r.likelihood + r.severity >= 5))),
 (SELECT json_agg(x) FROM (SELECT a.status, count(*) AS n,
    count(*) FILTER (WHERE a.status IN ('active', 'review_due') AND a.review_date < current_date) AS overdue,
    count(*) FILTER (WHERE a.status IN ('active', 'review_due') AND a.review_date >= current_date
                     AND a.review_date <= current_date + 90) AS soon
    FROM isa_agreement a WHERE a.organisation_id = %(org)s OR a.id IN (SELECT agreement_id FROM isa_agreementparty
    WHERE organisation_id = %(org)s) GROUP BY 1) x),
 (SELECT json_agg(x) FROM (SELECT d.name, c.organisation_id, c.n FROM by_dataset b
    JOIN governance_dataset d ON d.id = b.dataset_id JOIN cells c ON c.dataset_id = b.dataset_id
    WHERE b.place <= 25) x),
 (SELECT json_build_array(count(*), sum(n)) FROM by_dataset WHERE place > 25),
 (SELECT json_build_array(count(*), count(*) FILTER (WHERE g.expires_on < current_date),
    count(*) FILTER (WHERE g.expires_on >= current_date AND g.expires_on <= current_date + 30),
    count(*) FILTER (WHERE g.agreement_id IN (SELECT id FROM isa_agreement
                     WHERE status NOT IN ('active', 'review_due'))),
    count(*) FILTER (WHERE g.request_id IN (SELECT r.id FROM isa_accessrequest r
                     JOIN stopped st ON st.project_id = r.project_id WHERE st.option IN ('D', 'E'))),
    count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM training_trainingrecord t WHERE t.person_id = g.user_id
                     AND t.completed_on <= current_date AND t.expires_on > current_date)))
    FROM grants g),
 (SELECT json_agg(x) FROM (SELECT c.status, count(*) AS n FROM ethics_case c
    WHERE c.organisation_id = %(org)s GROUP BY 1) x),
 (SELECT json_agg(x) FROM (SELECT h.option, count(*) AS n FROM ethics_hearing h JOIN ethics_case c ON c.id = h.case_id
    JOIN ethics_meeting m ON m.id = h.meeting_id, period p WHERE c.organisation_id = %(org)s AND h.option <> ''
    AND m.date >= p.since GROUP BY 1) x),
 (SELECT json_build_array(count(*) FILTER (WHERE a.due_on < current_date),
    count(*) FILTER (WHERE a.due_on >= current_date), count(*) FILTER (WHERE a.due_on IS NULL))
    FROM ethics_caseaction a JOIN ethics_case c ON c.id = a.case_id
    WHERE c.organisation_id = %(org)s AND a.done_at IS NULL),
 (SELECT json_agg(x) FROM (SELECT b.status, count(*) AS n FROM breaches_breach b
    WHERE b.organisation_id = %(org)s GROUP BY 1) x),
 (SELECT count(*) FROM retention_legalhold h WHERE h.organisation_id = %(org)s AND h.released_at IS NULL),
 (SELECT count(*) FROM retention_disposalconfirmation c WHERE c.organisation_id = %(org)s AND c.status = 'open'),
 (SELECT json_agg(x) FROM (SELECT d.record_type, d.method, count(*) AS n FROM retention_disposalrecord d, period p
    WHERE d.organisation_id = %(org)s AND d.disposed_at::date >= p.since GROUP BY 1, 2) x)
"""


def key_pages(people: Personas) -> list[Page]:
    org, analyst = people.dpo.organisation_id, people.analyst
    request_id = _one(
        "SELECT r.id FROM isa_accessrequest r WHERE r.requester_id = %s AND r.status = 'approved' "
        "ORDER BY (SELECT count(*) FROM isa_requesteddataset l WHERE l.request_id = r.id) DESC, r.id LIMIT 1",
        [analyst.pk],
    ) or _one("SELECT id FROM isa_accessrequest WHERE requester_id = %s ORDER BY id LIMIT 1", [analyst.pk])
    if request_id is None:
        raise MissingScaleData("scale-analyst has no access request: run seed_scale again.")
    view_dataset = _permission_id("governance", "view_dataset")
    view_agreement = _permission_id("isa", "view_agreement")
    return [
        Page(
            "review_queue",
            people.dpo,
            reverse("dpia:review_queue"),
            "SELECT s.id, s.reference, s.status, s.due_on, s.submitted_on, p.name, p.reference, u.first_name, "
            "u.last_name FROM dpia_screening s JOIN governance_project p ON p.id = s.project_id "
            "JOIN governance_user u ON u.id = s.author_id WHERE s.organisation_id = %s "
            "AND s.status IN ('submitted', 'in_review') ORDER BY s.due_on, s.submitted_on, s.id LIMIT 25",
            [org],
        ),
        Page(
            "isa_register",
            people.dpo,
            reverse("isa:register"),
            "SELECT a.id, a.reference, a.title, a.status, a.review_date, o.name, (SELECT string_agg(po.name, ', ' "
            "ORDER BY ap.id) FROM isa_agreementparty ap JOIN governance_organisation po ON po.id = ap.organisation_id "
            "WHERE ap.agreement_id = a.id) FROM isa_agreement a JOIN governance_organisation o "
            "ON o.id = a.organisation_id WHERE a.organisation_id = %s OR EXISTS (SELECT 1 FROM isa_agreementparty ap "
            "WHERE ap.agreement_id = a.id AND ap.organisation_id = %s) OR EXISTS (SELECT 1 FROM "
            "isa_agreementuserobjectpermission x WHERE x.content_object_id = a.id AND x.user_id = %s "
            "AND x.permission_id = %s) ORDER BY a.review_date, a.id LIMIT 25",
            [org, org, people.dpo.pk, view_agreement],
        ),
        Page(
            "dataset_register",
            analyst,
            reverse("dataset_list"),
            "SELECT d.id, d.reference, d.name, d.status, d.protective_marking, o.name, u.first_name, u.last_name "
            "FROM governance_dataset d JOIN governance_organisation o ON o.id = d.organisation_id "
            "JOIN governance_user u ON u.id = d.information_asset_owner_id WHERE d.organisation_id = %s "
            "OR EXISTS (SELECT 1 FROM governance_datasetuserobjectpermission x WHERE x.content_object_id = d.id "
            "AND x.user_id = %s AND x.permission_id = %s) ORDER BY d.name, d.id LIMIT 25",
            [analyst.organisation_id, analyst.pk, view_dataset],
        ),
        Page(
            "access_request",
            analyst,
            reverse("isa:request_detail", args=[request_id]),
            # What the page shows, in one query: the request and its project, each line with its dataset, owner
            # and approvals, the agreements covering each line, and the chain's checks (the project's latest
            # screening and ethics advice, the requester's training, the request's grants).
            "SELECT r.id, r.reference, r.status, p.name, l.id, l.status, d.name, o.name, u.last_name, "
            "(SELECT json_agg(json_build_object('role', a.role, 'decision', a.decision, 'by', au.last_name)) "
            "FROM isa_approval a JOIN governance_user au ON au.id = a.decided_by_id WHERE a.line_id = l.id "
            "AND NOT a.superseded), "
            "(SELECT json_agg(ag.reference) FROM isa_agreementdataset ad JOIN isa_agreement ag "
            "ON ag.id = ad.agreement_id WHERE ad.dataset_id = l.dataset_id AND ag.status IN ('active', "
            "'review_due')), "
            "(SELECT s.status || s.outcome FROM dpia_screening s WHERE s.project_id = r.project_id "
            "ORDER BY s.created_at DESC LIMIT 1), "
            "(SELECT h.option FROM ethics_hearing h JOIN ethics_case c ON c.id = h.case_id WHERE c.project_id "
            "= r.project_id AND h.option <> '' ORDER BY h.decided_at DESC LIMIT 1), "
            "(SELECT max(t.expires_on) FROM training_trainingrecord t WHERE t.person_id = r.requester_id), "
            "(SELECT json_agg(g.expires_on) FROM isa_accessgrant g WHERE g.request_id = r.id) "
            "FROM isa_accessrequest r JOIN governance_project p ON p.id = r.project_id "
            "JOIN isa_requesteddataset l ON l.request_id = r.id JOIN governance_dataset d ON d.id = l.dataset_id "
            "JOIN governance_organisation o ON o.id = d.organisation_id "
            "JOIN governance_user u ON u.id = d.information_asset_owner_id WHERE r.id = %s ORDER BY l.id",
            [request_id],
        ),
        Page(
            "my_access",
            analyst,
            reverse("isa:my_access"),
            "SELECT g.id, g.status, g.expires_on, g.ended_at, d.name, o.name, r.reference, p.name, a.reference "
            "FROM isa_accessgrant g JOIN governance_dataset d ON d.id = g.dataset_id "
            "JOIN governance_organisation o ON o.id = d.organisation_id JOIN isa_accessrequest r "
            "ON r.id = g.request_id JOIN governance_project p ON p.id = r.project_id "
            "LEFT JOIN isa_agreement a ON a.id = g.agreement_id WHERE g.user_id = %s "
            "ORDER BY g.status <> 'active', g.expires_on",
            [analyst.pk],
        ),
        Page(
            "ethics_cases",
            people.secretary,
            reverse("ethics:index"),
            # What the overview shows, in one query: the committees' meetings to come, held and published, the
            # person's own papers, and for the secretary the 25 longest waiting of the papers not yet scheduled
            # and of those awaiting more information (with how many wait), and the open conditions and actions.
            "WITH run AS (SELECT id FROM ethics_committee WHERE organisation_id = %s), "
            "waiting AS (SELECT c.id, c.reference, c.title, c.status, c.created_at, "
            "row_number() OVER (PARTITION BY c.status ORDER BY c.created_at, c.id) AS place, "
            "count(*) OVER (PARTITION BY c.status) AS total FROM ethics_case c WHERE c.committee_id IN "
            "(SELECT id FROM run) AND c.status IN ('submitted', 'more_information')) "
            "(SELECT 'meeting', m.id, m.title, m.date::text FROM ethics_meeting m WHERE m.date >= current_date "
            "ORDER BY m.date LIMIT 10) UNION ALL "
            "(SELECT 'past', m.id, m.title, m.date::text FROM ethics_meeting m WHERE m.date < current_date "
            "ORDER BY m.date DESC LIMIT 10) UNION ALL "
            "(SELECT 'published', m.id, m.title, m.date::text FROM ethics_meeting m WHERE m.status = 'published' "
            "ORDER BY m.date DESC LIMIT 10) UNION ALL "
            "(SELECT 'mine', c.id, c.reference, c.status FROM ethics_case c WHERE c.submitted_by_id = %s "
            "OR c.project_id IN (SELECT id FROM governance_project WHERE lead_id = %s) "
            "ORDER BY c.created_at DESC LIMIT 20) UNION ALL "
            "(SELECT w.status, w.id, w.reference, w.total::text FROM waiting w WHERE w.place <= 25) UNION ALL "
            "(SELECT 'condition', k.id, c.reference, k.text FROM ethics_condition k JOIN ethics_case c "
            "ON c.id = k.case_id WHERE c.committee_id IN (SELECT id FROM run) AND k.met_at IS NULL "
            "ORDER BY k.id LIMIT 26) UNION ALL "
            "(SELECT 'action', a.id, c.reference, a.text FROM ethics_caseaction a JOIN ethics_case c "
            "ON c.id = a.case_id WHERE c.committee_id IN (SELECT id FROM run) AND a.done_at IS NULL "
            "ORDER BY a.due_on NULLS LAST, a.id LIMIT 26)",
            [people.secretary.organisation_id, people.secretary.pk, people.secretary.pk],
        ),
        Page(
            "siro_dashboard",
            people.siro,
            reverse("dashboard:index"),
            DASHBOARD_FLOOR,
            {"org": people.siro.organisation_id},
        ),
    ]


def _client(user: User) -> Client:
    from audit.consultation import SESSION_KEY

    client = Client()
    client.force_login(user)
    # The pages that ask for a reason before showing sensitive records ask once a session: give it.
    session = client.session
    session[SESSION_KEY] = "Benchmark of the service's speed"
    session.save()
    return client


@contextmanager
def counted_queries() -> Any:
    """How many statements the connection runs inside the block (``[n]``). Counted by an execute wrapper:
    ``CaptureQueriesContext`` reads Django's query log, which each request empties as it starts."""
    count = [0]

    def counter(execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        yield count


def _sql_floor(sql: str, params: list[Any] | dict[str, Any]) -> Callable[[], Any]:
    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def measure_page(page: Page, requests: int) -> dict[str, Any]:
    """The page worked out afresh on every request (what is kept in the cache thrown away before each,
    outside the timing): the figures the budget is for. Then the same page as kept (``cached_page``, the
    dashboard's panels), as it is served again until a record changes."""
    from governance.caching import records_changed

    client = _client(page.user)

    def get() -> None:
        response = client.get(page.url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{page.name}: {page.url} answered {response.status_code} for {page.user.username}")

    def afresh() -> list[float]:
        times = []
        for _ in range(requests):
            records_changed()
            times += timings(get, 1)
        return times

    get()  # warm: templates compiled, connections open, as on a server that has been up a while
    times = afresh()
    records_changed()
    with counted_queries() as queries:
        get()
    kept_times = timings(get, requests)
    with counted_queries() as kept_queries:
        get()
    floor = _sql_floor(page.floor_sql, page.floor_params)
    floor()
    floor_times = timings(floor, requests)
    result = {
        "url": page.url,
        "user": page.user.username,
        "median_ms": median(times),
        "p95_ms": p95(times),
        "queries": queries[0],
        "floor_median_ms": median(floor_times),
        "floor_p95_ms": p95(floor_times),
        "ratio_to_floor": ratio(median(times), median(floor_times)),
        "kept_median_ms": median(kept_times),
        "kept_p95_ms": p95(kept_times),
        "kept_queries": kept_queries[0],
        "budget": PAGE_BUDGET,
    }
    result["within_budget"] = (
        p95(times) <= PAGE_BUDGET["p95_ms_max"]
        and queries[0] <= PAGE_BUDGET["queries_max"]
        and ratio(median(times), median(floor_times)) <= PAGE_BUDGET["ratio_to_floor_max"]
    )
    # The same budget for the page as served again until a record changes (reported, not the verdict).
    result["kept_within_budget"] = (
        p95(kept_times) <= PAGE_BUDGET["p95_ms_max"]
        and kept_queries[0] <= PAGE_BUDGET["queries_max"]
        and ratio(median(kept_times), median(floor_times)) <= PAGE_BUDGET["ratio_to_floor_max"]
    )
    return result


def pages(requests: int, report: Callable[[str], None]) -> dict[str, Any]:
    people = Personas.load()
    result = {}
    for page in key_pages(people):
        report(f"page {page.name}")
        result[page.name] = measure_page(page, requests)
    return result


# Visibility -------------------------------------------------------------------------------------------


def _count_and_first_page(rows: Callable[[], QuerySet[Any]]) -> Callable[[], Any]:
    """What a list page asks of a visibility query: how many there are, and the first page of them."""
    return lambda: (rows().count(), list(rows()[:25]))


def visibility(runs: int, report: Callable[[str], None]) -> dict[str, Any]:
    from guardian.shortcuts import get_objects_for_user

    from dpia.models import Screening, ScreeningStatus
    from governance.models import Dataset

    people = Personas.load()
    analyst, dpo = people.analyst, people.dpo
    cases: dict[str, tuple[User, Callable[[], QuerySet[Any]], Callable[[], QuerySet[Any]]]] = {
        "datasets": (
            analyst,
            lambda: Dataset.objects.visible_to(analyst),
            lambda: Dataset.objects.filter(
                Q(pk__in=get_objects_for_user(analyst, "governance.view_dataset", klass=Dataset,
                                              accept_global_perms=False).values("pk"))
                | Q(organisation_id=analyst.organisation_id)
            ),
        ),
        "screenings": (
            dpo,
            lambda: Screening.objects.visible_to(dpo),
            lambda: Screening.objects.filter(
                Q(pk__in=get_objects_for_user(dpo, "dpia.view_screening", klass=Screening,
                                              accept_global_perms=False).values("pk"))
                | (Q(organisation_id=dpo.organisation_id) & ~Q(status=ScreeningStatus.DRAFT))
            ),
        ),
    }  # fmt: skip
    result = {}
    for name, (user, ours, guardian) in cases.items():
        report(f"visibility {name}")
        # The same rows on both sides, and the same first page in the same order: not just as many.
        ids = set(ours().values_list("pk", flat=True))
        same_rows = ids == set(guardian().values_list("pk", flat=True)) and [row.pk for row in ours()[:25]] == [
            row.pk for row in guardian()[:25]
        ]
        with CaptureQueriesContext(connection) as ours_queries:
            _count_and_first_page(ours)()
        with CaptureQueriesContext(connection) as guardian_queries:
            _count_and_first_page(guardian)()
        ours_times = timings(_count_and_first_page(ours), runs)
        guardian_times = timings(_count_and_first_page(guardian), runs)
        speedup = ratio(median(guardian_times), median(ours_times))
        result[name] = {
            "user": user.username,
            "rows": len(ids),
            "same_rows": same_rows,
            "median_ms": median(ours_times),
            "p95_ms": p95(ours_times),
            "queries": len(ours_queries),
            "floor_queries": len(guardian_queries),
            "floor_median_ms": median(guardian_times),
            "floor_p95_ms": p95(guardian_times),
            "floor": "guardian.shortcuts.get_objects_for_user",
            "ratio_to_floor": ratio(median(ours_times), median(guardian_times)),
            "speedup_over_guardian": speedup,
            "budget": VISIBILITY_BUDGET,
            "within_budget": speedup >= VISIBILITY_BUDGET["speedup_over_guardian_min"],
        }
    return result


# The retention sweep ----------------------------------------------------------------------------------


def _due_screenings(count: int) -> list[int]:
    """Screenings nothing kept refers to (an ethics case or assessment would block their deletion)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id FROM dpia_screening s WHERE NOT EXISTS (SELECT 1 FROM ethics_case c WHERE c.screening_id "
            "= s.id) AND NOT EXISTS (SELECT 1 FROM dpia_assessment a WHERE a.screening_id = s.id) "
            "ORDER BY s.id LIMIT %s",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]


def _make_due(ids: list[int], actor: User) -> None:
    from retention.models import RetentionSchedule

    with connection.cursor() as cursor:
        cursor.execute("UPDATE dpia_screening SET created_at = now() - interval '10 years' WHERE id = ANY(%s)", [ids])
        cursor.execute("SELECT DISTINCT organisation_id FROM dpia_screening WHERE id = ANY(%s)", [ids])
        organisations = [row[0] for row in cursor.fetchall()]
    for organisation in organisations:
        RetentionSchedule.objects.create(
            organisation_id=organisation,
            record_type="dpia.screening",
            name="Benchmark: screenings seven years after they were started",
            period_value=7,
            period_unit="years",
            trigger="created",
            action="delete",
            authority="Benchmark",
            created_by=actor,
        )


FLOOR_DELETES = [
    "DELETE FROM dpia_historicaldpocomment WHERE version_id IN (SELECT id FROM dpia_screeningversion "
    "WHERE screening_id = ANY(%(ids)s))",
    "DELETE FROM dpia_dpocomment WHERE version_id IN (SELECT id FROM dpia_screeningversion "
    "WHERE screening_id = ANY(%(ids)s))",
    "DELETE FROM dpia_historicalremedialaction WHERE id IN (SELECT id FROM dpia_remedialaction "
    "WHERE screening_id = ANY(%(ids)s))",
    "DELETE FROM dpia_remedialaction WHERE screening_id = ANY(%(ids)s)",
    "DELETE FROM dpia_screeningversion WHERE screening_id = ANY(%(ids)s)",
    "DELETE FROM dpia_screeninguserobjectpermission WHERE content_object_id = ANY(%(ids)s)",
    "DELETE FROM dpia_screeninggroupobjectpermission WHERE content_object_id = ANY(%(ids)s)",
    "DELETE FROM dpia_historicalscreening WHERE id = ANY(%(ids)s)",
    "DELETE FROM dpia_screening WHERE id = ANY(%(ids)s)",
]


def sweep(records: int, report: Callable[[str], None]) -> dict[str, Any]:
    from retention import sweep as retention_sweep

    people = Personas.load()
    ids = _due_screenings(records)
    if not ids:
        raise MissingScaleData("No screenings to sweep.")
    result: dict[str, Any] = {"records_asked": records, "records": len(ids), "record_type": "dpia.screening"}
    per_record: list[float] = []
    report(f"sweep of {len(ids):,} screenings")
    try:
        with transaction.atomic():
            _make_due(ids, people.dpo)
            # The sweep deletes a page of records at once: each page's time over its records is a sample
            # of the cost of one record (its median and p95 are over the pages).
            delete_page = retention_sweep._delete_together

            def timed_page(items: list[Any], actor: Any) -> Any:
                started = time.perf_counter()
                done = delete_page(items, actor)
                if items:
                    per_record.append((time.perf_counter() - started) * 1000 / len(items))
                return done

            with peak_rss(result), mock.patch.object(retention_sweep, "_delete_together", timed_page):
                started = time.perf_counter()
                outcome = retention_sweep.sweep()
                seconds = time.perf_counter() - started
            result["deleted"] = outcome.counts["deleted"]
            result["blocked"] = outcome.counts["blocked"]
            raise Rollback
    except Rollback:
        pass
    report("sweep floor (raw SQL)")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            for statement in FLOOR_DELETES:
                cursor.execute(statement, {"ids": ids})
            floor_seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    per_second = result["deleted"] / seconds if seconds else 0.0
    floor_per_record = floor_seconds * 1000 / len(ids)
    result |= {
        "seconds": round(seconds, 3),
        "records_per_second": round(per_second, 1),
        "median_ms": median(per_record or [0.0]),
        "p95_ms": p95(per_record or [0.0]),
        "per_record": "a page's deletion over its records: median and p95 across the pages",
        "queries": None,
        "floor_seconds": round(floor_seconds, 3),
        "floor_median_ms": round(floor_per_record, 4),
        "floor_records_per_second": round(len(ids) / floor_seconds, 1) if floor_seconds else 0.0,
        "ratio_to_floor": ratio(seconds, floor_seconds),
        "budget": SWEEP_BUDGET,
    }
    result["within_budget"] = (
        per_second >= SWEEP_BUDGET["records_per_second_min"]
        and result["ratio_to_floor"] <= SWEEP_BUDGET["ratio_to_floor_max"]
    )
    return result


# The audit pack ---------------------------------------------------------------------------------------


def _pack_project(people: Personas, screenings: int) -> Any:
    """A project of organisation 1 with ``screenings`` decided screenings, each with five history rows."""
    from dpia.models import Screening
    from governance.models import Project

    lead = people.analyst
    assert lead.organisation_id is not None
    project = Project.objects.create(
        reference=f"SCALE-PACK-{time.time_ns()}",
        name="Audit pack benchmark",
        organisation_id=lead.organisation_id,
        lead=lead,
        purpose="Measure the audit pack.",
    )
    made = Screening.objects.bulk_create(
        Screening(
            reference=f"{project.reference}-{n}",
            organisation_id=lead.organisation_id,
            project=project,
            author=lead,
            status="decided",
            outcome="A",
            outcome_reasons="No high risk remains once the data is pseudonymised.",
            aim_and_purpose="Understand repeat victimisation across the force area. " * 6,
            personal_data="Names, dates of birth, addresses and offence details. " * 4,
            collection="Weekly extract from the records management system. " * 3,
            use="Aggregated analysis in the secure analytics environment. " * 3,
            necessity="No less intrusive way to answer the question. " * 3,
            proportionality="Pseudonymised before analysis; small numbers suppressed. " * 3,
            reviewer=people.dpo,
        )
        for n in range(screenings)
    )
    history = Screening.history.model
    rows = []
    for screening in made:
        for step, (status, who) in enumerate(
            [("draft", lead), ("draft", lead), ("submitted", lead), ("in_review", people.dpo), ("decided", people.dpo)]
        ):
            values = {f.attname: getattr(screening, f.attname) for f in Screening._meta.concrete_fields
                      if f.attname != "updated_at"}  # fmt: skip
            values |= {"status": status, "version": step + 1}
            if status != "decided":
                values |= {"outcome": "", "outcome_reasons": ""}
            kind = "+" if step == 0 else "~"
            rows.append(history(**values, history_type=kind, history_user=who,
                                history_date=screening.created_at, history_change_reason=status))  # fmt: skip
    history.objects.bulk_create(rows)
    return project


def _build_pack(people: Personas, screenings: int, into: dict[str, Any] | None = None) -> tuple[float, int, str]:
    """Inside a rolled-back transaction: the seconds from the task's start to the stored PDF, its pages,
    and the HTML it rendered."""
    import governance.pdf
    from audit.models import AuditPack
    from audit.services import pack_build, pack_request

    captured: list[str] = []
    original = governance.pdf.render_to_string

    def capture(*args: Any, **kwargs: Any) -> str:
        html = original(*args, **kwargs)
        captured.append(html)
        return html

    seconds, pages, stored = 0.0, 0, ""
    try:
        with transaction.atomic():
            project = _pack_project(people, screenings)
            pack = pack_request(actor=people.dpo, scope="project", purpose="Benchmark", project=project)
            with mock.patch.object(governance.pdf, "render_to_string", capture):
                if into is not None:
                    with peak_rss(into):
                        started = time.perf_counter()
                        built = pack_build(pack.pk)
                        seconds = time.perf_counter() - started
                else:
                    started = time.perf_counter()
                    built = pack_build(pack.pk)
                    seconds = time.perf_counter() - started
            if not built:
                raise RuntimeError(f"The audit pack was not built: {AuditPack.objects.get(pk=pack.pk).error}")
            finished = AuditPack.objects.get(pk=pack.pk)
            pages, stored = finished.pages or 0, finished.file.name
            raise Rollback
    except Rollback:
        pass
    if stored:
        default_storage.delete(stored)
    return seconds, pages, captured[-1]


def _weasyprint_alone(html: str) -> float:
    from weasyprint import HTML

    from governance.pdf import PDF_ORIGIN, _static_fetcher

    started = time.perf_counter()
    HTML(string=html, base_url=f"{PDF_ORIGIN}/", url_fetcher=_static_fetcher()).render().write_pdf()
    return time.perf_counter() - started


def pack(pages_wanted: int, runs: int, report: Callable[[str], None]) -> dict[str, Any]:
    people = Personas.load()
    # A first, smaller pack finds how many pages a screening takes (and warms WeasyPrint's fonts).
    trial = max(2, pages_wanted // 8)
    report(f"audit pack: trial with {trial} screenings")
    _, trial_pages, _ = _build_pack(people, trial)
    screenings = max(1, round(trial * pages_wanted / max(1, trial_pages)))
    result: dict[str, Any] = {"pages_asked": pages_wanted, "screenings": screenings}
    times, floor_times, pages = [], [], 0
    for run in range(runs):
        report(f"audit pack: run {run + 1} of {runs}, {screenings} screenings")
        seconds, pages, html = _build_pack(people, screenings, result if run == 0 else None)
        times.append(seconds * 1000)
        floor_times.append(_weasyprint_alone(html) * 1000)
    result |= {
        "pages": pages,
        "median_ms": median(times),
        "p95_ms": p95(times),
        "queries": None,
        "floor": "WeasyPrint alone on the same HTML",
        "floor_median_ms": median(floor_times),
        "floor_p95_ms": p95(floor_times),
        "ratio_to_floor": ratio(median(times), median(floor_times)),
        "budget": PACK_BUDGET,
    }
    result["within_budget"] = (
        result["p95_ms"] <= PACK_BUDGET["seconds_max"] * 1000
        and result["ratio_to_floor"] <= PACK_BUDGET["ratio_to_floor_max"]
        and result["peak_rss_mb"] <= PACK_BUDGET["peak_rss_mb_max"]
    )
    return result


# The run ----------------------------------------------------------------------------------------------


PARTS = ("page", "visibility", "sweep", "pack")


def describe_run() -> dict[str, Any]:
    import os
    import platform

    from governance.scale import SCALE_CODE_PREFIX

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        counts = {}
        for table in ("governance_project", "governance_dataset", "dpia_screening", "isa_agreement",
                      "isa_accessgrant", "ethics_case", "dpia_historicalscreening"):  # fmt: skip
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  # nosec B608 - fixed table names
            counts[table] = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "postgresql": server,
        "cpus": os.cpu_count(),
        "debug": settings.DEBUG,
        "scale_prefix": SCALE_CODE_PREFIX,
        "rows": counts,
    }


# The result's shape -----------------------------------------------------------------------------------

PAGE_NAMES = frozenset(
    {
        "review_queue",
        "isa_register",
        "dataset_register",
        "access_request",
        "my_access",
        "ethics_cases",
        "siro_dashboard",
    }
)
FIGURE_KEYS = frozenset(
    {"median_ms", "p95_ms", "queries", "floor_median_ms", "ratio_to_floor", "budget", "within_budget"}
)
GROUPS = {"page": "pages", "visibility": "visibility", "sweep": "sweep", "pack": "pack"}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _figure_problems(name: str, figure: Any) -> list[str]:
    if not isinstance(figure, dict):
        return [f"{name}: not an object"]
    found = [f"{name}: no {key}" for key in sorted(FIGURE_KEYS - figure.keys())]
    found += [
        f"{name}: {key} is not a finite number"
        for key in ("median_ms", "p95_ms", "floor_median_ms", "ratio_to_floor")
        if key in figure and not _is_number(figure[key])
    ]
    if "queries" in figure and not (figure["queries"] is None or type(figure["queries"]) is int):
        found.append(f"{name}: queries is neither a count nor null")
    if "budget" in figure and not (isinstance(figure["budget"], dict) and figure["budget"]):
        found.append(f"{name}: no budget")
    if "within_budget" in figure and not isinstance(figure["within_budget"], bool):
        found.append(f"{name}: within_budget is not true or false")
    return found


def problems(result: Any, parts: list[str]) -> list[str]:
    """What is wrong with a benchmark result's shape (empty when it is well formed): every part asked for is
    there with every figure, each with finite numbers, a budget and a verdict. Timing is never a problem."""
    if not isinstance(result, dict) or not isinstance(result.get("run"), dict):
        return ["the result has no run description"]
    found: list[str] = []
    for part in parts:
        group = result.get(GROUPS[part])
        if group is None:
            found.append(f"no {GROUPS[part]}")
        elif part == "page":
            if not isinstance(group, dict) or set(group) != PAGE_NAMES:
                found.append(f"pages: expected {sorted(PAGE_NAMES)}")
            else:
                for name, figure in group.items():
                    found += _figure_problems(f"pages.{name}", figure)
                    if isinstance(figure, dict) and not (type(figure.get("queries")) is int and figure["queries"] > 0):
                        found.append(f"pages.{name}: no queries counted")
        elif part == "visibility":
            for name in ("datasets", "screenings"):
                figure = group.get(name) if isinstance(group, dict) else None
                found += _figure_problems(f"visibility.{name}", figure)
                if isinstance(figure, dict) and figure.get("same_rows") is not True:
                    found.append(f"visibility.{name}: ours and guardian's rows differ")
        elif part == "sweep":
            found += _figure_problems("sweep", group)
            if isinstance(group, dict) and not (group.get("deleted") == group.get("records") and group.get("records")):
                found.append("sweep: not every due record was deleted")
            if isinstance(group, dict) and not _is_number(group.get("peak_rss_mb")):
                found.append("sweep: no peak RSS")
        else:
            found += _figure_problems("pack", group)
            if isinstance(group, dict) and not (type(group.get("pages")) is int and group["pages"] >= 1):
                found.append("pack: no pages")
            if isinstance(group, dict) and not _is_number(group.get("peak_rss_mb")):
                found.append("pack: no peak RSS")
    return found
