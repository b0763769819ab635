"""One world of real records, made through the services by the existing test helpers, for the permission
matrix and the form properties to request every URL against.

Every record belongs to the personas' organisation (West Midlands Police) and involves no one from the
other organisation (Humberside), so the outsiders must get 404 on each of them. Where a record has
parties (agreements), the second party is a third organisation, not the outsiders'.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import UserSession
from api.models import ApiToken
from api.tokens import token_create
from audit.models import AuditPack
from audit.services import pack_request
from breaches.models import Breach, ContainmentAction
from breaches.services import action_add
from dpia.models import Assessment, PriorConsultation, RemedialAction, Risk, Screening
from dpia.services.assessments import consultation_save, risk_save
from dpia.services.screenings import ActionSpec, screening_decide
from ethics.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseAction,
    CasePaper,
    Committee,
    CommitteeMember,
    Condition,
    Hearing,
    Meeting,
)
from ethics.services import ActionLine, attendance_add, committee_create, member_add
from governance.actors import system_actor
from governance.models import Dataset, Organisation, Project
from isa.models import AccessGrant, AccessRequest, Agreement, AgreementAttachment, AgreementDataset, AgreementParty
from isa.services.agreements import (
    PartySpec,
    agreement_create,
    agreement_send_for_signature,
    attachment_add,
    dataset_cover,
)
from retention.models import DisposalConfirmation, DisposalRecord, LegalHold, RetentionReview, RetentionSchedule
from retention.services import hold_place, review_start
from tests.breaches.conftest import reported
from tests.conftest import Personas, make_personas
from tests.dpia.conftest import low_risk_answers, start, submitted
from tests.ethics.conftest import decide, held, submit
from tests.factories import DatasetFactory, OrganisationFactory
from tests.isa.conftest import ask, granted, in_force, settled_project, signatory_of, terms
from tests.retention.conftest import PDF, paper, paper_schedule

A_YEAR_AGO = datetime.timedelta(days=365)


@dataclass
class World:
    personas: Personas
    partner: Organisation  # a third organisation, party to the agreements (not the outsiders')
    # Register
    project: Project  # led by the analyst, its screening settled (outcome A)
    dataset: Dataset  # owned by the asset owner (iao)
    # DPIA
    draft: Screening  # the analyst's, complete but not yet submitted
    waiting: Screening  # the analyst's, submitted to the DPO
    conditional: Screening  # outcome B, with a remedial action owned by the analyst
    remedial_action: RemedialAction
    assessment: Assessment  # outcome C's stage-2 assessment, in progress
    risk: Risk
    consultation: PriorConsultation
    # Sharing agreements and access
    agreement: Agreement  # drafted by the DPO, still a draft; the partner its recipient
    party: AgreementParty  # the partner's party to the draft
    cover: AgreementDataset
    attachment: AgreementAttachment
    to_sign: Agreement  # sent for signature; the signatory persona signs for West Midlands
    own_party: AgreementParty
    agreement_in_force: Agreement
    access_request: AccessRequest  # the analyst's, awaiting decisions
    line: Any  # its one requested dataset
    grant: AccessGrant  # the analyst's, approved by the asset owner and the DPO
    # Ethics
    committee: Committee  # run by the secretary; the member persona serves on it
    membership: CommitteeMember
    case: Case  # the analyst's (another of theirs waits for a meeting)
    meeting: Meeting  # held a week ago, with the case heard
    hearing: Hearing  # decided C, with an action and a condition
    agenda_item: AgendaItem
    attendance: Attendance
    case_paper: CasePaper
    case_action: CaseAction
    condition: Condition
    # Retention
    schedule: RetentionSchedule
    hold: LegalHold
    review: RetentionReview  # owned by the analyst (the access request's requester)
    confirmation: DisposalConfirmation  # owned by the asset owner
    disposal: DisposalRecord
    # Breaches, audit, API
    breach: Breach  # reported by the analyst
    containment_action: ContainmentAction
    pack: AuditPack  # asked for by the SIRO
    token: ApiToken  # the analyst's
    other_session: UserSession  # the analyst signed in on another computer


def build_world() -> World:
    people = make_personas()
    home = people.organisation
    partner = OrganisationFactory(name="Birmingham City Council", short_code="BCC")
    today = timezone.localdate()

    dataset = DatasetFactory(information_asset_owner=people.iao, name="Crime records")
    project = settled_project(people.analyst, people.dpo)

    draft = start(people.analyst, **low_risk_answers())  # complete, so its check page offers to submit it
    waiting = submitted(people.analyst)
    conditional = submitted(people.analyst)
    conditional = screening_decide(
        screening=conditional, actor=people.dpo, outcome="B", reasons="Conditions.",
        expected_version=conditional.version,
        actions=[ActionSpec("Agree the extract.", people.analyst, today + datetime.timedelta(days=20))],
    )  # fmt: skip
    high = submitted(people.analyst, profiling="yes", profiling_details="Scores offenders.")
    high = screening_decide(
        screening=high, actor=people.dpo, outcome="C", reasons="High risk.", expected_version=high.version
    )
    assessment = high.assessment
    risk = risk_save(
        assessment=assessment, actor=people.analyst, description="Re-identification.", source="Data matching",
        likelihood=3, severity=3,
    )  # fmt: skip
    consultation = consultation_save(assessment=assessment, actor=people.analyst, sent_on=today)

    agreement = agreement_create(
        actor=people.dpo,
        contact_point=people.dpo,
        parties=[
            PartySpec(home, "provider", people.signatory),
            PartySpec(partner, "recipient", signatory_of(partner)),
        ],
        **terms(),
    )
    cover = dataset_cover(agreement=agreement, actor=people.dpo, dataset=dataset, recipient=partner)
    attachment = attachment_add(
        agreement=agreement, actor=people.dpo, upload=SimpleUploadedFile("annex.pdf", PDF, "application/pdf"),
        kind="annex",
    )  # fmt: skip
    to_sign = agreement_create(
        actor=people.dpo,
        contact_point=people.dpo,
        parties=[
            PartySpec(home, "provider", people.signatory),
            PartySpec(partner, "recipient", signatory_of(partner)),
        ],
        **terms(title="Domestic abuse data sharing"),
    )
    dataset_cover(agreement=to_sign, actor=people.dpo, dataset=dataset, recipient=partner)
    to_sign = agreement_send_for_signature(agreement=to_sign, actor=people.dpo, expected_version=to_sign.version)
    agreement_in_force = in_force(people.dpo, home, partner, [dataset], title="Serious violence, year 2")

    grant = granted(people, dataset, project)
    access_request = ask(people.analyst, project, [dataset])

    committee = committee_create(actor=people.secretary, name="Data Ethics Committee", terms_from=today - A_YEAR_AGO)
    membership = member_add(
        committee=committee, actor=people.secretary, name="", role="independent", starts_on=today - A_YEAR_AGO,
        person=people.member,
    )  # fmt: skip
    case = submit(committee, people.analyst, project=project)
    submit(committee, people.analyst, reference="DAL_2019_0002_next_paper")  # waiting for a meeting's agenda
    meeting, (hearing,) = held(committee, people.secretary, [case])
    attendance = attendance_add(meeting=meeting, actor=people.secretary, kind="present", member=membership)
    hearing = decide(hearing, people.secretary, "C", actions=[ActionLine(None, "Report back.", "the Lab", None)])
    case_paper = paper(case, today, people.analyst)

    schedule = paper_schedule(people.dpo)
    hold = hold_place(actor=people.dpo, scope="project", reason="litigation", details="Claim 2026/44", project=project)
    review = review_start(actor=people.dpo, schedule=schedule, record_id=case_paper.pk, due_on=today)
    review.owner = people.analyst  # the paper's owner is its case's submitter, the analyst
    review.save(update_fields=["owner"])
    confirmation = DisposalConfirmation.objects.create(
        organisation=home, dataset=dataset, extract_key=f"grant-{grant.pk}", extract_label="Extract for the Lab",
        schedule=schedule, trigger_on=today - A_YEAR_AGO, due_on=today, owner=people.iao,
    )  # fmt: skip
    disposal = DisposalRecord.objects.create(
        organisation=home, record_type="isa.accessrequest", record_id=999, label="Access request WMP-AR-2018-0001",
        schedule=schedule, schedule_summary="Access requests: delete 6 years after closure.", due_on=today,
        method="deleted", authorised_by=system_actor("retention sweep"), authority="Force records policy",
        sha256="a" * 64,
    )  # fmt: skip

    breach = reported(people.analyst, discovered_at=timezone.now() - datetime.timedelta(hours=2))
    containment_action = action_add(breach=breach, actor=people.dpo, description="Recall", owner=people.iao)
    pack = pack_request(actor=people.siro, scope="project", project=project, purpose="ICO inquiry")
    token = token_create(user=people.analyst, name="Laptop", days=30, actor=people.analyst).token
    now = timezone.now()
    other_session = UserSession.objects.create(
        user=people.analyst, session_key="another-computer", started_at=now, last_seen_at=now
    )

    return World(
        personas=people,
        partner=partner,
        project=project,
        dataset=dataset,
        draft=draft,
        waiting=waiting,
        conditional=conditional,
        remedial_action=conditional.remedial_actions.get(),
        assessment=assessment,
        risk=risk,
        consultation=consultation,
        agreement=agreement,
        party=agreement.parties.get(organisation=partner),
        cover=cover,
        attachment=attachment,
        to_sign=to_sign,
        own_party=to_sign.parties.get(organisation=home),
        agreement_in_force=agreement_in_force,
        access_request=access_request,
        line=access_request.lines.get(),
        grant=grant,
        committee=committee,
        membership=membership,
        case=case,
        meeting=meeting,
        hearing=hearing,
        agenda_item=hearing.agenda_item,
        attendance=attendance,
        case_paper=case_paper,
        case_action=case.actions.get(),
        condition=case.conditions.get(),
        schedule=schedule,
        hold=hold,
        review=review,
        confirmation=confirmation,
        disposal=disposal,
        breach=breach,
        containment_action=containment_action,
        pack=pack,
        token=token,
        other_session=other_session,
    )
