from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from audit.consultation import consult
from governance.access import can_change_dataset, get_dataset_for_user
from governance.caching import cached_page
from governance.choices import (
    DataSubjectCategory,
    PersonalDataCategory,
    ProtectiveMarking,
    SpecialCategory,
    labels,
)
from governance.forms import GovUKForm
from governance.forms.datasets import DatasetForm, dataset_status_choices
from governance.history import history_entries
from governance.models import Dataset, DatasetStatus, User
from governance.panels import panels_for
from governance.services.datasets import dataset_change_status, dataset_create, dataset_update
from governance.views.common import call_service, paginate, posted, query_without_page, status_change_page


class DatasetFilterForm(GovUKForm):
    one_time_key = False  # sent by GET: no submission key in the address
    q = forms.CharField(label="Name, reference or system", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *DatasetStatus.choices])
    marking = forms.ChoiceField(
        label="Protective marking", required=False, choices=[("", "Any marking"), *ProtectiveMarking.choices]
    )


# What a row of the register shows (a dataset's description and categories stay unread).
REGISTER_COLUMNS = (
    "reference",
    "name",
    "source_system",
    "protective_marking",
    "status",
    "organisation__name",
    "information_asset_owner__username",
    "information_asset_owner__first_name",
    "information_asset_owner__last_name",
)


@require_GET
@cached_page("governance.dataset_list")
def dataset_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    datasets = (
        Dataset.objects.visible_to(user)
        .select_related("organisation", "information_asset_owner")
        .only(*REGISTER_COLUMNS)
    )
    filters = DatasetFilterForm(request.GET or None)
    if filters.is_valid():
        if query := filters.cleaned_data["q"].strip():
            datasets = datasets.filter(
                Q(name__icontains=query) | Q(reference__icontains=query) | Q(source_system__icontains=query)
            )
        if status := filters.cleaned_data["status"]:
            datasets = datasets.filter(status=status)
        if marking := filters.cleaned_data["marking"]:
            datasets = datasets.filter(protective_marking=marking)
    return render(
        request,
        "governance/dataset_list.html",
        {
            "page": paginate(request, datasets, counted_with_rows=True),
            "filters": filters,
            "query": query_without_page(request),
            "can_add": user.has_perm("governance.add_dataset"),
        },
    )


@require_http_methods(["GET", "POST"])
def dataset_create_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.has_perm("governance.add_dataset") or user.organisation_id is None:
        raise PermissionDenied("Your role does not include adding datasets to the register.")
    form = DatasetForm(posted(request), organisation_id=user.organisation_id)
    if request.method == "POST" and form.is_valid():
        dataset = call_service(form, lambda: dataset_create(actor=user, details=form.details()))
        if dataset is not None:
            messages.success(request, f"Dataset {dataset.reference} added to the register.")
            return redirect(dataset)
    return render(request, "governance/dataset_form.html", {"form": form, "dataset": None})


@require_GET
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    dataset = get_dataset_for_user(user, pk)
    if (ask := consult(request, dataset)) is not None:
        return ask
    projects = dataset.projects.visible_to(user).select_related("lead")
    return render(
        request,
        "governance/dataset_detail.html",
        {
            "dataset": dataset,
            "projects": projects,
            "can_change": can_change_dataset(user, dataset),
            "panels": panels_for("dataset", user, dataset),
            "personal_data": labels(PersonalDataCategory, dataset.personal_data_categories),
            "special": labels(SpecialCategory, dataset.special_categories),
            "subjects": labels(DataSubjectCategory, dataset.data_subject_categories),
        },
    )


@require_http_methods(["GET", "POST"])
def dataset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    dataset = get_dataset_for_user(user, pk, "change")
    form = DatasetForm(posted(request), organisation_id=dataset.organisation_id, dataset=dataset)
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: dataset_update(
                dataset=dataset,
                actor=user,
                expected_version=form.cleaned_data["version"] or 0,
                details=form.details(),
            ),
        )
        if updated is not None:
            messages.success(request, "Dataset updated.")
            return redirect(updated)
    return render(request, "governance/dataset_form.html", {"form": form, "dataset": dataset})


@require_http_methods(["GET", "POST"])
def dataset_status(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, pk, "change")  # type: ignore[arg-type]
    return status_change_page(
        request,
        record=dataset,
        choices=dataset_status_choices(dataset),
        service=partial(dataset_change_status, dataset=dataset),
    )


@require_GET
def dataset_history(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "governance/history.html", {"record": dataset, "entries": history_entries(dataset)})
