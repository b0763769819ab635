"""Demo data for retention: West Midlands Police's schedules for each kind of record (access requests 6
years after closure, ethics papers 7 years, dataset archives 12 months as in the seed DPIA), a hold on
the RASSO project, the tombstones of a sweep already run, and records due so that a dry run (and the
"due" page) shows something.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.utils import timezone

from governance.dates import add_months
from governance.models import Dataset, Organisation, Project, User
from isa.models import AccessGrant, AccessRequest
from isa.services.grants import grant_revoke
from isa.services.requests import access_request_create, access_request_decide
from retention.models import DisposalRecord, RetentionSchedule
from retention.services import dataset_set_schedule, hold_place, schedule_create
from retention.sweep import sweep

POLICY = "West Midlands Police review, retention and disposal policy"
SCHEDULES: list[dict[str, Any]] = [
    {"record_type": "isa.accessrequest", "name": "Access requests: 6 years after closure", "period_value": 6,
     "period_unit": "years", "trigger": "closed", "action": "delete",
     "authority": f"{POLICY}; NPCC national retention schedule (administrative records)",
     "rationale": "Kept long enough to answer a complaint or claim about a sharing decision."},
    {"record_type": "isa.accessgrant", "name": "Access grants: 6 years after they end", "period_value": 6,
     "period_unit": "years", "trigger": "closed", "action": "delete", "authority": POLICY},
    {"record_type": "isa.agreement", "name": "Sharing agreements: 6 years after they end", "period_value": 6,
     "period_unit": "years", "trigger": "closed", "action": "delete", "authority": POLICY},
    {"record_type": "isa.agreementattachment", "name": "Signed agreements: 6 years after the agreement ends",
     "period_value": 6, "period_unit": "years", "trigger": "closed", "action": "delete", "authority": POLICY},
    {"record_type": "dpia.screening", "name": "DPIA screenings: 6 years after the outcome, reviewed first",
     "period_value": 6, "period_unit": "years", "trigger": "closed", "action": "delete", "review_first": True,
     "notice_days": 30, "authority": POLICY,
     "rationale": "A screening may still support processing that continues; its owner confirms first."},
    {"record_type": "dpia.assessment", "name": "DPIA assessments: 6 years after sign-off", "period_value": 6,
     "period_unit": "years", "trigger": "closed", "action": "review", "authority": POLICY},
    {"record_type": "ethics.casepaper", "name": "Ethics papers: 7 years", "period_value": 7, "period_unit": "years",
     "trigger": "created", "action": "delete", "authority": "Ethics committee terms of reference; OPCC records policy"},
    {"record_type": "ethics.case", "name": "Ethics cases: summary anonymised 7 years after closure",
     "period_value": 7, "period_unit": "years", "trigger": "closed", "action": "anonymise",
     "anonymise_fields": ["summary"], "authority": "OPCC records policy",
     "rationale": "The committee's advice stays on the published record; the paper's summary does not."},
    {"record_type": "external_dataset", "name": "Dataset archives: 12 months", "period_value": 12,
     "period_unit": "months", "trigger": "closed", "action": "confirm", "notice_days": 14,
     "authority": "NDAS DPIA: archived copies of processed data are deleted after 12 months",
     "rationale": "Once deleted, archived data cannot be retrieved."},
]  # fmt: skip

ASK = {
    "research_questions": "How many residential burglaries were recorded in each ward each month?",
    "policing_benefit": "Neighbourhood inspectors plan patrols from the monthly counts.",
    "safe_project": "Agreed by the Data Analytics Lab's board.",
    "safe_people": "Two vetted analysts in the Lab.",
    "safe_setting": "The force analytics platform.",
    "safe_data": "Ward-level geography only.",
    "safe_outputs": "Counts under 10 suppressed.",
    "fields_needed": "Crime reference, offence type, date and ward.",
    "pseudonymised_sufficient": "yes",
    "pseudonymised_reason": "",
}


def _old_refused_request(analyst: User, iao: User, project: Project, dataset: Dataset, closed: datetime.date,
                         reference: str) -> AccessRequest:  # fmt: skip
    """A request refused long ago, dated as it would have been."""
    today = timezone.localdate()
    request = access_request_create(actor=analyst, project=project, datasets=[dataset], start_date=today,
                                    end_date=today + datetime.timedelta(days=90), **ASK)  # fmt: skip
    access_request_decide(request=request, line=request.lines.get(), actor=iao, role="asset_owner", decision="refuse",
                          conditions="Aggregate figures are published monthly; no extract is needed.")  # fmt: skip
    at = timezone.make_aware(datetime.datetime.combine(closed, datetime.time(11)))
    AccessRequest.objects.filter(pk=request.pk).update(reference=reference, created_at=at, decided_at=at, updated_at=at)
    return request


def load(stdout: TextIO) -> None:
    if RetentionSchedule.objects.exists():
        stdout.write("Retention: already loaded.\n")
        return
    wmp = Organisation.objects.get(short_code="WMP")
    people = {person.username: person for person in User.objects.filter(organisation=wmp)}
    dpo, analyst, iao = people["dpo"], people["analyst"], people["iao"]
    today = timezone.localdate()

    schedules = {terms["record_type"]: schedule_create(actor=dpo, **terms) for terms in SCHEDULES}
    for dataset in Dataset.objects.filter(organisation=wmp, information_asset_owner=iao):
        dataset_set_schedule(dataset=dataset, actor=dpo, schedule=schedules["external_dataset"])

    rasso = Project.objects.get(organisation=wmp, name="RASSO analysis")
    hold_place(
        actor=dpo,
        scope="project",
        project=rasso,
        reason="individual",
        details="A subject access request from a victim covers the RASSO analysis and its papers; nothing of the "
        "project is disposed of until the request is answered and any complaint is closed.",
    )

    # A sweep already run: two requests refused in 2018, past their six years, disposed of.
    burglary = Project.objects.get(organisation=wmp, name="Monthly burglary counts for the policing board")
    crime = Dataset.objects.get(organisation=wmp, name="Crime records")
    for n, closed in enumerate((datetime.date(2018, 3, 14), datetime.date(2018, 9, 5)), start=1):
        _old_refused_request(analyst, iao, burglary, crime, closed, f"WMP-AR-2018-{n:04d}")
    sweep(today=today)

    # Due now, for the next sweep (and a dry run) to show: a request closed six years and a week ago, and
    # an extract whose access ended 13 months ago; and a paper-free request due within the month.
    _old_refused_request(analyst, iao, burglary, crime, add_months(today, -72) - datetime.timedelta(days=7),
                         "WMP-AR-2020-0007")  # fmt: skip
    _old_refused_request(analyst, iao, burglary, crime, add_months(today, -72) + datetime.timedelta(days=12),
                         "WMP-AR-2020-0011")  # fmt: skip
    request = access_request_create(
        actor=analyst, project=burglary, datasets=[crime], start_date=add_months(today, -20),
        end_date=add_months(today, -14), **ASK,
    )  # fmt: skip
    for approver, role in ((iao, "asset_owner"), (dpo, "dpo")):
        line = request.lines.get()
        if line.status == "pending":
            access_request_decide(request=request, line=line, actor=approver, role=role, decision="approve")
    access = request.grants.first()
    if access is not None:
        grant_revoke(access=access, actor=iao, reason="The study finished; the extract was to be archived.")
        ended = timezone.make_aware(datetime.datetime.combine(add_months(today, -13), datetime.time(9)))
        AccessGrant.objects.filter(pk=access.pk).update(ended_at=ended)
    stdout.write(
        f"Retention: {len(schedules)} schedules, a hold on the RASSO project, "
        f"{DisposalRecord.objects.count()} disposal records from a past sweep.\n"
    )
