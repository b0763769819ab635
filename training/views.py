from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance.models import User
from governance.roles import Role
from governance.views.common import call_service, paginate, posted, query_without_page
from training.forms import ImportForm, RecordForm, StaffFilterForm
from training.imports import ImportError_
from training.models import TrainingRecord
from training.services import records_training, training_import, training_record
from training.standing import Standing, induction_days, staff_with_expiry, status_from, status_of


def _oversees(user: User) -> int:
    """The organisation whose staff's training the user oversees (DPO, SIRO); 404 for anyone else."""
    if user.organisation_id is None or not user.has_role(Role.DPO, Role.SIRO):
        raise Http404
    return user.organisation_id


def _keeper(user: User) -> int:
    organisation_id = _oversees(user)
    if not records_training(user):
        raise PermissionDenied("Only the Data Protection Officer records training.")
    return organisation_id


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    records = TrainingRecord.objects.filter(person=user)
    return render(
        request,
        "training/mine.html",
        {
            "records": records,
            "status": status_of(user, timezone.localdate()),
            "oversees": user.organisation_id is not None and user.has_role(Role.DPO, Role.SIRO),
        },
    )


ATTENTION = {Standing.LAPSED, Standing.DUE_SOON, Standing.INDUCTION_DUE, Standing.INDUCTION_OVERDUE}


@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation_id = _oversees(user)
    today = timezone.localdate()
    days = induction_days(organisation_id)
    filters = StaffFilterForm(request.GET or None)
    wanted = filters.cleaned_data["standing"] if filters.is_valid() else ""
    rows = []
    counts = dict.fromkeys(Standing, 0)
    for person in staff_with_expiry(organisation_id):
        status = status_from(person.latest_expiry, person.date_joined.date(), today, days)  # type: ignore[attr-defined]
        counts[status.standing] += 1
        if (wanted == "attention" and status.standing not in ATTENTION) or (
            wanted == "lapsed" and status.standing != Standing.LAPSED
        ):
            continue
        rows.append((person, status))
    return render(
        request,
        "training/staff.html",
        {
            "page": paginate(request, rows),  # type: ignore[arg-type]
            "filters": filters,
            "query": query_without_page(request),
            "counts": [(standing, counts[standing]) for standing in Standing],
            "can_record": records_training(user),
        },
    )


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation_id = _keeper(user)
    form = RecordForm(posted(request), organisation_id=organisation_id, initial={"person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = call_service(
            form,
            lambda: training_record(
                actor=user,
                person=data["person"],
                course=data["course"],
                completed_on=data["completed_on"],
                expires_on=data["expires_on"],
                evidence=data["evidence"],
                induction=data["induction"],
            ),
        )
        if made is not None:
            messages.success(
                request, f"{made.course} recorded for {made.person}, counting until {made.expires_on:%-d %B %Y}."
            )
            return redirect("training:staff")
    return render(request, "training/record.html", {"form": form})


@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _keeper(user)
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = training_import(actor=user, content=form.cleaned_data["file"])
        except ImportError_ as problem:
            form.add_error("file", str(problem))
        else:
            if not result.refused:
                messages.success(
                    request,
                    f"{result.imported} completion{'s' if result.imported != 1 else ''} imported"
                    + (f"; {len(result.reading.duplicates)} already recorded" if result.reading.duplicates else "")
                    + ".",
                )
                return redirect(reverse("training:staff"))
    return render(request, "training/import.html", {"form": form, "result": result})
