"""The secretary's pages: committees and their terms of reference, meetings, attendance, the agenda,
the minutes of each hearing, and the minutes as PDF (in full, or the public version)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ethics.access import get_committee_for_user, get_hearing_for_user, get_meeting_for_user, runs, submittable_projects
from ethics.forms import (
    ActionFormSet,
    AgendaCaseForm,
    AgendaItemForm,
    AttendanceForm,
    CommitteeForm,
    ConditionFormSet,
    EndTenureForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    QuestionFormSet,
    TermsForm,
)
from ethics.minutes import minutes_context
from ethics.models import (
    LETTERS,
    MEETING_WORKFLOW,
    TO_BE_HEARD,
    AgendaItem,
    Attendance,
    Case,
    CaseAction,
    CaseStatus,
    Committee,
    CommitteeMember,
    Condition,
    Meeting,
    MeetingStatus,
)
from ethics.services import (
    ActionLine,
    ConditionLine,
    agenda_add_case,
    agenda_add_item,
    agenda_move,
    agenda_remove,
    attendance_add,
    attendance_remove,
    committee_create,
    hearing_save_minutes,
    meeting_change_status,
    meeting_create,
    meeting_update,
    member_add,
    member_end_tenure,
    terms_revise,
)
from ethics.views.common import form_page
from governance.caching import cached_page
from governance.history import history_entries
from governance.models import Project, User
from governance.pdf import pdf_response, render_pdf
from governance.roles import Role
from governance.views.common import act, call_service, posted


@require_GET
@cached_page("ethics.index")
def index(request: HttpRequest) -> HttpResponse:
    """Meetings, the published minutes, the user's own papers, and for a secretary the overview of what
    is waiting: papers not yet scheduled, cases awaiting information, conditions and actions open."""
    user: User = request.user  # type: ignore[assignment]
    meetings = Meeting.objects.visible_to(user).select_related("committee").order_by("-date")
    today = timezone.localdate()
    committees = list(Committee.objects.select_related("organisation").order_by("name"))
    run = [c for c in committees if runs(user, c)]
    context: dict[str, Any] = {
        "upcoming": meetings.filter(date__gte=today).order_by("date")[:10],
        "past": meetings.filter(date__lt=today)[:10],
        "published": Meeting.objects.filter(status=MeetingStatus.PUBLISHED).select_related("committee")[:10],
        "committees": committees,
        "runs": run,
        # The person's own papers: "project led by them" as ids, so that the cases are not joined to every
        # project to test the lead (a scan of the project register).
        "my_cases": Case.objects.filter(
            Q(submitted_by=user) | Q(project_id__in=Project.objects.filter(lead=user).values("pk"))
        ).select_related("committee")[:20],
        "today": today,
        "can_submit": submittable_projects(user).exists(),
        "can_set_up": user.has_role(Role.ETHICS_SECRETARY),
    }
    if run:
        # Both lists of waiting cases, the longest waiting of each and how many there are, in one query.
        waiting = list(
            Case.objects.filter(committee__in=run, status__in=[CaseStatus.SUBMITTED, CaseStatus.MORE_INFORMATION])
            .only("reference", "title", "status", "created_at", "screening_id")
            .annotate(
                place=Window(RowNumber(), partition_by=F("status"), order_by=[F("created_at").asc(), F("pk").asc()]),
                of=Window(Count("pk"), partition_by=F("status")),
            )
            .filter(place__lte=OVERVIEW_LIMIT)
            .order_by("created_at", "pk")
        )
        unscheduled = [case for case in waiting if case.status == CaseStatus.SUBMITTED]
        awaiting = [case for case in waiting if case.status == CaseStatus.MORE_INFORMATION]
        open_conditions, more_conditions = _first(
            Condition.objects.filter(case__committee__in=run, met_at__isnull=True)
            .select_related("case", "hearing__meeting")
            .order_by("hearing__meeting__date", "pk")
        )
        open_actions, more_actions = _first(
            CaseAction.objects.filter(case__committee__in=run, done_at__isnull=True)
            .select_related("case")
            .order_by(F("due_on").asc(nulls_last=True), "pk")
        )
        context |= {
            "unscheduled": unscheduled,
            "unscheduled_total": unscheduled[0].of if unscheduled else 0,  # type: ignore[attr-defined]
            "awaiting_information": awaiting,
            "awaiting_information_total": awaiting[0].of if awaiting else 0,  # type: ignore[attr-defined]
            "open_conditions": open_conditions,
            "more_conditions": more_conditions,
            "open_actions": open_actions,
            "more_actions": more_actions,
        }
    return render(request, "ethics/index.html", context)


# The secretary's overview lists this many of each kind, the longest waiting first; the agenda's "add a case"
# page lists every case still to be heard.
OVERVIEW_LIMIT = 25


def _first(queryset: QuerySet[Any], limit: int = OVERVIEW_LIMIT) -> tuple[list[Any], bool]:
    """The first ``limit`` rows, and whether there are more (one query, no count)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    committee = get_committee_for_user(user, pk)
    return render(
        request,
        "ethics/committee_detail.html",
        {
            "committee": committee,
            "members": committee.members.select_related("person"),
            "terms": committee.terms.prefetch_related("options").select_related("created_by"),
            "runs": runs(user, committee),
        },
    )


