"""The DPO's side: review a submitted screening with its computed indicators, comment per question,
return it for more information, decide A, B or C, and escalate a conditional B."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from audit.consultation import consult
from dpia.access import get_screening_for_user
from dpia.answers import answers_of, shown_answers
from dpia.forms import CommentForm, DecisionForm, ReasonForm, RemedialActionFormSet, ReturnForm
from dpia.indicators import indicators, suggestion
from dpia.models import ScreeningStatus
from dpia.questions import SECTIONS, Outcome
from dpia.services.screenings import (
    latest_version,
    screening_comment,
    screening_decide,
    screening_escalate,
    screening_return,
    screening_start_review,
)
from dpia.views.screenings import _comments_by_question, _org
from governance.models import User
from governance.views.common import act, call_service, posted
from governance.workdays import working_days_until


@require_http_methods(["GET"])
def screening_review(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    screening = get_screening_for_user(user, pk, "review")
    if (ask := consult(request, screening)) is not None:
        return ask
    answers = answers_of(screening)
    version = screening.versions.order_by("-number").prefetch_related("comments__author").first()
    today = timezone.localdate()
    return render(
        request,
        "dpia/screening_review.html",
        {
            "screening": screening,
            "version": version,
            "sections": [(section, shown_answers(section, answers, _org(screening))) for section in SECTIONS],
            "comments": _comments_by_question(version),
            "indicators": indicators(answers),
            "suggestion": suggestion(answers),
            "working_days_left": working_days_until(today, screening.due_on) if screening.due_on else None,
            "awaiting": screening.awaiting_dpo,
        },
    )


@require_POST
def screening_begin_review(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    screening = get_screening_for_user(user, pk, "review")
    act(
        request,
        lambda: screening_start_review(screening=screening, actor=user),
        "Review started: the screening shows you as its reviewer.",
    )
    return redirect("dpia:screening_review", pk=screening.pk)


@require_POST
def screening_comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    screening = get_screening_for_user(user, pk, "review")
    form = CommentForm(request.POST)
    anchor = f"#q-{request.POST.get('question', '')}"
    if form.is_valid():
        comment = call_service(
            form,
            lambda: screening_comment(
                screening=screening,
                actor=user,
                question=form.cleaned_data["question"],
                text=form.cleaned_data["text"],
            ),
        )
        if comment is not None:
            messages.success(request, "Comment saved.")
            return redirect(reverse("dpia:screening_review", args=[screening.pk]) + anchor)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors) or "Enter your comment")
    return redirect(reverse("dpia:screening_review", args=[screening.pk]) + anchor)


@require_http_methods(["GET", "POST"])
def screening_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    screening = get_screening_for_user(user, pk, "review")
    form = ReturnForm(posted(request), initial={"version": screening.version})
    if request.method == "POST" and form.is_valid():
        returned = call_service(
            form,
            lambda: screening_return(
                screening=screening,
                actor=user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if returned is not None:
            messages.success(request, "Screening returned to the author. The clock stops until they resubmit.")
            return redirect("dpia:review_queue")
    return render(request, "dpia/screening_return.html", {"screening": screening, "form": form})


@require_http_methods(["GET", "POST"])
def screening_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    screening = get_screening_for_user(user, pk, "review")
    suggested = suggestion(answers_of(screening))
    form = DecisionForm(posted(request), initial={"version": screening.version, "outcome": suggested.outcome})
    actions = RemedialActionFormSet(posted(request), organisation_id=screening.organisation_id, prefix="actions")
    if request.method == "POST":
        form_ok, actions_ok = form.is_valid(), actions.is_valid()
        if form_ok and actions_ok:
            outcome = form.cleaned_data["outcome"]
            decided = call_service(
                form,
                lambda: screening_decide(
                    screening=screening,
                    actor=user,
                    outcome=outcome,
                    reasons=form.cleaned_data["reasons"],
                    expected_version=form.cleaned_data["version"],
                    actions=actions.specs() if outcome == Outcome.B else (),
                ),
            )
            if decided is not None:
                messages.success(request, f"Outcome {decided.outcome} recorded and the author told.")
                if decided.outcome == Outcome.C:
                    return redirect(decided.assessment)
                return redirect(decided)
    return render(
        request,
        "dpia/screening_decide.html",
        {
            "screening": screening,
            "form": form,
            "actions": actions,
            "suggestion": suggested,
            "version": latest_version(screening) if screening.versions.exists() else None,
            "awaiting": screening.awaiting_dpo,
        },
    )


@require_http_methods(["GET", "POST"])
def screening_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    screening = get_screening_for_user(user, pk, "review")
    form = ReasonForm(posted(request), initial={"version": screening.version})
    form.fields["reason"].label = "Why is a full DPIA now required?"
    if request.method == "POST" and form.is_valid():
        escalated = call_service(
            form,
            lambda: screening_escalate(
                screening=screening,
                actor=user,
                reasons=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if escalated is not None:
            messages.success(request, "Outcome changed to C. The full DPIA is open.")
            return redirect(escalated.assessment)
    return render(
        request,
        "dpia/reason_form.html",
        {
            "screening": screening,
            "form": form,
            "title": "Escalate outcome B to C",
            "button": "Escalate to C",
            "allowed": screening.status == ScreeningStatus.CONDITIONAL,
        },
    )
