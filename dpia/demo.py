"""Demo data for DPIAs: the NDAS screening from the seed form (submitted 24/10/2019, processing from
18/11/2019, outcome C with its stage-2 assessment under way), an A, a B with its remedial actions,
one in the DPO's queue and one returned for more information.

Made through the services. The services stamp today's date on a submission, so the seed's dates are
set afterwards on the demo records alone.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.utils import timezone

from dpia.models import Screening, ScreeningVersion
from dpia.services.assessments import assessment_update_step, measure_save, risk_save
from dpia.services.screenings import (
    ActionSpec,
    remedial_action_complete,
    screening_comment,
    screening_decide,
    screening_return,
    screening_save_answers,
    screening_start,
    screening_submit,
)
from governance.models import Project, User
from governance.services.projects import project_create
from governance.workdays import add_working_days

NO_FACTORS = dict.fromkeys(
    (
        "profiling",
        "large_scale_sensitive",
        "public_monitoring",
        "new_technology",
        "denial_of_service",
        "biometric_genetic",
        "data_matching",
        "invisible_processing",
        "tracking",
        "targeting_vulnerable",
        "physical_harm",
        "evaluation_scoring",
        "large_scale",
        "prevents_rights",
    ),
    "no",
)

NDAS_ANSWERS: dict[str, Any] = {
    "information_asset_owner": "Chief Constable",
    "information_custodian": "Superintendent",
    "processing_commences": datetime.date(2019, 11, 18),
    "aim_and_purpose": (
        "The proposal of the National Data Analytics Solution (NDAS) is to develop a data analytics capability "
        "for use by UK law enforcement which will support officer decision-making to reduce crime and create "
        "efficiencies. NDAS collates existing local police force data onto a secure, cloud-based web platform "
        "and derives operational and strategic insight from this data through the application of algorithms "
        "(known as 'use cases').\n\n"
        "NDAS is a national programme funded by the Home Office and implementation is led by West Midlands "
        "Police (WMP). Use cases are developed according to partner force priorities (e.g. modern slavery, "
        "sexual offences) and in collaboration with the Home Office.\n\n"
        "NDAS applies advanced analytics and machine learning techniques to the data to provide insights for "
        "the police force(s) that have provided their data, presented in an online dashboard."
    ),
    "personal_data": (
        "NDAS will be using a broad variety of data from various Police data sets. As such all categories of "
        "personal data will be used in the processing they will include Names, Date of births, Addresses, "
        "Communication data: Telephone numbers, emails, and Criminal records.\n\n"
        "NDAS receives structured and tabular data from key policing systems, such as Crime, Intelligence and "
        "Custody, these may contain some personal data from some of the special categories, where these have "
        "been recorded by that Force when required. NDAS data will not contain data in multi-media format, "
        "such as photos or fingerprint images. No Genetic or Biometric data will be processed."
    ),
    "special_categories": [
        "race",
        "ethnic_origin",
        "political_opinions",
        "sex_life",
        "religion",
        "sexual_orientation",
    ],
    "collection": (
        "NDAS will obtain the data for processing from established data sets already held by Police Forces or "
        "LEA. The data obtained will have been lawfully collected by the originating Police Force or LEA and be "
        "held for a policing purpose. NDAS will not be collecting any new data. The data will be securely "
        "transferred to NDAS by established security accredited methods."
    ),
    "use": (
        "Data will be processed by the application of advanced data analytics across the data sets provided "
        "based on the requirements of the specific use case. Data will be stored on the NDAS platform in a "
        "secure cloud environment, in-line with relevant government grading requirements. The data sets "
        "provided by a Police Force or LEA will be kept segregated and not directly shared with any other "
        "partner force or outside agency.\n\n"
        "New data will be ingested in full every week and will replace the previous processed data. NDAS will "
        "archive previous processed data in cold storage, accessible only to the security cleared NDAS "
        "development team. All archived data will be deleted after 12 months and once deleted will not be able "
        "to be retrieved."
    ),
    "volume": "over_5000",
    "data_subjects": ["suspects", "convicted", "victims", "witnesses", "children_vulnerable"],
    "new_information": "no",
    "shared_with_third_parties": "yes",
    "transfer_within_eu": "no",
    "transfer_outside_eu": "no",
    "cloud_provider": "yes",
    "agreement_in_place": "yes",
    "necessity": (
        "Conventional methods for the prevention and detection of offences for which NDAS supports will still "
        "continue by the respective Police Force or LEA. The necessity for NDAS to process personal data is to "
        "provide new and efficient additional support to already established policing methods for high "
        "priority policing issues. All the data used is necessary to give the most accurate and informed "
        "insight. By using less data would hinder the effectiveness of the project."
    ),
    "proportionality": (
        "The use of personal data is proportionate to the aim of NDAS to develop a data analytics capability "
        "which will support officer decision-making to prevent and detect serious crime. All the personal data "
        "used is currently held by Police Forces or LEA for a lawful policing purpose. The data subjects will "
        "not be disadvantaged as the data is still used for the policing purpose it was acquired."
    ),
    "operational_basis": "law_enforcement",
    "administrative_basis": "n/a",
    "operational_strictly_necessary": True,
    "operational_condition": "1",
    "retention_compliant": "yes",
    "retention_schedule": "WMP Review, Retention and Deletion (RRD) policy; archived data deleted after 12 months",
    **NO_FACTORS,
    "profiling": "yes",
    "profiling_details": (
        "NDAS will be processing personal data to identify specific outcomes based on specific use cases, used "
        "by a small number of trained Police Officers and Police Staff to assist them in their roles. This "
        "processing will not replace any existing procedures. Officers and Staff will always make the final "
        "decision, meaning there will be no automated decision making."
    ),
    "large_scale_sensitive": "yes",
    "large_scale_sensitive_details": (
        "NDAS will be processing criminal offence data due to the nature of the chosen use cases, as well as a "
        "small segment on Special Category data. Please see Sections 2.2 and 2.3."
    ),
    "new_technology": "yes",
    "new_technology_details": (
        "The processing performed by NDAS involves the novel application of advanced analytical techniques to "
        "Police Force and LEA datasets, to derive insights."
    ),
    "data_matching": "yes",
    "data_matching_details": (
        "Data matching could take place across data sets to assist with analysis, and provide more informed insight."
    ),
    "invisible_processing": "yes",
    "invisible_processing_details": (
        "Crime data is to be processed, and elements of those datasets may have been collected through means "
        "which the Data Subject was not privy to. This would still be in line with normal Policing "
        "investigative procedures."
    ),
    "targeting_vulnerable": "yes",
    "targeting_vulnerable_details": (
        "Children and/or vulnerable individuals' datasets are not specifically being targeted however it is "
        "accepted that due to the use cases of NDAS there will be data processed respective to children and/or "
        "vulnerable individuals."
    ),
    "physical_harm": "yes",
    "physical_harm_details": (
        "In theory yes there is risk of physical harm, however this is extremely low probability and could only "
        "occur in the event of a very sophisticated data breach that bypassed the controls in place and "
        "decrypted the datasets, to which West Midlands Police will ultimately hold the encryption keys."
    ),
    "large_scale": "yes",
    "large_scale_details": "Please see 5.1",
}

AGGREGATE_ANSWERS: dict[str, Any] = {
    "information_asset_owner": "Head of Intelligence",
    "information_custodian": "Performance manager",
    "processing_commences": datetime.date(2026, 1, 5),
    "personal_data": "Crime reference numbers, offence type and ward only; no names or other identifiers.",
    "special_categories": ["none"],
    "collection": "From the crime recording system already held by WMP.",
    "use": "Counted each month in the force analytics platform; only ward-level totals leave the platform.",
    "volume": "1000_5000",
    "data_subjects": ["victims"],
    "new_information": "no",
    "shared_with_third_parties": "no",
    "transfer_within_eu": "no",
    "transfer_outside_eu": "no",
    "cloud_provider": "no",
    "agreement_in_place": "none_required",
    "necessity": "Counts by ward cannot be produced without reading the crime records.",
    "proportionality": "Only three fields are read and the outputs are aggregate totals.",
    "operational_basis": "law_enforcement",
    "administrative_basis": "n/a",
    "retention_compliant": "yes",
    "retention_schedule": "Force review, retention and disposal policy",
    **NO_FACTORS,
}


def _backdate(screening: Screening, submitted_on: datetime.date) -> None:
    due = add_working_days(submitted_on, 10)
    Screening.objects.filter(pk=screening.pk).update(submitted_on=submitted_on, due_on=due)
    ScreeningVersion.objects.filter(screening=screening).update(submitted_on=submitted_on, due_on=due)
    screening.refresh_from_db()


def _screened(project: Project, author: User, answers: dict[str, Any], *, submit: bool = True) -> Screening:
    screening = screening_start(project=project, actor=author)
    screening = screening_save_answers(
        screening=screening, actor=author, answers=answers, expected_version=screening.version
    )
    if submit:
        screening = screening_submit(screening=screening, actor=author, expected_version=screening.version)
    return screening


def load(stdout: TextIO) -> None:
    if Screening.objects.exists():
        stdout.write("DPIA: already loaded.\n")
        return
    analyst = User.objects.get(username="analyst")
    dpo = User.objects.get(username="dpo")
    iao = User.objects.get(username="iao")
    projects = {p.name: p for p in Project.objects.filter(organisation=analyst.organisation)}

    # NDAS: outcome C, with the full DPIA under way.
    ndas = _screened(projects["National Data Analytics Solution (NDAS)"], analyst, NDAS_ANSWERS)
    _backdate(ndas, datetime.date(2019, 10, 24))
    ndas = screening_decide(
        screening=ndas,
        actor=dpo,
        outcome="C",
        reasons="Large-scale processing of criminal offence and special category data with new analytical "
        "techniques and profiling: a full DPIA is mandatory (UK GDPR Article 35(3)(a) and (b); DPA 2018 s.64).",
        expected_version=ndas.version,
    )
    assessment = ndas.assessment
    assessment = assessment_update_step(
        assessment=assessment,
        actor=analyst,
        step="consultation",
        values={
            "consultation": "The Data Analytics Lab presented the programme to the force's data ethics committee; "
            "partner forces' DPOs and the Home Office were consulted; the cloud provider's security team "
            "reviewed the platform."
        },
        expected_version=assessment.version,
    )
    breach = risk_save(
        assessment=assessment,
        actor=analyst,
        description="A breach of the cloud platform exposes special category and criminal offence data.",
        source="Data breach",
        likelihood=1,
        severity=3,
    )
    measure_save(
        risk=breach,
        actor=analyst,
        description="Encryption with force-held keys; segregated tenancies per force; security-cleared staff only.",
        effect="reduced",
        residual_risk="low",
        approved=True,
    )
    bias = risk_save(
        assessment=assessment,
        actor=analyst,
        description="Model outputs reflect bias in historic recording, leading to unjustified police attention.",
        source="Inaccurate or biased data",
        likelihood=2,
        severity=2,
    )
    measure_save(
        risk=bias,
        actor=analyst,
        description="Bias testing of each use case; outputs advise trained officers and never decide alone.",
        effect="reduced",
        residual_risk="medium",
        approved=False,
    )

    # A: aggregate counts with no personal identifiers.
    counts = project_create(
        actor=analyst,
        name="Monthly burglary counts for the policing board",
        purpose="Ward-level counts of residential burglary each month for the local policing board.",
        lead=analyst,
        information_asset_owner=iao,
        information_custodian="Performance manager",
    )
    aggregate = _screened(counts, analyst, {**AGGREGATE_ANSWERS, "aim_and_purpose": counts.purpose})
    screening_decide(
        screening=aggregate,
        actor=dpo,
        outcome="A",
        reasons="Aggregate counts from records the force already holds; no high-risk indicator applies.",
        expected_version=aggregate.version,
    )

    # B: Priorities, conditional on an agreement for the HR data and a retention period.
    priorities = _screened(
        projects["Priorities"],
        analyst,
        {
            **AGGREGATE_ANSWERS,
            "aim_and_purpose": projects["Priorities"].purpose,
            "personal_data": "Call times, dispatch and arrival times, and officer injury records from HR.",
            "special_categories": ["health"],
            "data_subjects": ["staff"],
            "agreement_in_place": "not_yet",
            "operational_basis": "n/a",
            "administrative_basis": "e",
            "administrative_condition": "9b",
        },
    )
    today = timezone.localdate()
    priorities = screening_decide(
        screening=priorities,
        actor=dpo,
        outcome="B",
        reasons="Officers' health data is used for a workforce purpose; it needs an agreement with the HR asset "
        "owner and a set retention period before the analysis starts.",
        expected_version=priorities.version,
        actions=[
            ActionSpec(
                "Agree the HR and occupational health data extract with the Director of People.",
                analyst,
                today + datetime.timedelta(days=21),
            ),
            ActionSpec(
                "Set the retention period of the extract (delete after the study).",
                analyst,
                today + datetime.timedelta(days=14),
            ),
        ],
    )
    remedial_action_complete(
        action=priorities.remedial_actions.order_by("due_on").first(),  # type: ignore[arg-type]
        actor=analyst,
        note="Extract deleted 12 months after the study ends; recorded in the retention schedule.",
    )

    # In the DPO's queue now, and one back with the author.
    disproportionality = _screened(
        projects["Disproportionality"],
        analyst,
        {
            **AGGREGATE_ANSWERS,
            "aim_and_purpose": projects["Disproportionality"].purpose,
            "special_categories": ["race", "ethnic_origin"],
            "volume": "over_5000",
            "data_subjects": ["suspects", "children_vulnerable"],
            "operational_strictly_necessary": True,
            "operational_condition": "1",
            "evaluation_scoring": "yes",
            "evaluation_scoring_details": "Compares outcomes of stop and search by ethnicity and age.",
        },
    )
    screening_comment(
        screening=disproportionality,
        actor=dpo,
        question="volume",
        text="Over what period are these records drawn?",
    )
    youth = _screened(
        projects["Youth and most serious violence"],
        analyst,
        {
            **AGGREGATE_ANSWERS,
            "aim_and_purpose": projects["Youth and most serious violence"].purpose,
            "data_subjects": ["suspects", "children_vulnerable"],
        },
    )
    screening_return(
        screening=youth,
        actor=dpo,
        reason="2.7 lists children: explain how under-18s' data is handled and why partner data is not used yet.",
        expected_version=youth.version,
    )
    stdout.write(f"DPIA: 5 screenings; the NDAS full DPIA {assessment.reference} is under way.\n")