@require_http_methods(["GET", "POST"])
def committee_create_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.has_role(Role.ETHICS_SECRETARY):
        raise PermissionDenied("Only an ethics committee secretary can set up a committee.")
    form = CommitteeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        committee = call_service(form, lambda: committee_create(actor=user, **form.cleaned_data))
        if committee is not None:
            messages.success(request, f"{committee} set up with the default advice options. Add its members next.")
            return redirect(committee)
    return form_page(request, form, "Set up an ethics committee", reverse("ethics:index"), "Set up the committee")


@require_http_methods(["GET", "POST"])
def member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    committee = get_committee_for_user(user, pk, "manage")
    form = MemberForm(posted(request))
    if request.method == "POST" and form.is_valid():
        member = call_service(form, lambda: member_add(committee=committee, actor=user, **form.cleaned_data))
        if member is not None:
            messages.success(request, f"{member.name} added to {committee}.")
            return redirect(committee)
    return form_page(request, form, f"Add a member to {committee}", committee.get_absolute_url(), "Add the member")


@require_http_methods(["GET", "POST"])
def member_end_view(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    committee = get_committee_for_user(user, pk, "manage")
    member = get_object_or_404(CommitteeMember, pk=member_pk, committee=committee)
    form = EndTenureForm(posted(request), initial={"ends_on": member.ends_on or timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form, lambda: member_end_tenure(member=member, actor=user, ends_on=form.cleaned_data["ends_on"])
        )
        is not None
    ):
        messages.success(request, f"{member.name}'s tenure ends on {form.cleaned_data['ends_on']:%d %B %Y}.")
        return redirect(committee)
    return form_page(request, form, f"End {member.name}'s tenure", committee.get_absolute_url(), "Save")


@require_http_methods(["GET", "POST"])
def terms_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    committee = get_committee_for_user(user, pk, "manage")
    current = committee.terms.prefetch_related("options").first()
    initial: dict[str, Any] = {"effective_from": timezone.localdate()}
    if current is not None:
        for option in current.options.all():
            initial[f"label_{option.letter}"] = option.label
            initial[f"text_{option.letter}"] = option.text
    form = TermsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        terms = call_service(
            form,
            lambda: terms_revise(
                committee=committee,
                actor=user,
                effective_from=form.cleaned_data["effective_from"],
                options=form.options(),
                note=form.cleaned_data["note"],
            ),
        )
        if terms is not None:
            messages.success(
                request, f"Terms of reference version {terms.version} recorded. Past decisions keep their words."
            )
            return redirect(committee)
    return form_page(request, form, "Revise the advice options", committee.get_absolute_url(), "Save a new version")


@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest, committee_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    committee = get_committee_for_user(user, committee_pk, "manage")
    form = MeetingForm(posted(request), members=committee.members.all())
    if request.method == "POST" and form.is_valid():
        data = form.details()
        meeting = call_service(
            form,
            lambda: meeting_create(
                actor=user,
                committee=committee,
                date=data["date"],
                start_time=data["start_time"],
                place=data["place"],
                chair=data["chair"],
                title=data["title"],
            ),
        )
        if meeting is not None:
            messages.success(request, f"{meeting.name} planned for {meeting.date:%d %B %Y}.")
            return redirect(meeting)
    return form_page(request, form, f"Plan a meeting of {committee}", committee.get_absolute_url(), "Plan the meeting")


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, pk)
    agenda = meeting.agenda.select_related("hearing__case__screening", "hearing__terms").order_by("order", "pk")
    manage = runs(user, meeting.committee)
    return render(
        request,
        "ethics/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "attendance": meeting.attendance.in_minutes_order(),
            "manage": manage,
            "next_statuses": [MeetingStatus(s) for s in MEETING_WORKFLOW.allowed_from(meeting.status)]
            if manage
            else [],
            "amendments": meeting.amendments.select_related("made_by", "hearing__case"),
            "can_add_cases": manage and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, pk, "manage")
    fields = ("date", "start_time", "place", "title", "welcome", "general_comments", "closed_at")
    initial = {name: getattr(meeting, name) for name in fields} | {
        "chair": meeting.chair_id,
        "version": meeting.version,
    }
    form = MeetingForm(
        posted(request), members=meeting.committee.members.all(), locked=meeting.minutes_locked, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: meeting_update(
                meeting=meeting,
                actor=user,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.cleaned_data.get("reason", ""),
                **form.details(),
            ),
        )
        if saved is not None:
            messages.success(request, "Meeting saved.")
            return redirect(meeting)
    return form_page(request, form, f"Change {meeting.name}", meeting.get_absolute_url(), "Save")


