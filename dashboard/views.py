"""The dashboard page, and the list behind each of its figures (as a page and as CSV)."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET

from dashboard.figures import for_page
from dashboard.forms import FilterForm
from dashboard.kinds import BadValue, Column, Figure, Records
from dashboard.registry import Panel, find
from dashboard.scope import Scope, organisations_for, require_viewer
from governance.models import User
from governance.views.common import PAGE_SIZE, query_without_page


def _filters(request: HttpRequest, user: User) -> tuple[FilterForm, Scope | None]:
    """The filter form from the query string, and the scope it gives (None while it has errors)."""
    today = timezone.localdate()
    organisations = list(organisations_for(user))
    own = next(organisation for organisation in organisations if organisation.pk == user.organisation_id)
    form = FilterForm(request.GET, organisations=organisations, own=own, today=today)
    if not form.is_valid():
        return form, None
    return form, Scope(user, *form.chosen(), today)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_viewer(user)
    form, scope = _filters(request, user)
    return render(
        request,
        "dashboard/index.html",
        {"form": form, "dashboard": for_page(scope) if scope is not None else None},
        status=200 if scope is not None else 400,
    )


def _resolve(user: User, key: str) -> tuple[Panel | None, Figure]:
    try:
        panel, figure = find(key)
    except KeyError as error:
        raise Http404 from error
    if not figure.shown_to(user) or (panel is not None and not panel.shown_to(user)):
        raise Http404
    return panel, figure


def _one(request: HttpRequest, name: str) -> str | None:
    value = request.GET.get(name)
    return value if value not in (None, "") else None


@require_GET
def figure_list(request: HttpRequest, key: str, as_csv: bool = False) -> HttpResponseBase:
    """The records behind a figure (or behind one of its bars, ``value``, or segments, ``series``), with a
    link to each; ``?format=csv`` (or the ``/csv`` address) downloads them."""
    user: User = request.user  # type: ignore[assignment]
    require_viewer(user)
    panel, figure = _resolve(user, key)
    form, scope = _filters(request, user)
    value, series = _one(request, "value"), _one(request, "series")
    problem = ""
    records: Records = []
    part = ""
    if scope is not None:
        own_only = figure.own_organisation_only or (panel is not None and panel.own_organisation_only)
        try:
            if own_only and not scope.own:
                raise BadValue(f"“{figure.title}” is shown for your own organisation only.")
            records = figure.records(scope, value, series)
            part = figure.value_label(scope, value, series)
        except BadValue as error:
            problem = str(error)
    if scope is None or problem:
        return render(
            request,
            "dashboard/figure_list.html",
            {"form": form, "figure": figure, "problem": problem, "page": None},
            status=400,
        )
    if as_csv or request.GET.get("format") == "csv":
        return _csv(figure, scope, records)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/figure_list.html",
        {
            "form": form,
            "figure": figure,
            "scope": scope,
            "part": part,
            "page": page,
            "rows": [_cells(figure.columns, record) for record in page.object_list],
            "query": query_without_page(request),
            "csv_query": scope.query(value=value, series=series, format="csv"),
            "dashboard_query": scope.query(),
            "anchor": f"figure-{figure.key}" if panel is not None else "exceptions",
        },
    )


def _cells(columns: Sequence[Column], record: Any) -> list[tuple[str, str | None]]:
    return [(_text(column.value(record)), column.url(record) if column.url else None) for column in columns]


def _text(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return dateformat.format(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, datetime.date):
        return dateformat.format(value, "j M Y")
    return "" if value is None else str(value)


def _csv_text(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = "" if value is None else str(value)
    # Keep a spreadsheet from reading a cell as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(figure: Figure, scope: Scope, records: Records) -> StreamingHttpResponse:
    """The list as CSV, streamed (a queryset is read in chunks, so its size does not matter)."""
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow([column.heading for column in figure.columns])
        iterable = records.iterator(chunk_size=500) if hasattr(records, "iterator") else records
        for record in iterable:
            yield writer.writerow([_csv_text(column.value(record)) for column in figure.columns])

    suffix = f"-{scope.date_from:%Y%m%d}-{scope.date_to:%Y%m%d}" if figure.in_period else f"-{scope.today:%Y%m%d}"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{figure.key}-{scope.organisation.short_code.lower()}{suffix}.csv"'
    )
    return response
