"""Cases: submitted by a project lead with their papers, followed across hearings to closure."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dpia.models import Screening
from ethics.access import get_case_for_user, get_paper_for_user, runs, submittable_projects, visible_committees
from ethics.forms import CaseForm, NoteForm, PaperForm, ReasonForm
from ethics.minutes import lines
from ethics.models import CaseAction, Condition, Hearing
from ethics.services import action_complete, case_close, case_submit, case_withdraw, condition_meet, paper_add
from ethics.views.common import form_page
from governance.history import history_entries
from governance.models import User
from governance.pdf import pdf_response, render_pdf
from governance.views.common import call_service, posted


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    projects = submittable_projects(user)
    initial = {"project": request.GET.get("project")} if request.GET.get("project") else None
    form = CaseForm(
        posted(request),
        committees=visible_committees(user),
        projects=projects,
        screenings=Screening.objects.visible_to(user).filter(project__in=projects).select_related("project"),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        case = call_service(form, lambda: case_submit(actor=user, **form.cleaned_data))
        if case is not None:
            messages.success(request, f"{case.reference} submitted to {case.committee}. Upload the paper next.")
            return redirect(case)
    return form_page(request, form, "Submit a paper to the ethics committee", "/ethics/", "Submit")


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, pk)
    hearings = (
        case.hearings.select_related("meeting", "terms")
        .prefetch_related(
            "questions",
            "terms__options",
            Prefetch("actions", queryset=CaseAction.objects.select_related("done_by")),
            Prefetch("conditions", queryset=Condition.objects.select_related("met_by", "met_at_hearing__meeting")),
        )
        .order_by("meeting__date")
    )
    manage = runs(user, case.committee)
    return render(
        request,
        "ethics/case_detail.html",
        {
            "case": case,
            "hearings": hearings,
            "papers": case.papers.select_related("uploaded_by"),
            "manage": manage,
            "is_author": case.submitted_by_id == user.pk or case.project.lead_id == user.pk,
        },
    )


@require_http_methods(["GET", "POST"])
def paper_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, pk, "change")
    form = PaperForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        paper = call_service(form, lambda: paper_add(case=case, actor=user, upload=form.cleaned_data["file"]))
        if paper is not None:
            messages.success(request, f"{paper.name} uploaded.")
            return redirect(case)
    return form_page(
        request, form, f"Upload a paper for {case.reference}", case.get_absolute_url(), "Upload", multipart=True
    )


@require_GET
def paper_download(request: HttpRequest, pk: int) -> FileResponse:
    paper = get_paper_for_user(request.user, pk)  # type: ignore[arg-type]
    response = FileResponse(
        paper.file.open("rb"), as_attachment=True, filename=paper.name, content_type=paper.content_type
    )
    response["Cache-Control"] = "no-store"
    return response


def _case_reason_page(
    request: HttpRequest, pk: int, *, action: str, service: object, title: str, done: str
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, pk, action)  # type: ignore[arg-type]
    form = ReasonForm(posted(request), initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form,
            lambda: service(
                case=case, actor=user, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
            ),  # type: ignore[operator]
        )
        if changed is not None:
            messages.success(request, done)
            return redirect(changed)
    return form_page(request, form, title, case.get_absolute_url(), title)


@require_http_methods(["GET", "POST"])
def case_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_reason_page(
        request, pk, action="change", service=case_withdraw, title="Withdraw the case", done="Case withdrawn."
    )


@require_http_methods(["GET", "POST"])
def case_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_reason_page(
        request, pk, action="manage", service=case_close, title="Close the case", done="Case closed."
    )


@require_http_methods(["GET", "POST"])
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    action = get_object_or_404(CaseAction.objects.select_related("case"), pk=pk)
    case = get_case_for_user(user, action.case_id, "manage")
    form = NoteForm(posted(request))
    form.fields["note"].label = "How was it done?"
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, lambda: action_complete(action=action, actor=user, note=form.cleaned_data["note"]))
        is not None
    ):
        messages.success(request, "Action marked as done.")
        return redirect(case)
    return form_page(
        request, form, "Mark the action as done", case.get_absolute_url(), "Mark as done", quote=action.text
    )


@require_http_methods(["GET", "POST"])
def condition_met(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    condition = get_object_or_404(Condition.objects.select_related("case"), pk=pk)
    case = get_case_for_user(user, condition.case_id, "manage")
    form = NoteForm(posted(request))
    form.fields["note"].label = "How was the condition met?"
    later = Hearing.objects.filter(case=case).exclude(pk=condition.hearing_id).select_related("meeting")
    if request.method == "POST" and form.is_valid():
        at = later.filter(pk=request.POST.get("hearing") or 0).first()
        if call_service(
            form, lambda: condition_meet(condition=condition, actor=user, note=form.cleaned_data["note"], hearing=at)
        ):
            messages.success(request, "Condition marked as met.")
            return redirect(case)
    return render(
        request, "ethics/condition_met.html", {"form": form, "condition": condition, "case": case, "later": later}
    )


@require_GET
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "governance/history.html", {"record": case, "entries": history_entries(case)})


@require_GET
def advice_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's advice on one case, as a letter to those it advises: the option and its meaning,
    the conditions, the questions to address and the recommendations."""
    user: User = request.user  # type: ignore[assignment]
    hearing = get_object_or_404(
        Hearing.objects.exclude(option="").select_related(
            "meeting__chair", "meeting__committee__organisation", "terms"
        ),
        pk=pk,
    )
    case = get_case_for_user(user, hearing.case_id)
    context = {
        "case": case,
        "hearing": hearing,
        "meeting": hearing.meeting,
        "option": hearing.advice_option,
        "conditions": hearing.conditions.all(),
        "to_address": lines(hearing.questions_to_address),
        "recommendations": lines(hearing.recommendations),
        "positive": lines(hearing.positive_comments),
    }
    pdf = render_pdf("ethics/advice_letter_pdf.html", context, request=request)
    return pdf_response(pdf, f"advice-{case.reference}-{hearing.meeting.date:%Y-%m-%d}.pdf")