@require_http_methods(["GET", "POST"])
def attendance_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, pk, "manage")
    form = AttendanceForm(posted(request), members=meeting.committee.members.all())
    if request.method == "POST" and form.is_valid():
        entry = call_service(form, lambda: attendance_add(meeting=meeting, actor=user, **form.cleaned_data))
        if entry is not None:
            messages.success(request, f"{entry.name} recorded: {entry.get_kind_display().lower()}.")
            return redirect(meeting)
    return form_page(request, form, "Who attended", meeting.get_absolute_url(), "Add")


@require_POST
def attendance_remove_view(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, pk, "manage")
    entry = get_object_or_404(Attendance, pk=attendance_pk, meeting=meeting)
    act(request, lambda: attendance_remove(entry=entry, actor=user), f"{entry.name} removed.")
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def agenda_add_case_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, pk, "manage")
    cases = (
        Case.objects.filter(committee=meeting.committee, status__in=TO_BE_HEARD)
        .exclude(hearings__meeting=meeting)
        .select_related("project", "screening")
        .order_by("created_at")
    )
    form = AgendaCaseForm(posted(request), cases=cases)
    if request.method == "POST" and form.is_valid():
        case = form.cleaned_data["case"]
        hearing = call_service(form, lambda: agenda_add_case(meeting=meeting, case=case, actor=user))
        if hearing is not None:
            messages.success(request, f"{case.reference} added to the agenda.")
            if case.screening_id is None:
                messages.warning(
                    request, f"{case.reference} has no DPIA: the committee asks to see one with every proposal."
                )
            return redirect(meeting)
    return render(request, "ethics/agenda_case.html", {"form": form, "meeting": meeting, "cases": cases})


@require_http_methods(["GET", "POST"])
def agenda_add_item_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, pk, "manage")
    form = AgendaItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        item = call_service(form, lambda: agenda_add_item(meeting=meeting, actor=user, **form.cleaned_data))
        if item is not None:
            messages.success(request, f"{item} added to the agenda.")
            return redirect(meeting)
    return form_page(request, form, "Add to the agenda", meeting.get_absolute_url(), "Add")


@require_POST
def agenda_item_action(request: HttpRequest, pk: int, item_pk: int, action: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, pk, "manage")
    item = get_object_or_404(AgendaItem.objects.select_related("hearing"), pk=item_pk, meeting=meeting)
    if action == "remove":
        act(request, lambda: agenda_remove(item=item, actor=user), f"{item} taken off the agenda.")
    elif action in ("up", "down"):
        act(request, lambda: agenda_move(item=item, actor=user, up=action == "up"), f"{item} moved {action}.")
    else:
        raise Http404
    return redirect(meeting)


@require_POST
def meeting_status(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, pk, "manage")
    target, version = request.POST.get("status", ""), request.POST.get("version", "")
    if target not in MeetingStatus.values or not version.isdigit():
        messages.error(request, "Choose a status the meeting can move to.")
        return redirect(meeting)
    act(
        request,
        lambda: meeting_change_status(meeting=meeting, actor=user, status=target, expected_version=int(version)),
        f"{meeting.name}: {MeetingStatus(target).label.lower()}.",
    )
    return redirect(meeting)


AUTOSAVE_HEADER = "X-Autosave"


