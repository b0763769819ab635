"""One JSON object from a load run: requests a second, percentiles per page and overall, failures, budget.

``python bench/load_summary.py STATS.json META.json`` reads Locust's ``--json-file`` output (one entry per
request name, each with its histogram of response times) and what the locustfile wrote about the run (how
many users, when measuring began and ended), and prints the summary. The overall figures are over the page
requests only: sign-in is reported apart. Percentiles merge the pages' histograms, as Locust's own
"Aggregated" line does (Locust keeps times to 10 ms above 100 ms and to 100 ms above 1 s).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from load_scenario import BUDGET_P99_MS_MAX, BUDGET_RPS_MIN, PAGES, SIGN_IN


def percentile(histogram: Mapping[int, int], fraction: float) -> int | None:
    """The time within which ``fraction`` of the requests finished (Locust's definition)."""
    total = sum(histogram.values())
    if not total:
        return None
    allowed_above = total - int(total * fraction)
    above = 0
    for time_ms in sorted(histogram, reverse=True):
        above += histogram[time_ms]
        if above >= allowed_above:
            return time_ms
    return min(histogram)


def _histogram(entries: Iterable[Mapping[str, Any]]) -> Counter[int]:
    merged: Counter[int] = Counter()
    for entry in entries:
        merged.update({int(time_ms): count for time_ms, count in entry["response_times"].items()})
    return merged


def _figures(entries: list[Mapping[str, Any]], seconds: float) -> dict[str, Any]:
    histogram = _histogram(entries)
    requests = sum(entry["num_requests"] for entry in entries)
    return {
        "requests": requests,
        "failures": sum(entry["num_failures"] for entry in entries),
        "rps": round(requests / seconds, 1) if seconds > 0 else None,
        "p50_ms": percentile(histogram, 0.50),
        "p95_ms": percentile(histogram, 0.95),
        "p99_ms": percentile(histogram, 0.99),
        "max_ms": round(max((entry["max_response_time"] or 0 for entry in entries), default=0)),
    }


def summarise(stats: list[Mapping[str, Any]], meta: Mapping[str, Any]) -> dict[str, Any]:
    # No start: the run ended before every user had tried to sign in (a failed sign-in ends it).
    started = meta.get("measure_start")
    seconds = float(meta["measure_end"]) - float(started) if started else 0.0
    by_name = {entry["name"]: entry for entry in stats}
    page_entries = [by_name[page.name] for page in PAGES if page.name in by_name]
    overall = _figures(page_entries, seconds)
    unknown = sorted(set(by_name) - {page.name for page in PAGES} - {SIGN_IN})
    result: dict[str, Any] = {
        "users": meta.get("users"),
        "rate_per_user": meta.get("rate_per_user"),
        "seconds": round(seconds, 1),
        **overall,
        "pages": {
            page.name: _figures([by_name[page.name]], seconds) if page.name in by_name else None for page in PAGES
        },
        "sign_in": {
            "tries": meta.get("sign_ins"),
            "failures": meta.get("sign_in_failures"),
            "seconds_for_all": meta.get("sign_in_seconds"),
        },
        "budget": {"rps_min": BUDGET_RPS_MIN, "p99_ms_max": BUDGET_P99_MS_MAX},
    }
    if unknown:
        result["other_requests"] = unknown
    p99 = overall["p99_ms"]
    result["within_budget"] = bool(
        overall["rps"] is not None
        and overall["rps"] >= BUDGET_RPS_MIN
        and p99 is not None
        and p99 < BUDGET_P99_MS_MAX
        and overall["failures"] == 0
    )
    return result


def failed(summary: Mapping[str, Any]) -> bool:
    """A broken run (a failed request or sign-in, or no page measured), as against a slow one."""
    return bool(
        summary["failures"]
        or summary["sign_in"]["failures"]
        or not summary["requests"]
        or any(figures is None for figures in summary["pages"].values())
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: load_summary.py STATS.json META.json", file=sys.stderr)
        return 2
    with open(argv[1]) as stats_file, open(argv[2]) as meta_file:
        summary = summarise(json.load(stats_file), json.load(meta_file))
    print(json.dumps(summary, indent=2))
    return 1 if failed(summary) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
