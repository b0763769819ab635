"""Demo data for the core: organisations, forums, people and their roles, projects and datasets.

Drawn from the seed documents (the West Midlands ethics committee minutes, the NDAS DPIA, the OPCC
strategy and the Humber VPP strategy). Every step finds what already exists first, so loading twice
changes nothing. Records are created through the services, so their history and permissions are
what real use would leave.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TextIO

from django.contrib.auth.models import Group

from governance.choices import DataSubjectCategory as Subject
from governance.choices import PersonalDataCategory as Personal
from governance.choices import ProtectiveMarking, VolumeBand
from governance.choices import SpecialCategory as Special
from governance.models import (
    Dataset,
    Forum,
    ForumKind,
    ForumMembership,
    Organisation,
    OrganisationKind,
    Project,
    ProjectStatus,
    User,
)
from governance.roles import Role
from governance.services.datasets import DatasetDetails, dataset_create
from governance.services.projects import project_change_status, project_create

# Documented in the README; seed_demo runs only in demo mode.
DEMO_PASSWORD = "governance-demo-2026"  # noqa: S105

ORGANISATIONS = [
    ("West Midlands Police", "WMP", OrganisationKind.POLICE_FORCE),
    ("West Midlands Office of the Police and Crime Commissioner", "WMOPCC", OrganisationKind.OPCC),
    ("West Midlands Violence Reduction Partnership", "WMVRP", OrganisationKind.VIOLENCE_REDUCTION),
    ("Humberside Police", "HP", OrganisationKind.POLICE_FORCE),
    ("Humberside Office of the Police and Crime Commissioner", "HOPCC", OrganisationKind.OPCC),
    ("Humber Violence Prevention Partnership", "HVPP", OrganisationKind.VIOLENCE_REDUCTION),
    ("Humberside Fire and Rescue Service", "HFRS", OrganisationKind.FIRE_RESCUE),
    ("Hull City Council", "HCC", OrganisationKind.LOCAL_AUTHORITY),
    ("East Riding of Yorkshire Council", "ERYC", OrganisationKind.LOCAL_AUTHORITY),
    ("NHS Humber and North Yorkshire Integrated Care Board", "HNYICB", OrganisationKind.NHS),
    ("Humber Teaching NHS Foundation Trust", "HTFT", OrganisationKind.NHS),
    ("The Probation Service, Yorkshire and the Humber", "PSYH", OrganisationKind.PROBATION),
    ("HMP Hull", "HMPHULL", OrganisationKind.PRISON),
    ("University of Warwick", "UOW", OrganisationKind.UNIVERSITY),
]

FORUMS = [
    (
        "Humber Information Governance Alliance",
        ForumKind.GOVERNANCE_ALLIANCE,
        "Agreement in principle on data sharing across the Humber, backed by an information sharing "
        "agreement template that members reuse rather than write new documents.",
        ["HFRS", "HP", "HCC", "ERYC", "HNYICB", "HTFT", "PSYH", "HVPP"],
    ),
    (
        "Humberside Criminal Justice Board",
        ForumKind.CRIMINAL_JUSTICE_BOARD,
        "The Police and Crime Commissioner, probation, prisons, courts and the Crown Prosecution Service.",
        ["HOPCC", "PSYH", "HMPHULL"],
    ),
]


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    organisation: str
    job_title: str
    roles: tuple[Role, ...]
    can_sign_in: bool = True


PEOPLE = [
    Person("dpo", "Helen", "Carter", "WMP", "Data Protection Officer", (Role.DPO,)),
    Person("siro", "Mark", "Davies", "WMP", "Assistant Chief Constable, SIRO", (Role.SIRO,)),
    Person("iao", "Sarah", "Khan", "WMP", "Head of Intelligence", (Role.ASSET_OWNER,)),
    Person("analyst", "Daniel", "Price", "WMP", "Analyst, Data Analytics Lab", (Role.ANALYST,)),
    Person("secretary", "Ruth", "Ellis", "WMOPCC", "Ethics Committee Secretary", (Role.ETHICS_SECRETARY,)),
    Person("member", "Amir", "Malik", "WMOPCC", "Independent member, Ethics Committee", (Role.ETHICS_MEMBER,)),
    Person("signatory", "Lisa", "Morgan", "WMVRP", "Director, Violence Reduction Partnership", (Role.SIGNATORY,)),
    Person("auditor", "Gary", "Holt", "WMP", "Internal Audit Manager", (Role.AUDITOR,)),
    Person("outsider", "Tom", "Fletcher", "HP", "Analyst, Humberside Police", (Role.ANALYST,)),
    # People the demo records need but nobody signs in as.
    Person("wm.hr-iao", "Claire", "Bennett", "WMP", "Director of People", (Role.ASSET_OWNER,), False),
    Person("hp.iao", "James", "Walker", "HP", "Head of Crime Recording", (Role.ASSET_OWNER,), False),
    Person("hp.dpo", "Nadia", "Hussain", "HP", "Data Protection Officer", (Role.DPO,), False),
]

ORGANISATION_OFFICERS = {"WMP": ("dpo", "siro"), "HP": ("hp.dpo", None)}

_POLICING_PERSONAL = [
    Personal.NAMES,
    Personal.DATES_OF_BIRTH,
    Personal.ADDRESSES,
    Personal.CONTACT,
    Personal.IDENTIFIERS,
    Personal.CRIMINAL_OFFENCE,
    Personal.LOCATION,
    Personal.FREE_TEXT,
]
_POLICING_SPECIAL = [
    Special.RACE,
    Special.ETHNIC_ORIGIN,
    Special.RELIGION,
    Special.SEXUAL_ORIENTATION,
    Special.HEALTH,
]
_POLICING_SUBJECTS = [
    Subject.SUSPECTS,
    Subject.CONVICTED,
    Subject.VICTIMS,
    Subject.WITNESSES,
    Subject.CHILDREN_VULNERABLE,
]

DATASETS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "WMP",
        "iao",
        dict(
            name="Crime records",
            source_system="Crime recording system",
            description="Every crime reported to or recorded by the force: offences, people involved, "
            "locations, investigation notes and outcomes.",
            personal_data_categories=_POLICING_PERSONAL,
            special_categories=[*_POLICING_SPECIAL, Special.SEX_LIFE, Special.POLITICAL_OPINIONS],
            data_subject_categories=_POLICING_SUBJECTS,
            volume_band=VolumeBand.OVER_5000,
            location="Force data centre",
            data_format="Relational database; nightly extract to the analytics platform",
        ),
    ),
    (
        "WMP",
        "iao",
        dict(
            name="Intelligence logs",
            source_system="Intelligence management system",
            description="Intelligence reports graded under the 3x5x2 system, with their sanitised summaries.",
            personal_data_categories=_POLICING_PERSONAL,
            special_categories=_POLICING_SPECIAL,
            data_subject_categories=[Subject.SUSPECTS, Subject.CONVICTED, Subject.CHILDREN_VULNERABLE],
            volume_band=VolumeBand.OVER_5000,
            protective_marking=ProtectiveMarking.OFFICIAL_SENSITIVE,
            location="Force data centre",
            data_format="Relational database",
        ),
    ),
    (
        "WMP",
        "iao",
        dict(
            name="Custody records",
            source_system="ISIS custody system",
            description="Detentions in custody: arrest reasons, risk assessments, healthcare and release.",
            personal_data_categories=[*_POLICING_PERSONAL, Personal.IMAGES],
            special_categories=[*_POLICING_SPECIAL, Special.BIOMETRIC],
            data_subject_categories=[Subject.SUSPECTS, Subject.CONVICTED, Subject.CHILDREN_VULNERABLE],
            volume_band=VolumeBand.OVER_5000,
            location="Force data centre",
            data_format="Relational database",
        ),
    ),
    (
        "WMP",
        "iao",
        dict(
            name="Stop and search records",
            source_system="Stop and search application",
            description="Each stop and search: grounds, powers used (including section 60), outcome and "
            "the self-defined ethnicity of the person searched.",
            personal_data_categories=[
                Personal.NAMES,
                Personal.DATES_OF_BIRTH,
                Personal.LOCATION,
                Personal.FREE_TEXT,
            ],
            special_categories=[Special.RACE, Special.ETHNIC_ORIGIN],
            data_subject_categories=[Subject.SUSPECTS, Subject.CHILDREN_VULNERABLE],
            volume_band=VolumeBand.OVER_5000,
            location="Force data centre",
            data_format="Relational database",
        ),
    ),
    (
        "WMP",
        "iao",
        dict(
            name="Use of force records",
            source_system="Use of force reporting form",
            description="Officers' reports of force used, the tactics, injuries to officers and subjects.",
            personal_data_categories=[Personal.NAMES, Personal.LOCATION, Personal.FREE_TEXT],
            special_categories=[Special.RACE, Special.ETHNIC_ORIGIN, Special.HEALTH],
            data_subject_categories=[Subject.SUSPECTS, Subject.STAFF],
            volume_band=VolumeBand.OVER_5000,
            location="Force data centre",
            data_format="Relational database",
        ),
    ),
    (
        "WMP",
        "iao",
        dict(
            name="Command and control incident logs",
            source_system="Command and control system",
            description="Emergency and non-emergency calls: time received, grading, dispatch and arrival times.",
            personal_data_categories=[
                Personal.NAMES,
                Personal.CONTACT,
                Personal.LOCATION,
                Personal.FREE_TEXT,
            ],
            special_categories=[Special.HEALTH],
            data_subject_categories=[Subject.VICTIMS, Subject.WITNESSES, Subject.SUSPECTS, Subject.STAFF],
            volume_band=VolumeBand.OVER_5000,
            location="Force data centre",
            data_format="Relational database",
        ),
    ),
    (
        "WMP",
        "wm.hr-iao",
        dict(
            name="HR and occupational health records",
            source_system="HR and occupational health systems",
            description="Officers' and staff's employment records, injuries on duty and occupational health referrals.",
            personal_data_categories=[
                Personal.NAMES,
                Personal.DATES_OF_BIRTH,
                Personal.ADDRESSES,
                Personal.EMPLOYMENT,
            ],
            special_categories=[Special.HEALTH, Special.ETHNIC_ORIGIN, Special.TRADE_UNION],
            data_subject_categories=[Subject.STAFF],
            volume_band=VolumeBand.OVER_5000,
            location="Force data centre",
            data_format="Relational database",
        ),
    ),
    (
        "HP",
        "hp.iao",
        dict(
            name="Humberside crime records",
            source_system="Crime recording system",
            description="Crimes recorded by Humberside Police.",
            personal_data_categories=_POLICING_PERSONAL,
            special_categories=_POLICING_SPECIAL,
            data_subject_categories=_POLICING_SUBJECTS,
            volume_band=VolumeBand.OVER_5000,
            location="Force data centre",
            data_format="Relational database",
        ),
    ),
]


@dataclass(frozen=True)
class DemoProject:
    organisation: str
    lead: str
    name: str
    purpose: str
    datasets: tuple[str, ...]
    status: ProjectStatus
    custodian: str = "Superintendent, Data Analytics Lab"
    start_date: datetime.date | None = None


PROJECTS = [
    DemoProject(
        "WMP",
        "analyst",
        "National Data Analytics Solution (NDAS)",
        "To develop a data analytics capability for use by UK law enforcement which will support officer "
        "decision-making to reduce crime and create efficiencies. NDAS collates existing local police force "
        "data onto a secure, cloud-based platform and derives operational and strategic insight from it "
        "through algorithms known as use cases (for example modern slavery and sexual offences).",
        ("Crime records", "Intelligence logs", "Custody records"),
        ProjectStatus.ACTIVE,
        "Superintendent, NDAS programme",
        datetime.date(2019, 11, 18),
    ),
    DemoProject(
        "WMP",
        "analyst",
        "Integrated Offender Management (IOM) model",
        "To help offender managers prioritise high and medium risk offenders and find early intervention "
        "opportunities, by scoring the harm of individuals' offending, so that support reaches those who "
        "need it. Offender managers keep their professional discretion.",
        ("Crime records", "Intelligence logs", "Custody records"),
        ProjectStatus.PROPOSED,
    ),
    DemoProject(
        "WMP",
        "analyst",
        "RASSO analysis",
        "An explanatory model of rape and serious sexual offence investigations, to establish which elements "
        "of an investigation raise or lower the probability of a charge, so that the force can improve "
        "outcomes for victims. It is not predictive and shares no identities beyond the Lab.",
        ("Crime records", "Custody records"),
        ProjectStatus.ACTIVE,
    ),
    DemoProject(
        "WMP",
        "analyst",
        "Priorities",
        "An exploratory study of emergency calls, dispatch and arrival times and officer injuries, to reduce "
        "response times or make the right response more likely without increasing the risk to officers.",
        ("Command and control incident logs", "HR and occupational health records", "Use of force records"),
        ProjectStatus.PROPOSED,
    ),
    DemoProject(
        "WMP",
        "analyst",
        "Disproportionality",
        "A descriptive analysis of crime, stop and search, use of force and custody data to find "
        "disproportionality in the force's practices, to inform policy and address any discriminatory "
        "practice found.",
        ("Crime records", "Stop and search records", "Use of force records", "Custody records"),
        ProjectStatus.ACTIVE,
    ),
    DemoProject(
        "WMP",
        "analyst",
        "Youth and most serious violence",
        "An explanatory model of the factors that may lead young people under 25 to commit the most serious "
        "violent offences, looking at trends in aggregate to inform policy. No partner data at this stage.",
        ("Crime records", "Custody records", "Intelligence logs"),
        ProjectStatus.PROPOSED,
    ),
    DemoProject(
        "HP",
        "outsider",
        "Humber serious violence strategic needs assessment",
        "A strategic needs assessment of serious violence across the Humber for the Serious Violence Duty, "
        "using aggregated police data and, under agreements, partners' data.",
        ("Humberside crime records",),
        ProjectStatus.ACTIVE,
        "Head of Analysis, Humberside Police",
    ),
]


def load(stdout: TextIO) -> None:
    organisations = _organisations()
    _forums(organisations)
    people = _people(organisations)
    for code, (dpo, siro) in ORGANISATION_OFFICERS.items():
        Organisation.objects.filter(pk=organisations[code].pk).update(
            dpo=people[dpo], siro=people[siro] if siro else None
        )
    datasets = _datasets(organisations, people)
    _projects(organisations, people, datasets)
    stdout.write(f"Core: {len(organisations)} organisations, {len(people)} people, {len(datasets)} datasets.\n")


def _organisations() -> dict[str, Organisation]:
    result = {}
    for name, code, kind in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(short_code=code, defaults={"name": name, "kind": kind})
        result[code] = organisation
    return result


def _forums(organisations: dict[str, Organisation]) -> None:
    for name, kind, description, members in FORUMS:
        forum, _ = Forum.objects.get_or_create(name=name, defaults={"kind": kind, "description": description})
        for code in members:
            ForumMembership.objects.get_or_create(forum=forum, organisation=organisations[code])


def _people(organisations: dict[str, Organisation]) -> dict[str, User]:
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    result = {}
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User(
                username=person.username,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{person.username.replace('.', '-')}@example.org",
                organisation=organisations[person.organisation],
                job_title=person.job_title,
            )
            if person.can_sign_in:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
            user.groups.set([groups[role.value] for role in person.roles])
        result[person.username] = user
    return result


def _datasets(organisations: dict[str, Organisation], people: dict[str, User]) -> dict[str, Dataset]:
    result = {}
    for code, owner, details in DATASETS:
        organisation = organisations[code]
        dataset = Dataset.objects.filter(organisation=organisation, name=details["name"]).first()
        if dataset is None:
            dataset = dataset_create(
                actor=people[owner], details=DatasetDetails(information_asset_owner=people[owner], **details)
            )
        result[dataset.name] = dataset
    return result


def _projects(organisations: dict[str, Organisation], people: dict[str, User], datasets: dict[str, Dataset]) -> None:
    for demo in PROJECTS:
        organisation = organisations[demo.organisation]
        if Project.objects.filter(organisation=organisation, name=demo.name).exists():
            continue
        lead = people[demo.lead]
        owner = next(
            person
            for person in people.values()
            if person.organisation_id == organisation.pk and person.has_role(Role.ASSET_OWNER)
        )
        project = project_create(
            actor=lead,
            name=demo.name,
            purpose=demo.purpose,
            lead=lead,
            information_asset_owner=owner,
            information_custodian=demo.custodian,
            datasets=[datasets[name] for name in demo.datasets],
            start_date=demo.start_date,
        )
        if demo.status != ProjectStatus.PROPOSED:
            project_change_status(
                project=project,
                actor=lead,
                status=demo.status,
                reason="Approved to start by the project board.",
                expected_version=project.version,
            )
