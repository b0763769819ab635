from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from governance.access import can_change_project, get_project_for_user
from governance.forms import GovUKForm
from governance.forms.projects import ProjectForm, project_status_choices
from governance.history import history_entries
from governance.models import Project, ProjectStatus, User
from governance.panels import panels_for
from governance.services.projects import project_change_status, project_create, project_update
from governance.views.common import call_service, paginate, posted, query_without_page, status_change_page


class ProjectFilterForm(GovUKForm):
    one_time_key = False  # sent by GET: no submission key in the address
    q = forms.CharField(label="Name or reference", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *ProjectStatus.choices])
    mine = forms.BooleanField(label="Only projects I lead", required=False)


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    projects = Project.objects.visible_to(user).select_related("organisation", "lead")
    filters = ProjectFilterForm(request.GET or None)
    if filters.is_valid():
        if query := filters.cleaned_data["q"].strip():
            projects = projects.filter(Q(name__icontains=query) | Q(reference__icontains=query))
        if status := filters.cleaned_data["status"]:
            projects = projects.filter(status=status)
        if filters.cleaned_data["mine"]:
            projects = projects.filter(lead=user)
    return render(
        request,
        "governance/project_list.html",
        {
            "page": paginate(request, projects),
            "filters": filters,
            "query": query_without_page(request),
            "can_add": user.has_perm("governance.add_project"),
        },
    )


@require_http_methods(["GET", "POST"])
def project_create_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.has_perm("governance.add_project") or user.organisation_id is None:
        raise PermissionDenied("Your role does not include registering projects.")
    form = ProjectForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        project = call_service(form, lambda: project_create(actor=user, **form.service_arguments()))
        if project is not None:
            messages.success(request, f"Project {project.reference} registered.")
            return redirect(project)
    return render(request, "governance/project_form.html", {"form": form, "project": None})


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    project = get_project_for_user(user, pk)
    datasets = project.datasets.visible_to(user).select_related("organisation")
    return render(
        request,
        "governance/project_detail.html",
        {
            "project": project,
            "datasets": datasets,
            "can_change": can_change_project(user, project),
            "panels": panels_for("project", user, project),
        },
    )


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    project = get_project_for_user(user, pk, "change")
    form = ProjectForm(posted(request), user=user, project=project)
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: project_update(
                project=project,
                actor=user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.service_arguments(),
            ),
        )
        if updated is not None:
            messages.success(request, "Project updated.")
            return redirect(updated)
    return render(request, "governance/project_form.html", {"form": form, "project": project})


@require_http_methods(["GET", "POST"])
def project_status(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, "change")  # type: ignore[arg-type]
    return status_change_page(
        request,
        record=project,
        choices=project_status_choices(project),
        service=partial(project_change_status, project=project),
    )


@require_GET
def project_history(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "governance/history.html", {"record": project, "entries": history_entries(project)})
