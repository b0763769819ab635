from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_pack_for_user, require_pack_reader
from audit.consultation import session_reason, set_session_reason
from audit.forms import JustificationForm, PackForm
from audit.models import AuditPack
from audit.services import pack_downloaded, pack_request, pack_retry
from governance.models import User
from governance.views.common import act, call_service, paginate, posted


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: a bare word ("0", "home") is not one.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@require_http_methods(["GET", "POST"])
def justify(request: HttpRequest) -> HttpResponse:
    """Ask, once a session, why the person is consulting records with sensitive data (DPA 2018 s.62)."""
    form = JustificationForm(posted(request), initial={"reason": session_reason(request)})
    if request.method == "POST" and form.is_valid():
        set_session_reason(request, form.cleaned_data["reason"].strip())
        # Not redirect(): it would take a ``next`` such as "home" for a URL name to reverse (a server error).
        return HttpResponseRedirect(_safe_next(request))
    return render(request, "audit/justify.html", {"form": form, "next": _safe_next(request)})


@require_GET
def pack_list(request: HttpRequest) -> HttpResponse:
    organisation_id = require_pack_reader(request.user)  # type: ignore[arg-type]
    packs = AuditPack.objects.filter(organisation_id=organisation_id).select_related("requested_by", "organisation")
    return render(request, "audit/pack_list.html", {"page": paginate(request, packs)})


@require_http_methods(["GET", "POST"])
def pack_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation_id = require_pack_reader(user)
    initial = {"scope": "project", "project": request.GET.get("project")} if request.GET.get("project") else {}
    form = PackForm(posted(request), organisation_id=organisation_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pack = call_service(
            form,
            lambda: pack_request(
                actor=user,
                scope=data["scope"],
                purpose=data["purpose"],
                project=data.get("project"),
                period_from=data.get("period_from"),
                period_to=data.get("period_to"),
            ),
        )
        if pack is not None:
            return redirect(pack)
    return render(request, "audit/pack_form.html", {"form": form})


@require_GET
def pack_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_pack_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "audit/pack_detail.html", {"pack": pack})


@require_GET
def pack_progress(request: HttpRequest, pk: int) -> JsonResponse:
    pack = get_pack_for_user(request.user, pk)  # type: ignore[arg-type]
    response = JsonResponse(pack.progress_state())
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def pack_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    pack = get_pack_for_user(user, pk)
    act(request, lambda: pack_retry(pack=pack, actor=user), "The pack is being built again.")
    return redirect(pack)


@require_GET
def pack_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    user: User = request.user  # type: ignore[assignment]
    pack = get_pack_for_user(user, pk)
    if not pack.file:
        messages.error(request, "This pack is not ready yet.")
        return redirect(pack)
    pack_downloaded(pack=pack, actor=user)
    response = FileResponse(
        pack.file.open("rb"), as_attachment=True, filename=f"audit-pack-{pack.pk}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "no-store"
    return response
