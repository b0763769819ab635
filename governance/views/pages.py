from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from governance.models import Dataset, Project, ProjectStatus, User
from governance.panels import panels_for
from governance.roles import Role

HOME_LIST_LIMIT = 10


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What needs this person's attention, by the roles they hold."""
    user: User = request.user  # type: ignore[assignment]
    my_projects = (
        Project.objects.visible_to(user)
        .filter(lead=user)
        .exclude(status__in=[ProjectStatus.CLOSED, ProjectStatus.WITHDRAWN])
        .select_related("organisation", "lead")
        .order_by("-created_at")[:HOME_LIST_LIMIT]
    )
    owned_datasets = (
        Dataset.objects.visible_to(user).filter(information_asset_owner=user).order_by("name")[:HOME_LIST_LIMIT]
        if user.has_role(Role.ASSET_OWNER)
        else Dataset.objects.none()
    )
    organisation_projects = None
    if user.reads_whole_organisation() and user.organisation_id:
        organisation_projects = (
            Project.objects.filter(organisation_id=user.organisation_id, status=ProjectStatus.PROPOSED)
            .select_related("lead")
            .order_by("created_at")[:HOME_LIST_LIMIT]
        )
    return render(
        request,
        "governance/home.html",
        {
            "my_projects": my_projects,
            "owned_datasets": owned_datasets,
            "organisation_projects": organisation_projects,
            "panels": panels_for("home", user),
            "can_add_project": user.has_perm("governance.add_project"),
            "can_add_dataset": user.has_perm("governance.add_dataset"),
        },
    )


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/accessibility.html")


@login_not_required
@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """Where to report a security problem (RFC 9116), valid for a year from today."""
    expires = (timezone.now() + datetime.timedelta(days=365)).replace(microsecond=0)
    contact = settings.SECURITY_CONTACT
    if "@" in contact and not contact.startswith(("mailto:", "https://")):
        contact = f"mailto:{contact}"
    body = (
        f"Contact: {contact}\n"
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}\n"
        "Preferred-Languages: en\n"
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt\n"
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
