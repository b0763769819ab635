"""``seed_scale`` builds a valid estate on PostgreSQL and ``bench`` prints one well-formed JSON object on it
(CI fails on a crash or a malformed result, never on timing)."""

from __future__ import annotations

import io
import json
import math

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dpia.models import Screening, ScreeningUserObjectPermission
from governance.bench import PARTS, problems
from governance.models import Organisation, ProjectUserObjectPermission, User
from governance.roles import Role

PAGES = {
    "review_queue",
    "isa_register",
    "dataset_register",
    "access_request",
    "my_access",
    "ethics_cases",
    "siro_dashboard",
}
FIGURE_KEYS = {"median_ms", "p95_ms", "queries", "floor_median_ms", "ratio_to_floor", "budget", "within_budget"}


def _numbers_are_finite(value: object) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _numbers_are_finite(item)
    elif isinstance(value, list):
        for item in value:
            _numbers_are_finite(item)
    elif isinstance(value, float):
        assert math.isfinite(value)


def _check_figure(figure: dict[str, object]) -> None:
    assert figure.keys() >= FIGURE_KEYS, FIGURE_KEYS - figure.keys()
    for key in ("median_ms", "p95_ms", "floor_median_ms", "ratio_to_floor"):
        assert isinstance(figure[key], int | float) and not isinstance(figure[key], bool), key
    assert figure["queries"] is None or isinstance(figure["queries"], int)
    assert isinstance(figure["budget"], dict) and figure["budget"]
    assert isinstance(figure["within_budget"], bool)


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_seed_scale_builds_people_in_roles_with_the_permissions_services_grant() -> None:
    call_command("seed_scale", size="tiny", stdout=io.StringIO())

    dpo = User.objects.get(username="scale-dpo")
    assert dpo.organisation_id is not None
    assert dpo.has_role(Role.DPO)
    assert Organisation.objects.get(pk=dpo.organisation_id).dpo_id == dpo.pk
    assert ProjectUserObjectPermission.objects.filter(user__username="scale-analyst").exists()
    submitted = Screening.objects.exclude(status__in=["draft", "withdrawn"]).first()
    assert submitted is not None
    assert submitted.organisation.dpo_id is not None
    assert ScreeningUserObjectPermission.objects.filter(
        content_object=submitted, user_id=submitted.organisation.dpo_id, permission__codename="review_screening"
    ).exists()
    assert Screening.history.filter(id=submitted.pk).count() >= 3

    with pytest.raises(CommandError, match="already here"):
        call_command("seed_scale", size="tiny", stdout=io.StringIO())


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_bench_prints_one_json_object_with_every_figure() -> None:
    call_command("seed_scale", size="tiny", stdout=io.StringIO())
    out = io.StringIO()

    call_command("bench", requests=3, sweep_records=20, pack_pages=5, pack_runs=1, stdout=out, stderr=io.StringIO())

    result = json.loads(out.getvalue(), parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
    assert problems(result, list(PARTS)) == []
    _numbers_are_finite(result)
    assert set(result) == {"run", "pages", "visibility", "sweep", "pack"}
    assert set(result["pages"]) == PAGES
    for figure in result["pages"].values():
        _check_figure(figure)
        assert figure["queries"] > 0
        # Served again from the cache: fewer statements than worked out afresh, where the page is kept.
        assert isinstance(figure["kept_within_budget"], bool) and 0 < figure["kept_queries"] <= figure["queries"]
    assert result["pages"]["review_queue"]["kept_queries"] < result["pages"]["review_queue"]["queries"]
    for name in ("datasets", "screenings"):
        _check_figure(result["visibility"][name])
        assert result["visibility"][name]["same_rows"] is True
    _check_figure(result["sweep"])
    assert result["sweep"]["deleted"] == result["sweep"]["records"] == 20
    assert result["sweep"]["peak_rss_mb"] > 0
    _check_figure(result["pack"])
    assert result["pack"]["pages"] >= 1 and result["pack"]["peak_rss_mb"] > 0
    # The sweep and the pack are rolled back: the estate is as seed_scale left it.
    assert Screening.objects.count() == result["run"]["rows"]["dpia_screening"]


def _figure(**changes: object) -> dict[str, object]:
    figure: dict[str, object] = {
        "median_ms": 12.5,
        "p95_ms": 20.0,
        "queries": 7,
        "floor_median_ms": 3.0,
        "ratio_to_floor": 4.2,
        "budget": {"p95_ms_max": 150},
        "within_budget": False,
    }
    return figure | changes


def _well_formed() -> dict[str, object]:
    return {
        "run": {"rows": {}},
        "pages": {name: _figure() for name in PAGES},
        "visibility": {name: _figure(same_rows=True, queries=2) for name in ("datasets", "screenings")},
        "sweep": _figure(queries=None, records=100, deleted=100, peak_rss_mb=120.5),
        "pack": _figure(queries=None, pages=100, peak_rss_mb=180.0),
    }


def test_a_well_formed_result_has_no_problems_even_when_every_budget_is_missed() -> None:
    assert problems(_well_formed(), list(PARTS)) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r["pages"].pop("siro_dashboard"), "pages: expected"),
        (lambda r: r["pages"]["review_queue"].pop("p95_ms"), "pages.review_queue: no p95_ms"),
        (lambda r: r["pages"]["my_access"].update(median_ms=float("nan")), "median_ms is not a finite number"),
        (lambda r: r["pages"]["my_access"].update(queries=0), "pages.my_access: no queries counted"),
        (lambda r: r["pages"]["my_access"].update(within_budget="yes"), "within_budget is not true or false"),
        (lambda r: r["visibility"]["datasets"].update(same_rows=False), "rows differ"),
        (lambda r: r["sweep"].update(deleted=99), "not every due record was deleted"),
        (lambda r: r["pack"].update(pages=0), "pack: no pages"),
        (lambda r: r["pack"].pop("peak_rss_mb"), "pack: no peak RSS"),
        (lambda r: r.pop("sweep"), "no sweep"),
        (lambda r: r.pop("run"), "no run description"),
    ],
)
def test_a_malformed_result_is_named(change, problem) -> None:
    result = _well_formed()
    change(result)
    assert any(problem in found for found in problems(result, list(PARTS)))


def test_only_the_parts_asked_for_are_required() -> None:
    result = _well_formed()
    del result["sweep"], result["pack"]
    assert problems(result, ["page", "visibility"]) == []
