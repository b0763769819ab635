"""The stage-2 assessment pages: the seven steps, risks on the 3×3 matrix, measures, the ICO
consultation, the DPO's advice and the sign-off."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dpia.access import can_advise, can_edit_assessment, get_assessment_for_user
from dpia.forms import ConsultationForm, DpoAdviceForm, MeasureForm, RiskForm, SignOffForm, StepForm
from dpia.models import Assessment, Likelihood, Measure, PriorConsultation, Risk, Severity, risk_level
from dpia.services.assessments import (
    STEP_FIELDS,
    assessment_record_dpo_advice,
    assessment_sign_off,
    assessment_update_step,
    consultation_save,
    measure_save,
    residual_high_risks,
    residual_level,
    risk_save,
)
from governance.history import history_entries
from governance.models import User
from governance.permissions import holds_object_permission
from governance.views.common import call_service, posted

STEP_TITLES = {
    "need": "Step 1: Identify the need for a DPIA",
    "description": "Step 2: Describe the processing",
    "consultation": "Step 3: Consultation process",
    "necessity": "Step 4: Assess necessity and proportionality",
}


def _matrix(risks: list[Risk]) -> list[dict[str, Any]]:
    """Rows of the 3×3 matrix, most likely first, each cell with its level and the risks in it."""
    rows = []
    for likelihood in reversed(Likelihood):
        cells = []
        for severity in Severity:
            in_cell = [r for r in risks if r.likelihood == likelihood and r.severity == severity]
            cells.append({"severity": severity, "level": risk_level(likelihood, severity), "risks": in_cell})
        rows.append({"likelihood": likelihood, "cells": cells})
    return rows


@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    assessment = get_assessment_for_user(user, pk)
    risks = list(assessment.risks.prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("pk"))))
    for number, risk in enumerate(risks, start=1):
        risk.number = number  # type: ignore[attr-defined]
        risk.residual = residual_level(risk)  # type: ignore[attr-defined]
    high = [risk for risk in risks if risk.residual == "high"]  # type: ignore[attr-defined]
    consultations = list(assessment.consultations.all())
    return render(
        request,
        "dpia/assessment_detail.html",
        {
            "assessment": assessment,
            "steps": [
                (
                    slug,
                    STEP_TITLES[slug],
                    [(assessment._meta.get_field(f), getattr(assessment, f)) for f in fields],
                )
                for slug, fields in STEP_FIELDS.items()
            ],
            "risks": risks,
            "matrix": _matrix(risks),
            "residual_high": high,
            "consultations": consultations,
            "needs_consultation": bool(high) and not consultations,
            "can_edit": can_edit_assessment(user, assessment),
            "can_consult": holds_object_permission(user, assessment, "change"),
            "can_advise": can_advise(user, assessment),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if step not in STEP_FIELDS:
        raise Http404("No such step.")
    assessment = get_assessment_for_user(user, pk, "edit")
    fields = STEP_FIELDS[step]
    initial = {name: getattr(assessment, name) for name in fields} | {"version": assessment.version}
    form = StepForm(posted(request), fields=fields, assessment_model=Assessment, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: assessment_update_step(
                assessment=assessment,
                actor=user,
                step=step,
                values={name: form.cleaned_data[name] for name in fields},
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, f"{STEP_TITLES[step]} saved.")
            return redirect(saved)
    return render(
        request,
        "dpia/assessment_form.html",
        {"assessment": assessment, "form": form, "title": STEP_TITLES[step]},
    )


@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, pk: int, risk_pk: int | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    assessment = get_assessment_for_user(user, pk, "edit")
    risk = get_object_or_404(Risk, pk=risk_pk, assessment=assessment) if risk_pk else None
    initial = (
        {
            "description": risk.description,
            "source": risk.source,
            "likelihood": risk.likelihood,
            "severity": risk.severity,
        }
        if risk
        else None
    )
    form = RiskForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: risk_save(assessment=assessment, actor=user, risk=risk, **form.cleaned_data))
        if saved is not None:
            messages.success(request, f"Risk saved: {saved.level.label.lower()} risk.")
            return redirect(assessment)
    title = "Change the risk" if risk else "Add a risk (step 5)"
    return render(request, "dpia/assessment_form.html", {"assessment": assessment, "form": form, "title": title})


@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, pk: int, risk_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    assessment = get_assessment_for_user(user, pk, "edit")
    risk = get_object_or_404(Risk, pk=risk_pk, assessment=assessment)
    form = MeasureForm(posted(request))
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: measure_save(risk=risk, actor=user, **form.cleaned_data))
        if saved is not None:
            messages.success(request, "Measure added.")
            return redirect(assessment)
    return render(
        request,
        "dpia/assessment_form.html",
        {"assessment": assessment, "form": form, "title": "Add a measure (step 6)", "risk": risk},
    )


@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int, consultation_pk: int | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    assessment = get_assessment_for_user(user, pk, "consult")
    consultation = (
        get_object_or_404(PriorConsultation, pk=consultation_pk, assessment=assessment) if consultation_pk else None
    )
    fields = ("sent_on", "extended", "ico_reference", "replied_on", "outcome")
    initial = {name: getattr(consultation, name) for name in fields} if consultation else None
    form = ConsultationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: consultation_save(
                assessment=assessment, actor=user, consultation=consultation, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(
                request, f"Prior consultation saved. The ICO's reply is due by {saved.reply_due_on:%d %B %Y}."
            )
            return redirect(assessment)
    return render(
        request,
        "dpia/assessment_form.html",
        {"assessment": assessment, "form": form, "title": "Prior consultation with the ICO"},
    )


@require_http_methods(["GET", "POST"])
def assessment_advice(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    assessment = get_assessment_for_user(user, pk, "advise")
    form = DpoAdviceForm(posted(request), initial={"advice": assessment.dpo_advice, "version": assessment.version})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: assessment_record_dpo_advice(
                assessment=assessment,
                actor=user,
                advice=form.cleaned_data["advice"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, "Your advice is recorded.")
            return redirect(saved)
    return render(request, "dpia/assessment_form.html", {"assessment": assessment, "form": form, "title": "DPO advice"})


@require_http_methods(["GET", "POST"])
def assessment_sign_off_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    assessment = get_assessment_for_user(user, pk, "edit")
    form = SignOffForm(
        posted(request),
        organisation_id=assessment.organisation_id,
        initial={"version": assessment.version},
    )
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        saved = call_service(
            form,
            lambda: assessment_sign_off(
                assessment=assessment, actor=user, expected_version=form.cleaned_data["version"], **data
            ),
        )
        if saved is not None:
            messages.success(request, "The assessment is signed off.")
            return redirect(saved)
    return render(
        request,
        "dpia/assessment_sign_off.html",
        {"assessment": assessment, "form": form, "residual_high": residual_high_risks(assessment)},
    )


@require_GET
def assessment_history(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "governance/history.html", {"record": assessment, "entries": history_entries(assessment)})
