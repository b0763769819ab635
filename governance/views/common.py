"""Small helpers every view module uses the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from governance.forms.status import StatusChangeForm
from governance.workflow import EditConflict, ServiceError

T = TypeVar("T")

PAGE_SIZE = 25


def call_service(form: forms.Form, service: Callable[[], T]) -> T | None:
    """Run ``service``; on refusal put the reason on the form (nothing is lost) and return None."""
    try:
        return service()
    except EditConflict as conflict:
        # The form keeps what the person typed; its version moves on so that saving again is a
        # deliberate choice made after seeing the other change.
        data = cast(QueryDict, form.data).copy()
        data["version"] = str(conflict.current_version)
        form.data = data
        form.add_error(None, str(conflict))
    except ValidationError as error:
        form.add_error(None, error)
    except ServiceError as error:
        form.add_error(None, str(error))
    return None


def act(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Run a one-click action (a button with no form to fill): say it was done, or say why it was refused.
    The caller redirects either way."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    except ServiceError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, done)
    return True


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted form data, or None on a GET. (``request.POST or None`` would treat a submission with
    every box left empty as no submission at all, and show no errors.)"""
    return request.POST if request.method == "POST" else None


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any],
    per_page: int = PAGE_SIZE,
    count: int | None = None,
    *,
    counted_with_rows: bool = False,
) -> Page:
    """The requested page of ``queryset``.

    A caller that already knows how many rows there are (say, from counts by status shown on the same page)
    passes ``count``, and the paginator does not count again. With ``counted_with_rows`` the total comes
    with the page's rows, as ``COUNT(*) OVER ()``: one query rather than a count and a fetch, each running
    the list's filters (a register's visibility rules) over the whole table."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    elif counted_with_rows:
        page = _page_with_total(paginator, queryset, per_page, request.GET.get("page"))
        if page is not None:
            return page
    return paginator.get_page(request.GET.get("page"))


def _page_with_total(paginator: Paginator, queryset: QuerySet[Any], per_page: int, asked: str | None) -> Page | None:
    """The page and the list's length from one query; None when the page asked for is before the first or
    past the end (the paginator then counts and gives the last page, as ``get_page`` does)."""
    try:
        number = int(asked or 1)
    except ValueError:
        number = 1  # not a number: the first page, as ``get_page`` gives
    if number < 1:
        return None
    start = (number - 1) * per_page
    rows = list(queryset.annotate(list_total=Window(Count("pk")))[start : start + per_page])
    if not rows and number > 1:
        return None
    paginator.count = rows[0].list_total if rows else 0
    return Page(rows, number, paginator)


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def status_change_page(
    request: HttpRequest,
    *,
    record: Any,
    choices: list[tuple[str, str]],
    service: Callable[..., Any],
) -> HttpResponse:
    """The page that moves a record along its workflow: choose the new status, say why."""
    form = StatusChangeForm(posted(request), choices=choices, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: service(
                actor=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if updated is not None:
            messages.success(request, f"Status changed to {updated.get_status_display().lower()}.")
            return redirect(updated)
    return render(
        request,
        "governance/status_form.html",
        {"form": form, "record": record, "kind": record._meta.verbose_name},
    )
