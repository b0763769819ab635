"""Demo data for sharing agreements and access: the Humber Information Governance Alliance template,
an active West Midlands Police → Violence Reduction Partnership agreement over two datasets, one
waiting for the partnership's signature, a Humber agreement whose review is due, and approved,
pending and refused access requests with an active grant for ``analyst``."""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from governance.models import Dataset, Forum, Organisation, Project, User
from governance.roles import Role
from isa.models import Agreement, AgreementStatus, AgreementTemplate, LineStatus
from isa.services.agreements import (
    PartySpec,
    agreement_create,
    agreement_send_for_signature,
    agreement_sign,
    agreements_roll_forward,
    dataset_cover,
)
from isa.services.requests import access_request_create, access_request_decide

HUMBER_TEMPLATE: dict[str, Any] = {
    "title": "Humber Information Governance Alliance information sharing agreement",
    "purpose": "To share information between alliance partners to prevent and reduce serious violence across the "
    "Humber, under the Serious Violence Duty, and to evaluate the partnership's interventions.",
    "legal_powers": ["pcsc_2022_s16", "cda_1998_s115"],
    "lawful_basis": "6e",
    "sensitive_conditions": "Article 9(2)(g) substantial public interest with DPA 2018 Schedule 1 paragraph 10 "
    "(preventing or detecting unlawful acts) and paragraph 18 (safeguarding of children and individuals at risk).",
    "criminal_offence_conditions": "DPA 2018 Schedule 1 paragraph 10 (preventing or detecting unlawful acts).",
    "security": "Transfer only by the alliance's secure file transfer; held on accredited systems; access limited "
    "to named analysts who have completed data protection training.",
    "retention_terms": "Each partner keeps shared data no longer than the purpose needs and no longer than 12 months "
    "after the analysis ends, then deletes it securely and confirms deletion to the provider.",
    "breach_procedure": "A partner who suspects a breach tells the providing partner's DPO within 24 hours; the "
    "provider decides whether to report to the ICO within 72 hours of becoming aware.",
    "review_months": 12,
}

WM_TERMS: dict[str, Any] = {
    "purpose": "To give the Violence Reduction Partnership's analysts the police data they need to understand "
    "serious youth violence across the West Midlands and target prevention, under the Serious Violence Duty.",
    "legal_powers": ["pcsc_2022_s16", "cda_1998_s115"],
    "lawful_basis": "part3",
    "sensitive_conditions": "Strictly necessary for a law enforcement purpose; DPA 2018 Schedule 8 paragraph 1 "
    "(statutory purposes) and paragraph 4 (safeguarding of children and individuals at risk).",
    "criminal_offence_conditions": "Processed under Part 3 of the DPA 2018 by the competent authority.",
    "data_items": "Crime reference, offence type and date, ward, age band, sex and self-defined ethnicity of "
    "victims and suspects; custody episode dates and outcomes. No names or addresses.",
    "data_subjects": ["suspects", "victims", "children_vulnerable"],
    "security": "Monthly extract by secure file transfer to the partnership's accredited analysis environment; "
    "named analysts only; no onward sharing.",
    "retention_terms": "Each extract is deleted when the next arrives; derived aggregate tables are kept for 6 years.",
    "breach_procedure": "The partnership tells the force DPO within 24 hours of becoming aware of a breach.",
}


def _extra_person(username: str, first: str, last: str, organisation: Organisation, title: str, role: Role) -> User:
    person, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "organisation": organisation,
            "job_title": title,
            "email": f"{username.replace('.', '-')}@example.org",
            "password": make_password(None),
        },
    )
    if created:
        person.groups.add(Group.objects.get(name=role.value))
    return person