@require_http_methods(["GET", "POST"])
def hearing_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's minutes of one paper: overview, questions and answers, actions, comments,
    recommendations, the option and vote, conditions, and the advice.

    Draft minutes save as they are written: the page posts itself in the background (with the
    ``X-Autosave`` header) and gets JSON back. Approved minutes are corrected by amendment, with a reason,
    through the button only; their actions and conditions are then followed on the case page."""
    user: User = request.user  # type: ignore[assignment]
    hearing = get_hearing_for_user(user, pk)
    meeting = hearing.meeting
    terms = hearing.terms or meeting.committee.terms_on(meeting.date)
    locked = meeting.minutes_locked
    autosave = request.method == "POST" and request.headers.get(AUTOSAVE_HEADER) == "1"
    if autosave and locked:
        return JsonResponse({"message": "The minutes are approved: record a correction with the button."}, status=409)
    data = posted(request)
    initial = {name: getattr(hearing, name) for name in MinutesForm.base_fields if hasattr(hearing, name)}
    form = MinutesForm(data, terms=terms, locked=locked, initial=initial | {"version": hearing.version})
    # A posted formset is read on its own: compared with the saved lines, an unchanged row would count as
    # left empty (and be dropped).
    questions = QuestionFormSet(data, prefix="q", initial=None if data else [
        {"question": q.question, "answer": q.answer} for q in hearing.questions.all()
    ])  # fmt: skip
    # Once approved, actions and conditions are followed to done and met on the case page, not rewritten.
    actions = None if locked else ActionFormSet(data, prefix="a", initial=None if data else [
        {"id": a.pk, "text": a.text, "owner": a.owner, "due_on": a.due_on} for a in hearing.actions.all()
    ])  # fmt: skip
    conditions = None if locked else ConditionFormSet(data, prefix="c", initial=None if data else [
        {"id": c.pk, "text": c.text} for c in hearing.conditions.all()
    ])  # fmt: skip
    formsets = [f for f in (questions, actions, conditions) if f is not None]
    writable = meeting.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED) or locked
    saved = None
    if request.method == "POST" and not all([form.is_valid(), *[f.is_valid() for f in formsets]]):
        # The page shows the form's errors and each row's; a formset's own (its management data) go on the form.
        for formset in formsets:
            for error in formset.non_form_errors():
                form.add_error(None, error)
    elif request.method == "POST":
        saved = call_service(
            form,
            lambda: hearing_save_minutes(
                hearing=hearing,
                actor=user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data.get("reason", "") or "",
                questions=[(f.cleaned_data.get("question", ""), f.cleaned_data.get("answer", "")) for f in questions],
                actions=[
                    ActionLine(f.cleaned_data.get("id"), f.cleaned_data.get("text", ""),
                               f.cleaned_data.get("owner", ""), f.cleaned_data.get("due_on"))
                    for f in actions or []
                ],
                conditions=[
                    ConditionLine(f.cleaned_data.get("id"), f.cleaned_data.get("text", "")) for f in conditions or []
                ],
                **form.minutes(),
            ),
        )  # fmt: skip
    if autosave:
        return _autosave_answer(saved, form, formsets, conflict=form.data.get("version") != request.POST.get("version"))
    if saved is not None:
        messages.success(request, "Amendment recorded." if locked else "Minutes saved.")
        if request.POST.get("next") == "meeting":
            return redirect(meeting)
        return redirect("ethics:hearing_minutes", pk=hearing.pk)
    return render(
        request,
        "ethics/hearing_minutes.html",
        {
            "hearing": hearing,
            "meeting": meeting,
            "form": form,
            "questions": questions,
            "actions": actions,
            "conditions": conditions,
            "saved_actions": hearing.actions.all() if locked else [],
            "saved_conditions": hearing.conditions.all() if locked else [],
            "terms": terms,
            "locked": locked,
            "writable": writable,
            "letters": LETTERS,
        },
    )


def _autosave_answer(saved: Any, form: MinutesForm, formsets: list[Any], *, conflict: bool) -> JsonResponse:
    """What the page saving in the background needs: the new version and the records new lines became;
    or, when the draft cannot be saved yet, what to fix (the button shows it on the page in full)."""
    if saved is not None:
        return JsonResponse(
            {
                "saved_at": timezone.localtime().strftime("%H:%M"),
                "version": saved.version,
                "line_ids": getattr(saved, "line_ids", {}),
            }
        )
    errors = [str(message) for messages_ in form.errors.values() for message in messages_]
    errors += [str(message) for formset in formsets for row in formset.errors for ms in row.values() for message in ms]
    return JsonResponse({"errors": errors[:3]}, status=409 if conflict else 400)


@require_GET
def minutes_pdf(request: HttpRequest, pk: int, version: str) -> HttpResponse:
    """The minutes in full, for those who may see the meeting; the public version also for anyone signed
    in once the minutes are published."""
    user: User = request.user  # type: ignore[assignment]
    if version not in ("full", "public"):
        raise Http404
    public = version == "public"
    published = Meeting.objects.filter(pk=pk, status=MeetingStatus.PUBLISHED).select_related("committee", "chair")
    meeting = published.get() if public and published.exists() else get_meeting_for_user(user, pk)
    pdf = render_pdf("ethics/minutes_pdf.html", minutes_context(meeting, public=public), request=request)
    return pdf_response(pdf, f"minutes-{meeting.committee_id}-{meeting.number}-{version}.pdf")


@require_GET
def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "governance/history.html", {"record": meeting, "entries": history_entries(meeting)})
