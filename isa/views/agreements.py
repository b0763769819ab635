"""The ISA register: list, draft (from a forum's template or afresh), parties, datasets, signatures,
changes, review, termination, attachments, PDF and history."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.consultation import consult
from governance.caching import cached_page
from governance.choices import DataSubjectCategory, labels
from governance.forms.projects import people_of
from governance.history import history_entries
from governance.models import Dataset, Organisation, User
from governance.pdf import pdf_response, render_pdf
from governance.roles import Role
from governance.views.common import act, call_service, paginate, posted, query_without_page
from isa.access import can_change_agreement, get_agreement_for_user, get_attachment_for_user, get_party_to_sign
from isa.forms import (
    AgreementForm,
    AttachmentForm,
    ConfirmForm,
    CoverForm,
    PartyForm,
    RegisterFilterForm,
    ReviewForm,
    SignForm,
    TerminateForm,
)
from isa.models import (
    IN_FORCE,
    Agreement,
    AgreementDataset,
    AgreementParty,
    AgreementStatus,
    AgreementTemplate,
    LegalPower,
)
from isa.services.agreements import (
    PartySpec,
    agreement_complete_review,
    agreement_create,
    agreement_recall,
    agreement_send_for_signature,
    agreement_sign,
    agreement_terminate,
    agreement_update,
    attachment_add,
    dataset_cover,
    dataset_uncover,
    party_remove,
    party_save,
    readiness_problems,
    template_terms,
)


def _people(user: User) -> Any:
    return people_of(user.organisation_id)


@require_GET
@cached_page("isa.register")
def register(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    # Only what a row shows: an agreement's clauses (long texts) stay unread.
    agreements = Agreement.objects.visible_to(user).only(
        "reference", "title", "status", "major_version", "minor_version", "review_date"
    )
    filters = RegisterFilterForm(request.GET or None)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            agreements = agreements.filter(status=data["status"])
        if data["party"]:
            agreements = agreements.filter(
                Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation=data["party"]))
            )
        if query := data["dataset"].strip():
            agreements = agreements.filter(
                Exists(
                    AgreementDataset.objects.filter(agreement=OuterRef("pk")).filter(
                        Q(dataset__name__icontains=query) | Q(dataset__reference__icontains=query)
                    )
                )
            )
        if data["review_within"]:
            until = timezone.localdate() + datetime.timedelta(days=data["review_within"])
            agreements = agreements.filter(status__in=IN_FORCE, review_date__lte=until)
    agreements = agreements.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation").order_by("pk"))
    ).order_by("review_date", "pk")
    return render(
        request,
        "isa/register.html",
        {
            "page": paginate(request, agreements, counted_with_rows=True),
            "filters": filters,
            "query": query_without_page(request),
            "can_draft": user.has_role(Role.DPO, Role.SIRO, Role.SIGNATORY),
            "templates": AgreementTemplate.objects.filter(forum__members=user.organisation_id).select_related("forum"),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def agreement_create_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.has_role(Role.DPO, Role.SIRO, Role.SIGNATORY) or user.organisation_id is None:
        raise PermissionDenied("Agreements are drafted by a DPO, a SIRO or a partner signatory.")
    template = None
    if template_id := request.GET.get("template"):
        template = get_object_or_404(
            AgreementTemplate.objects.filter(forum__members=user.organisation_id).select_related("forum"),
            pk=template_id if str(template_id).isdigit() else 0,
        )
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "contact_point": user.pk,
        "start_date": today,
        "review_date": today.replace(year=today.year + 1),
    }
    members: list[Organisation] = []
    if template is not None:
        initial.update(template_terms(template), title=f"{template.title}: ")
        members = [org for org in template.forum.members.order_by("name") if org.pk != user.organisation_id]
    form = AgreementForm(posted(request), people=_people(user), initial=initial)
    chosen = [int(pk) for pk in request.POST.getlist("members") if pk.isdigit()]
    if request.method == "POST" and form.is_valid():
        parties = [PartySpec(user.organisation, "joint")] + [  # type: ignore[arg-type]
            PartySpec(org, "joint") for org in members if org.pk in chosen
        ]
        agreement = call_service(
            form, lambda: agreement_create(actor=user, template=template, parties=parties, **form.terms())
        )
        if agreement is not None:
            messages.success(request, f"Agreement {agreement.reference} drafted. Add its parties and datasets next.")
            return redirect(agreement)
    return render(
        request,
        "isa/agreement_form.html",
        {"form": form, "agreement": None, "template": template, "members": members, "chosen": chosen},
    )


@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk)
    if (ask := consult(request, agreement)) is not None:
        return ask
    parties = list(agreement.parties.select_related("organisation", "signatory", "signed_by"))
    return render(
        request,
        "isa/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "covered": agreement.covered_datasets.select_related("dataset", "provider", "recipient"),
            "attachments": agreement.attachments.select_related("uploaded_by"),
            "legal_powers": labels(LegalPower, agreement.legal_powers),
            "subjects": labels(DataSubjectCategory, agreement.data_subjects),
            "can_change": can_change_agreement(user, agreement),
            "to_sign": [p for p in parties if p.signatory_id == user.pk and not p.has_signed]
            if agreement.status == AgreementStatus.AWAITING_SIGNATURES
            else [],
            "problems": readiness_problems(agreement) if agreement.status == AgreementStatus.DRAFT else [],
            "replacements": agreement.replacements.all(),
            "grants": agreement.grants.filter(status="active").count(),
        },
    )


@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    terms = {name: getattr(agreement, name) for name in AgreementForm.base_fields if hasattr(agreement, name)}
    terms["contact_point"] = agreement.contact_point_id
    terms["version"] = agreement.version
    form = AgreementForm(
        posted(request),
        people=_people(user) | User.objects.filter(pk=agreement.contact_point_id),
        in_force=agreement.in_force,
        initial=terms,
    )
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: agreement_update(
                agreement=agreement,
                actor=user,
                expected_version=form.cleaned_data["version"] or 0,
                major=form.cleaned_data.get("change") == "major",
                **form.terms(),
            ),
        )
        if updated is not None:
            messages.success(request, f"Agreement saved as version {updated.version_label}.")
            return redirect(updated)
    return render(request, "isa/agreement_form.html", {"form": form, "agreement": agreement})


@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, pk: int, party_pk: int | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    party = get_object_or_404(AgreementParty, pk=party_pk, agreement=agreement) if party_pk else None
    initial = (
        {"organisation": party.organisation_id, "role": party.role, "signatory": party.signatory_id} if party else None
    )
    form = PartyForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        spec = PartySpec(form.cleaned_data["organisation"], form.cleaned_data["role"], form.cleaned_data["signatory"])
        saved = call_service(form, lambda: party_save(agreement=agreement, actor=user, spec=spec, party=party))
        if saved is not None:
            messages.success(request, f"{saved.organisation} is a party ({saved.get_role_display().lower()}).")
            return redirect(agreement)
    return render(
        request,
        "isa/simple_form.html",
        {"agreement": agreement, "form": form, "title": "Party to the agreement", "button": "Save party"},
    )


@require_POST
def party_delete(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    party = get_object_or_404(AgreementParty, pk=party_pk, agreement=agreement)
    act(request, lambda: party_remove(party=party, actor=user), f"{party.organisation} removed from the parties.")
    return redirect(agreement)


@require_http_methods(["GET", "POST"])
def cover_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    party_orgs = Organisation.objects.filter(agreement_parties__agreement=agreement)
    form = CoverForm(
        posted(request),
        datasets=Dataset.objects.filter(organisation__in=party_orgs)
        .select_related("organisation")
        .order_by("organisation__name", "name"),
        recipients=party_orgs.order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        cover = call_service(
            form,
            lambda: dataset_cover(
                agreement=agreement,
                actor=user,
                dataset=form.cleaned_data["dataset"],
                recipient=form.cleaned_data["recipient"],
            ),
        )
        if cover is not None:
            messages.success(request, f"The agreement covers {cover}.")
            return redirect(agreement)
    return render(
        request,
        "isa/simple_form.html",
        {"agreement": agreement, "form": form, "title": "A dataset the agreement covers", "button": "Add dataset"},
    )


@require_POST
def cover_delete(request: HttpRequest, pk: int, cover_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    cover = get_object_or_404(AgreementDataset, pk=cover_pk, agreement=agreement)
    act(request, lambda: dataset_uncover(cover=cover, actor=user), f"{cover.dataset.name} removed.")
    return redirect(agreement)


@require_http_methods(["GET", "POST"])
def send_for_signature(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    form = ConfirmForm(posted(request), initial={"version": agreement.version})
    if request.method == "POST" and form.is_valid():
        sent = call_service(
            form,
            lambda: agreement_send_for_signature(
                agreement=agreement, actor=user, expected_version=form.cleaned_data["version"]
            ),
        )
        if sent is not None:
            messages.success(request, "Sent to the parties' signatories.")
            return redirect(sent)
    return render(
        request,
        "isa/confirm.html",
        {
            "agreement": agreement,
            "form": form,
            "title": "Send for signature",
            "button": "Send for signature",
            "problems": readiness_problems(agreement),
        },
    )


@require_http_methods(["GET", "POST"])
def agreement_sign_view(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement, party = get_party_to_sign(user, pk, party_pk)
    form = SignForm(posted(request))
    if request.method == "POST" and form.is_valid():
        signed = call_service(form, lambda: agreement_sign(agreement=agreement, party=party, actor=user))
        if signed is not None:
            done = (
                "Every party has signed: the agreement is active."
                if signed.status == AgreementStatus.ACTIVE
                else "Signed."
            )
            messages.success(request, done)
            return redirect(signed)
    return render(request, "isa/sign.html", {"agreement": agreement, "party": party, "form": form})


@require_http_methods(["GET", "POST"])
def agreement_terminate_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    form = TerminateForm(posted(request), initial={"version": agreement.version})
    if request.method == "POST" and form.is_valid():
        ended = call_service(
            form,
            lambda: agreement_terminate(
                agreement=agreement,
                actor=user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if ended is not None:
            messages.success(request, "Agreement terminated. Access that rested on it is suspended.")
            return redirect(ended)
    return render(
        request,
        "isa/simple_form.html",
        {
            "agreement": agreement,
            "form": form,
            "title": "Terminate the agreement",
            "button": "Terminate agreement",
            "warning": True,
        },
    )


@require_http_methods(["GET", "POST"])
def agreement_recall_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    form = TerminateForm(posted(request), initial={"version": agreement.version})
    form.fields["reason"].label = "Why is the agreement recalled for changes?"
    if request.method == "POST" and form.is_valid():
        recalled = call_service(
            form,
            lambda: agreement_recall(
                agreement=agreement,
                actor=user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if recalled is not None:
            messages.success(request, "The agreement is a draft again. Signatures given are cleared.")
            return redirect(recalled)
    return render(
        request,
        "isa/simple_form.html",
        {"agreement": agreement, "form": form, "title": "Recall from signature", "button": "Recall the agreement"},
    )


@require_http_methods(["GET", "POST"])
def agreement_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    form = ReviewForm(posted(request), initial={"version": agreement.version})
    if request.method == "POST" and form.is_valid():
        reviewed = call_service(
            form,
            lambda: agreement_complete_review(
                agreement=agreement,
                actor=user,
                next_review=form.cleaned_data["next_review"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if reviewed is not None:
            messages.success(request, "Review recorded.")
            return redirect(reviewed)
    return render(
        request,
        "isa/simple_form.html",
        {"agreement": agreement, "form": form, "title": "Record the review", "button": "Record review"},
    )


@require_http_methods(["GET", "POST"])
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agreement = get_agreement_for_user(user, pk, "change")
    form = AttachmentForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        attachment = call_service(
            form,
            lambda: attachment_add(
                agreement=agreement, actor=user, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            ),
        )
        if attachment is not None:
            messages.success(request, f"{attachment.name} uploaded.")
            return redirect(agreement)
    return render(
        request,
        "isa/simple_form.html",
        {"agreement": agreement, "form": form, "title": "Upload a document", "button": "Upload", "multipart": True},
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_attachment_for_user(request.user, pk)  # type: ignore[arg-type]
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)  # type: ignore[arg-type]
    if (ask := consult(request, agreement, "downloaded")) is not None:
        return ask
    pdf = render_pdf(
        "isa/agreement_pdf.html",
        {
            "agreement": agreement,
            "parties": agreement.parties.select_related("organisation", "signatory", "signed_by"),
            "covered": agreement.covered_datasets.select_related("dataset", "provider", "recipient"),
            "legal_powers": labels(LegalPower, agreement.legal_powers),
            "subjects": labels(DataSubjectCategory, agreement.data_subjects),
        },
        request=request,
    )
    return pdf_response(pdf, f"{agreement.reference}-v{agreement.version_label}.pdf")


@require_GET
def agreement_history(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "governance/history.html", {"record": agreement, "entries": history_entries(agreement)})