def load(stdout: TextIO) -> None:
    if Agreement.objects.exists():
        stdout.write("Agreements and access: already loaded.\n")
        return
    orgs = {org.short_code: org for org in Organisation.objects.all()}
    people = {person.username: person for person in User.objects.filter(organisation__isnull=False)}
    wmp_datasets = {d.name: d for d in Dataset.objects.filter(organisation=orgs["WMP"])}
    today = timezone.localdate()

    forum = Forum.objects.get(name="Humber Information Governance Alliance")
    template = AgreementTemplate.objects.create(forum=forum, **HUMBER_TEMPLATE)

    # Active: West Midlands Police provides crime and custody data to the VRP.
    dpo, siro, signatory = people["dpo"], people["siro"], people["signatory"]
    active = agreement_create(
        actor=dpo,
        title="West Midlands serious violence data sharing",
        contact_point=dpo,
        start_date=today - datetime.timedelta(days=200),
        review_date=today + datetime.timedelta(days=160),
        end_date=today + datetime.timedelta(days=900),
        parties=[PartySpec(orgs["WMP"], "provider", siro), PartySpec(orgs["WMVRP"], "recipient", signatory)],
        **WM_TERMS,
    )
    for name in ("Crime records", "Custody records"):
        dataset_cover(agreement=active, actor=dpo, dataset=wmp_datasets[name], recipient=orgs["WMVRP"])
    active = agreement_send_for_signature(agreement=active, actor=dpo, expected_version=active.version)
    for party in active.parties.all():
        active = agreement_sign(agreement=active, party=party, actor=party.signatory)  # type: ignore[arg-type]

    # Waiting for the partnership's signature.
    pending = agreement_create(
        actor=dpo,
        title="Stop and search data for the youth violence needs assessment",
        contact_point=dpo,
        start_date=today,
        review_date=today + datetime.timedelta(days=365),
        parties=[PartySpec(orgs["WMP"], "provider", siro), PartySpec(orgs["WMVRP"], "recipient", signatory)],
        **{**WM_TERMS, "data_items": "Stop and search date, ward, power used, outcome, age band and ethnicity."},
    )
    dataset_cover(
        agreement=pending, actor=dpo, dataset=wmp_datasets["Stop and search records"], recipient=orgs["WMVRP"]
    )
    pending = agreement_send_for_signature(agreement=pending, actor=dpo, expected_version=pending.version)
    agreement_sign(agreement=pending, party=pending.parties.get(organisation=orgs["WMP"]), actor=siro)

    # Humber, from the alliance's template, now due for review.
    hp_siro = _extra_person("hp.siro", "Karen", "Lowe", orgs["HP"], "Assistant Chief Constable, SIRO", Role.SIRO)
    hvpp_director = _extra_person("hvpp.director", "Imran", "Ahmed", orgs["HVPP"], "Director", Role.SIGNATORY)
    hp_dpo = people["hp.dpo"]
    terms = {k: v for k, v in HUMBER_TEMPLATE.items() if k not in ("title", "review_months")}
    humber = agreement_create(
        actor=hp_dpo,
        template=template,
        title="Humber serious violence strategic needs assessment",
        contact_point=hp_dpo,
        data_items="Recorded violent crime by ward, month, age band and sex.",
        data_subjects=["victims", "suspects"],
        start_date=today - datetime.timedelta(days=400),
        review_date=today - datetime.timedelta(days=10),
        parties=[PartySpec(orgs["HP"], "provider", hp_siro), PartySpec(orgs["HVPP"], "recipient", hvpp_director)],
        **terms,
    )
    dataset_cover(
        agreement=humber,
        actor=hp_dpo,
        dataset=Dataset.objects.get(organisation=orgs["HP"], name="Humberside crime records"),
        recipient=orgs["HVPP"],
    )
    humber = agreement_send_for_signature(agreement=humber, actor=hp_dpo, expected_version=humber.version)
    for party in humber.parties.all():
        agreement_sign(agreement=humber, party=party, actor=party.signatory)  # type: ignore[arg-type]
    agreements_roll_forward(today=today, actor=hp_dpo)

    # Access requests: approved (with an active grant), waiting on a check, and refused.
    analyst, iao = people["analyst"], people["iao"]
    projects = {p.name: p for p in Project.objects.filter(organisation=orgs["WMP"])}
    five_safes = {
        "safe_project": "Agreed by the Data Analytics Lab's board; the DPIA screening is settled.",
        "safe_people": "Two vetted analysts in the Lab who have completed data protection training.",
        "safe_setting": "The force analytics platform; no local copies.",
        "safe_data": "Names and addresses removed before analysis; ward-level geography only.",
        "safe_outputs": "Counts under 10 suppressed; outputs checked by a second analyst.",
        "pseudonymised_sufficient": "yes",
        "pseudonymised_reason": "",
        "start_date": today,
        "end_date": today + datetime.timedelta(days=180),
    }
    approved = access_request_create(
        actor=analyst,
        project=projects["Monthly burglary counts for the policing board"],
        datasets=[wmp_datasets["Crime records"]],
        research_questions="How many residential burglaries were recorded in each ward each month, and how has "
        "that changed?",
        policing_benefit="Neighbourhood inspectors use the monthly counts to plan patrols; the policing board "
        "tracks them.",
        fields_needed="Crime reference, offence type, date and ward.",
        **five_safes,
    )
    line = approved.lines.get()
    access_request_decide(
        request=approved,
        line=line,
        actor=iao,
        role="asset_owner",
        decision="approve",
        conditions="Aggregate outputs only.",
    )
    line.refresh_from_db()
    if line.status == LineStatus.PENDING:
        access_request_decide(request=approved, line=line, actor=dpo, role="dpo", decision="approve")

    access_request_create(
        actor=analyst,
        project=projects["Disproportionality"],
        datasets=[wmp_datasets["Stop and search records"], wmp_datasets["Use of force records"]],
        research_questions="Are stop and search and use of force used disproportionately by ethnicity and age?",
        policing_benefit="Informs the force's fairness policy and the Chief Constable's response to the Lammy review.",
        fields_needed="Date, ward, power used, outcome, age band and self-defined ethnicity.",
        **five_safes,
    )
    refused = access_request_create(
        actor=analyst,
        project=projects["Priorities"],
        datasets=[wmp_datasets["HR and occupational health records"]],
        research_questions="Does single crewing raise the rate of injury to officers attending emergency calls?",
        policing_benefit="Informs the deployment policy for emergency response.",
        fields_needed="Injury on duty records, role and shift pattern.",
        **{
            **five_safes,
            "pseudonymised_sufficient": "no",
            "pseudonymised_reason": "Records must be linked to call logs.",
        },
    )
    access_request_decide(
        request=refused,
        line=refused.lines.get(),
        actor=people["wm.hr-iao"],
        role="asset_owner",
        decision="refuse",
        conditions="Occupational health records are not released for research until staff associations are consulted.",
    )
    stdout.write(
        f"Agreements and access: {Agreement.objects.count()} agreements "
        f"({Agreement.objects.filter(status=AgreementStatus.ACTIVE).count()} active), 3 access requests.\n"
    )
