"""A large, valid estate for measuring speed: ``seed_scale`` builds it and ``bench`` reads it.

Rows are written with PostgreSQL ``COPY`` (psycopg 3's ``cursor.copy()``), one transaction per table,
with ids chosen here so that foreign keys are known without reading anything back; the sequences are
moved past them at the end. Nothing goes through the services, because a million calls to
``assign_perm`` would take hours, so this module writes what the services would have left:

* people in the role groups, each organisation's DPO and SIRO named on it;
* the object permissions each service grants (``project_create``: lead and asset owner view and change;
  ``dataset_create``: asset owner; ``screening_start``: author and project lead; ``screening_submit``:
  the organisation's DPO view and review; the agreement's editors and each party's signatory;
  ``request_create``: the requester; ``grant_create``: the grantee view on the dataset;
  ``case_submit``: submitter and project lead) in guardian's direct foreign-key tables;
* a history row for every step a record took to its status (``+`` then ``~`` per step, the actor and
  a reason as ``save_with_history`` writes them), so the history pages and audit packs have real work;
* reference counters past the last reference used, so records made afterwards through the product
  do not collide.

No audit events are written: the audit chain is sealed one event at a time and its table refuses
deletion. Every scale organisation has a short code starting ``SCALE``; every person a username
starting ``scale-``. A handful of named people (``PERSONAS``) in organisation 1 carry a heavier,
realistic load of permissions for the benchmark to sign in as.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.fields import NOT_PROVIDED

from governance.roles import Role

SCALE_CODE_PREFIX = "SCALE"
SCALE_USERNAME_PREFIX = "scale-"
BATCH = 20_000  # rows per COPY and per transaction


@dataclass(frozen=True)
class Size:
    organisations: int
    users: int
    projects: int
    datasets: int
    screenings: int
    agreements: int
    grants: int
    cases: int

    def times(self, factor: float) -> Size:
        values = {f.name: max(1, round(getattr(self, f.name) * factor)) for f in fields(self)}
        values["organisations"] = max(3, values["organisations"])
        values["users"] = max(13 * values["organisations"], values["users"])
        return replace(self, **values)


LARGE = Size(
    organisations=50,
    users=2_000,
    projects=50_000,
    datasets=100_000,
    screenings=100_000,
    agreements=20_000,
    grants=200_000,
    cases=5_000,
)
SIZES = {"large": LARGE, "small": LARGE.times(0.1), "tiny": LARGE.times(0.001)}

# The benchmark's people, all in organisation 1. The analyst is a busy project lead and requester.
PERSONAS = {
    "scale-dpo": Role.DPO,
    "scale-siro": Role.SIRO,
    "scale-iao": Role.ASSET_OWNER,
    "scale-secretary": Role.ETHICS_SECRETARY,
    "scale-member": Role.ETHICS_MEMBER,
    "scale-signatory": Role.SIGNATORY,
    "scale-auditor": Role.AUDITOR,
    "scale-analyst": Role.ANALYST,
}
# The roles of each organisation's first people, in order; everyone after them is an analyst.
ROLE_SLOTS = [
    Role.DPO,
    Role.SIRO,
    Role.ASSET_OWNER,
    Role.ASSET_OWNER,
    Role.ASSET_OWNER,
    Role.ETHICS_SECRETARY,
    Role.ETHICS_MEMBER,
    Role.ETHICS_MEMBER,
    Role.SIGNATORY,
    Role.AUDITOR,
]
ANALYST_PERSONA_SHARE = 0.08  # of organisation 1's projects led, and requests made, by scale-analyst
ORGANISATIONS_PER_COMMITTEE = 5
MEETINGS_PER_COMMITTEE = 12

ORGANISATION_KINDS = [
    "police_force",
    "opcc",
    "violence_reduction",
    "local_authority",
    "nhs",
    "probation",
    "youth_offending",
    "fire_rescue",
]
SOURCE_SYSTEMS = ["Niche RMS", "Athena", "Storm command and control", "PNC extract", "Connect", "HR system"]
PERSONAL = ["names", "dates_of_birth", "addresses", "identifiers", "criminal_offence", "location"]
SUBJECTS = ["suspects", "victims", "witnesses", "offenders"]
PURPOSES = [
    "Understand repeat victimisation of domestic abuse across the force area",
    "Predict demand on the control room by hour and district",
    "Evaluate a youth diversion scheme against reoffending",
    "Map serious violence hot spots for the Serious Violence Duty",
    "Measure the timeliness of crime recording",
]


def weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


class Table:
    """One table's columns in order and a row of its defaults, so a row is a copy with a few values set."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = True) -> None:
        self.model = model
        self.name = model._meta.db_table
        chosen = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in chosen]
        self.position = {f.attname: i for i, f in enumerate(chosen)}
        self.template = [self._default(f) for f in chosen]

    @staticmethod
    def _default(field: models.Field[Any, Any]) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return datetime.datetime.now(datetime.UTC)
        if field.default is not NOT_PROVIDED:
            value = field.get_default()
            return json.dumps(value) if isinstance(field, models.JSONField) else value
        if isinstance(field, models.JSONField):
            return "[]"
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField):
            return ""
        return None

    def row(self, values: dict[str, Any]) -> list[Any]:
        row = self.template[:]
        position = self.position
        for name, value in values.items():
            row[position[name]] = json.dumps(value) if isinstance(value, list | dict) else value
        return row


class HistoryTable(Table):
    """A model's simple-history table, with the mapping from the record's row to a history row."""

    def __init__(self, record: Table) -> None:
        super().__init__(record.model.history.model, with_pk=False)  # type: ignore[attr-defined]
        self.pairs = [(i, self.position[name]) for name, i in record.position.items() if name in self.position]
        self.type_at = self.position["history_type"]
        self.date_at = self.position["history_date"]
        self.user_at = self.position["history_user_id"]
        self.reason_at = self.position["history_change_reason"]

    def of(self, record_row: list[Any], kind: str, when: datetime.datetime, who: int | None, why: str) -> list[Any]:
        row = self.template[:]
        for source, target in self.pairs:
            row[target] = record_row[source]
        row[self.type_at], row[self.date_at], row[self.user_at], row[self.reason_at] = kind, when, who, why
        return row


class Writer:
    """COPY rows into tables in batches, one transaction per batch, counting and reporting as it goes."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self.report = report
        self.counts: Counter[str] = Counter()
        self.started = time.perf_counter()

    def copy(self, table: Table, rows: Iterable[list[Any]], label: str | None = None) -> int:
        columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        sql = f"COPY {connection.ops.quote_name(table.name)} ({columns}) FROM STDIN"
        written = 0
        iterator = iter(rows)
        while True:
            batch = [row for _, row in zip(range(BATCH), iterator, strict=False)]
            if not batch:
                break
            with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in batch:
                    copy.write_row(row)
            written += len(batch)
        self.counts[label or table.name] += written
        self.report(f"  {label or table.name}: {written:,} rows ({time.perf_counter() - self.started:.0f} s)")
        return written


@dataclass
class Person:
    pk: int
    organisation: int
    role: Role


@dataclass
class World:
    """What later tables need to know about earlier ones (ids and a few attributes, never model objects)."""

    organisations: list[int]
    codes: dict[int, str]
    people: dict[int, dict[Role, list[int]]]  # organisation -> role -> user ids
    personas: dict[str, int]
    projects: list[tuple[int, int, int]]  # id, organisation, lead
    datasets: list[tuple[int, int, int]]  # id, organisation, asset owner
    datasets_by_org: dict[int, list[int]]
    projects_by_org: dict[int, list[int]]
    agreements_in_force_by_org: dict[int, list[int]]


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608  # nosec B608 - a model table
        return int(cursor.fetchone()[0])


def permission_ids() -> dict[str, int]:
    return {f"{p.content_type.app_label}.{p.codename}": p.pk for p in Permission.objects.select_related("content_type")}


def scale_data_exists() -> bool:
    from governance.models import Organisation

    return Organisation.objects.filter(short_code__startswith=SCALE_CODE_PREFIX).exists()


def other_data_exists() -> bool:
    from governance.models import Organisation

    return Organisation.objects.exclude(short_code__startswith=SCALE_CODE_PREFIX).exists()


# The apps whose tables ``--replace`` empties (their tables hold nothing but governance records).
PROJECT_APPS = ("governance", "dpia", "isa", "ethics", "retention", "audit", "breaches", "training", "api", "guardian")


def _project_models() -> list[type[models.Model]]:
    labels = {config.label for config in apps.get_app_configs()}
    return [
        model
        for app_label in PROJECT_APPS
        if app_label in labels
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True)
    ]


def truncate_everything() -> None:
    """Empty every table of the product's apps (not users' groups, permissions or content types). TRUNCATE
    does not fire the audit table's row trigger that refuses DELETE: use it on a scale database only."""
    tables = sorted({model._meta.db_table for model in _project_models() if model._meta.managed})
    quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


def build(size: Size, *, report: Callable[[str], None] = print, seed: int = 2026) -> Counter[str]:
    """Write the estate of ``size``; returns the rows written per table."""
    rng = random.Random(seed)  # noqa: S311 - repeatable made-up data, not secrets
    writer = Writer(report)
    perms = permission_ids()
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    builder = _Builder(size, rng, writer, perms, now)
    builder.run()
    _reset_sequences()
    # As autovacuum leaves a database that has been running a while: planner statistics, and the visibility
    # map that lets PostgreSQL answer from an index alone. (VACUUM cannot run inside a transaction.)
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    report(f"  {statement}")
    with connection.cursor() as cursor:
        cursor.execute(statement)
    return writer.counts


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), _project_models())
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class _Builder:
    def __init__(
        self, size: Size, rng: random.Random, writer: Writer, perms: dict[str, int], now: datetime.datetime
    ) -> None:
        self.size, self.rng, self.writer, self.perms, self.now = size, rng, writer, perms, now
        self.counters: dict[tuple[int, str, int], int] = defaultdict(int)
        self.codes: dict[int, str] = {}

    # Helpers -----------------------------------------------------------------------------------------

    def when(self, days_ago_max: int = 1000, days_ago_min: int = 30) -> datetime.datetime:
        seconds = self.rng.randint(days_ago_min * 86400, days_ago_max * 86400)
        return self.now - datetime.timedelta(seconds=seconds)

    def later(self, moment: datetime.datetime, days: int = 20) -> datetime.datetime:
        return min(self.now, moment + datetime.timedelta(seconds=self.rng.randint(3600, days * 86400)))

    def reference(self, organisation: int, prefix: str, moment: datetime.datetime) -> str:
        key = (organisation, prefix, moment.year)
        self.counters[key] += 1
        return f"{self.codes[organisation]}-{prefix}-{moment.year}-{self.counters[key]:04d}"

    def perm_rows(self, table: Table, grants: Iterable[tuple[int, int, str]]) -> Iterator[list[Any]]:
        for user, obj, codename in grants:
            yield table.row({"user_id": user, "content_object_id": obj, "permission_id": self.perms[codename]})

    # The estate --------------------------------------------------------------------------------------

    def run(self) -> None:
        self.organisations_and_people()
        self.datasets()
        self.projects()
        self.screenings()
        self.agreements()
        self.requests_and_grants()
        self.ethics()
        self.reference_counters()

    def organisations_and_people(self) -> None:
        from governance.models import Organisation, User

        size, rng = self.size, self.rng
        first_org = next_id(Organisation)
        orgs = list(range(first_org, first_org + size.organisations))
        org_table, user_table = Table(Organisation), Table(User)
        org_history, user_history = HistoryTable(org_table), HistoryTable(user_table)
        org_rows = []
        for n, pk in enumerate(orgs, start=1):
            code = f"{SCALE_CODE_PREFIX}{n:03d}"
            self.codes[pk] = code
            kind = "police_force" if n == 1 else ORGANISATION_KINDS[n % len(ORGANISATION_KINDS)]
            org_rows.append(
                org_table.row(
                    {
                        "id": pk,
                        "name": f"Scale organisation {n:03d}",
                        "short_code": code,
                        "kind": kind,
                        "ico_registration_number": f"Z{9000000 + n}",
                        "created_at": self.now - datetime.timedelta(days=1200),
                    }
                )
            )
        self.writer.copy(org_table, org_rows)
        self.writer.copy(
            org_history,
            (org_history.of(r, "+", r[org_table.position["created_at"]], None, "Scale data") for r in org_rows),
            "history: organisation",
        )

        per_org = size.users // size.organisations
        first_user = next_id(User)
        people: dict[int, dict[Role, list[int]]] = {org: defaultdict(list) for org in orgs}
        personas: dict[str, int] = {}
        user_rows, memberships = [], []
        groups = {g.name: g.pk for g in Group.objects.all()}
        pk = first_user
        persona_slots = {role: name for name, role in PERSONAS.items()}
        for n, org in enumerate(orgs, start=1):
            for slot in range(per_org):
                role = ROLE_SLOTS[slot] if slot < len(ROLE_SLOTS) else Role.ANALYST
                username = f"{SCALE_USERNAME_PREFIX}o{n:03d}-u{slot:04d}"
                if n == 1 and role in persona_slots and not any(personas.get(k) for k in [persona_slots[role]]):
                    username = persona_slots[role]
                    personas[username] = pk
                user_rows.append(
                    user_table.row(
                        {
                            "id": pk,
                            "password": "!",  # no password: the benchmark signs people in directly
                            "username": username,
                            "first_name": rng.choice(["Alex", "Sam", "Jo", "Priya", "Tomasz", "Grace", "Kwame"]),
                            "last_name": f"Scale{n:03d}{slot:04d}",
                            "email": f"{username}@scale.example.org",
                            "is_active": True,
                            "date_joined": self.now - datetime.timedelta(days=1100),
                            "job_title": role.label,
                            "organisation_id": org,
                        }
                    )
                )
                memberships.append((pk, groups[role.value]))
                people[org][role].append(pk)
                pk += 1
        self.writer.copy(user_table, user_rows)
        self.writer.copy(
            user_history,
            (user_history.of(r, "+", r[user_table.position["date_joined"]], None, "Scale data") for r in user_rows),
            "history: user",
        )
        membership_table = Table(User.groups.through, with_pk=False)
        self.writer.copy(
            membership_table, (membership_table.row({"user_id": u, "group_id": g}) for u, g in memberships)
        )
        with transaction.atomic():
            for org in orgs:
                Organisation.objects.filter(pk=org).update(
                    dpo_id=people[org][Role.DPO][0], siro_id=people[org][Role.SIRO][0]
                )
        self.orgs, self.people, self.personas = orgs, people, personas

    def _org_for(self, n: int) -> int:
        # Organisation 1 is the big force the personas work in: a fifth more records than the others.
        if self.rng.random() < 0.02:
            return self.orgs[0]
        return self.orgs[n % len(self.orgs)]

    def _analyst(self, org: int) -> int:
        if org == self.orgs[0] and self.rng.random() < ANALYST_PERSONA_SHARE:
            return self.personas["scale-analyst"]
        return self.rng.choice(self.people[org][Role.ANALYST])

    def datasets(self) -> None:
        from governance.models import Dataset, DatasetUserObjectPermission

        rng = self.rng
        table, history, perm = Table(Dataset), None, Table(DatasetUserObjectPermission, with_pk=False)
        history = HistoryTable(table)
        first = next_id(Dataset)
        rows, hist, grants = [], [], []
        self.dataset_info: dict[int, tuple[int, int]] = {}
        self.datasets_by_org: dict[int, list[int]] = defaultdict(list)
        for n in range(self.size.datasets):
            pk, org = first + n, self._org_for(n)
            owner = rng.choice(self.people[org][Role.ASSET_OWNER])
            created = self.when()
            retired = rng.random() < 0.1
            values: dict[str, Any] = {
                "id": pk,
                "reference": self.reference(org, "DS", created),
                "name": f"{rng.choice(SOURCE_SYSTEMS)} extract {n:06d}",
                "description": "Records held for policing purposes.",
                "organisation_id": org,
                "information_asset_owner_id": owner,
                "source_system": rng.choice(SOURCE_SYSTEMS),
                "personal_data_categories": rng.sample(PERSONAL, rng.randint(0, 4)),
                "special_categories": rng.sample(["health", "race"], rng.randint(0, 1)),
                "data_subject_categories": rng.sample(SUBJECTS, rng.randint(1, 3)),
                "volume_band": rng.choice(["under_100", "100_1000", "1000_5000", "over_5000"]),
                "protective_marking": rng.choice(["OFFICIAL", "OFFICIAL-SENSITIVE"]),
                "status": "active",
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
            row = table.row(values)
            hist.append(history.of(row, "+", created, owner, "Created"))
            if rng.random() < 0.45:
                # The asset owner's periodic review of the register entry: a change with no change of status.
                values.update(version=values["version"] + 1, updated_at=self.later(created, 200))
                row = table.row(values)
                hist.append(history.of(row, "~", values["updated_at"], owner, "Reviewed by the asset owner"))
            if retired:
                values.update(status="retired", version=values["version"] + 1)
                row = table.row(values)
                hist.append(history.of(row, "~", self.later(values["updated_at"], 300), owner, "No longer held"))
            rows.append(row)
            grants += [(owner, pk, "governance.view_dataset"), (owner, pk, "governance.change_dataset")]
            self.dataset_info[pk] = (org, owner)
            self.datasets_by_org[org].append(pk)
        self._fix_choices(Dataset, rows, table)
        self.writer.copy(table, rows)
        self.writer.copy(history, hist, "history: dataset")
        self.writer.copy(perm, self.perm_rows(perm, grants), "permissions: dataset")

    def _fix_choices(self, model: type[models.Model], rows: list[list[Any]], table: Table) -> None:
        """Replace any value outside a choice field's choices with its first choice (the guesses above
        at choice values are checked here against the model, so the data stays valid if they change)."""
        for field in model._meta.concrete_fields:
            if not field.choices or field.attname not in table.position:
                continue
            allowed = {str(value) for value, _ in field.flatchoices}
            first = next(iter(field.flatchoices))[0]
            at = table.position[field.attname]
            for row in rows:
                if row[at] not in allowed and row[at] != "":
                    row[at] = first

    def projects(self) -> None:
        from governance.models import Project, ProjectUserObjectPermission

        rng = self.rng
        table, perm = Table(Project), Table(ProjectUserObjectPermission, with_pk=False)
        history = HistoryTable(table)
        links = Table(Project.datasets.through, with_pk=False)
        first = next_id(Project)
        rows, hist, grants, link_rows = [], [], [], []
        self.projects_by_org: dict[int, list[int]] = defaultdict(list)
        self.project_info: dict[int, tuple[int, int, int | None]] = {}
        paths = {
            "proposed": ["proposed"],
            "active": ["proposed", "active"],
            "suspended": ["proposed", "active", "suspended"],
            "closed": ["proposed", "active", "closed"],
            "withdrawn": ["proposed", "withdrawn"],
        }
        mix = [("proposed", 15), ("active", 55), ("suspended", 5), ("closed", 20), ("withdrawn", 5)]
        for n in range(self.size.projects):
            pk, org = first + n, self._org_for(n)
            lead = self._analyst(org)
            owner = rng.choice(self.people[org][Role.ASSET_OWNER])
            created = self.when()
            start = created.date() + datetime.timedelta(days=rng.randint(0, 60))
            status = weighted(rng, mix)
            values: dict[str, Any] = {
                "id": pk,
                "reference": self.reference(org, "PRJ", created),
                "name": f"{rng.choice(PURPOSES)} ({n:06d})",
                "organisation_id": org,
                "lead_id": lead,
                "information_asset_owner_id": owner,
                "information_custodian": "Head of the Data Analytics Lab",
                "purpose": rng.choice(PURPOSES) + ".",
                "status": "proposed",
                "start_date": start,
                "end_date": start + datetime.timedelta(days=rng.randint(90, 1100)),
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
            row = table.row(values)
            hist.append(history.of(row, "+", created, lead, "Created"))
            moment = created
            for step, name in enumerate(paths[status][1:], start=2):
                moment = self.later(moment, 120)
                values.update(status=name, version=step)
                if name == "closed":
                    values["closed_at"] = moment
                row = table.row(values)
                hist.append(history.of(row, "~", moment, lead, f"Status: {name}"))
            rows.append(row)
            for action in ("view", "change"):
                grants.append((lead, pk, f"governance.{action}_project"))
                grants.append((owner, pk, f"governance.{action}_project"))
            own = self.datasets_by_org[org]
            for dataset in {rng.choice(own) for _ in range(rng.randint(1, 3))} if own else set():
                link_rows.append(links.row({"project_id": pk, "dataset_id": dataset}))
            self.projects_by_org[org].append(pk)
            self.project_info[pk] = (org, lead, owner)
        self.writer.copy(table, rows)
        self.writer.copy(history, hist, "history: project")
        self.writer.copy(links, link_rows)
        self.writer.copy(perm, self.perm_rows(perm, grants), "permissions: project")

    def screenings(self) -> None:
        from dpia.models import RemedialAction, Screening, ScreeningUserObjectPermission, ScreeningVersion
        from governance.workdays import add_working_days

        rng = self.rng
        table, perm = Table(Screening), Table(ScreeningUserObjectPermission, with_pk=False)
        history = HistoryTable(table)
        versions, actions = Table(ScreeningVersion, with_pk=False), Table(RemedialAction)
        action_history = HistoryTable(actions)
        first = next_id(Screening)
        first_action = next_id(RemedialAction)
        rows, hist, grants, version_rows, action_rows, action_hist = [], [], [], [], [], []
        mix = [
            ("draft", 20),
            ("submitted", 15),
            ("in_review", 10),
            ("returned", 8),
            ("conditional", 7),
            ("decided", 35),
            ("withdrawn", 5),
        ]
        paths = {
            "draft": ["draft"],
            "submitted": ["draft", "submitted"],
            "in_review": ["draft", "submitted", "in_review"],
            "returned": ["draft", "submitted", "in_review", "returned"],
            "conditional": ["draft", "submitted", "in_review", "conditional"],
            "decided": ["draft", "submitted", "in_review", "decided"],
            "withdrawn": ["draft", "withdrawn"],
        }
        project_ids = list(self.project_info)
        self.screening_info: dict[int, tuple[int, str]] = {}
        self.settled_by_project: dict[int, int] = {}
        action_pk = first_action
        # Each organisation's first remedial action is overdue, so that the dashboard's exception has records
        # to list at every size (its query count is then the same whatever the size).
        overdue_in: set[int] = set()
        home_projects = [p for p, (o, _, _) in self.project_info.items() if o == self.orgs[0]]
        for n in range(self.size.screenings):
            pk = first + n
            # The first screening is the personas' organisation's, conditional on an action (see overdue_in).
            project = home_projects[0] if n == 0 and home_projects else rng.choice(project_ids)
            org, lead, owner = self.project_info[project]
            author = lead if rng.random() < 0.7 else self._analyst(org)
            dpo = self.people[org][Role.DPO][0]
            created = self.when(900, 5)
            status = "conditional" if n == 0 and home_projects else weighted(rng, mix)
            values: dict[str, Any] = {
                "id": pk,
                "reference": self.reference(org, "DPIA", created),
                "organisation_id": org,
                "project_id": project,
                "author_id": author,
                "status": "draft",
                "information_asset_owner": "Head of Intelligence",
                "information_custodian": "Head of the Data Analytics Lab",
                "aim_and_purpose": rng.choice(PURPOSES) + ".",
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
            row = table.row(values)
            hist.append(history.of(row, "+", created, author, "Started"))
            moment = self.later(created, 10)
            values.update(
                personal_data="Names, dates of birth, addresses and offence details.",
                collection="Extracted weekly from the records management system.",
                use="Aggregated analysis in the secure analytics environment.",
                volume=rng.choice(["100_1000", "1000_5000", "over_5000"]),
                data_subjects=rng.sample(SUBJECTS, 2),
                necessity="No less intrusive way to answer the question.",
                proportionality="Pseudonymised before analysis.",
                operational_basis="law_enforcement",
                retention_compliant="yes",
                version=2,
            )
            row = table.row(values)
            hist.append(history.of(row, "~", moment, author, ""))
            version = 2
            for name in paths[status][1:]:
                moment = self.later(moment, 15)
                version += 1
                values.update(status=name, version=version)
                who, why = author, f"Status: {name}"
                if name == "submitted":
                    values["submitted_on"] = moment.date()
                    values["due_on"] = add_working_days(moment.date(), 10)
                    why = "Submitted to the DPO (version 1)"
                    version_rows.append(
                        versions.row(
                            {
                                "screening_id": pk,
                                "number": 1,
                                "answers": {"aim_and_purpose": values["aim_and_purpose"]},
                                "submitted_at": moment,
                                "submitted_by_id": author,
                                "submitted_on": values["submitted_on"],
                                "due_on": values["due_on"],
                            }
                        )
                    )
                elif name in ("in_review", "returned", "conditional", "decided"):
                    who, values["reviewer_id"] = dpo, dpo
                if name in ("conditional", "decided"):
                    outcome = "B" if name == "conditional" else weighted(rng, [("A", 55), ("B", 25), ("C", 20)])
                    values.update(outcome=outcome, outcome_reasons="As the DPO's review records.")
                    values["decided_on"] = moment.date()
                row = table.row(values)
                hist.append(history.of(row, "~", moment, who, why))
            values["updated_at"] = moment
            row = table.row(values)
            rows.append(row)
            for person in {author, lead}:
                grants += [(person, pk, "dpia.view_screening"), (person, pk, "dpia.change_screening")]
            if status not in ("draft", "withdrawn"):
                grants += [(dpo, pk, "dpia.view_screening"), (dpo, pk, "dpia.review_screening")]
            if status == "conditional":
                action: dict[str, Any] = {
                    "id": action_pk,
                    "screening_id": pk,
                    "description": "Complete the retention review of the extract.",
                    "owner_id": lead,
                    "due_on": (moment + datetime.timedelta(days=rng.randint(-30, 60))).date(),
                    "created_at": moment,
                }
                if org not in overdue_in:
                    overdue_in.add(org)
                    action["due_on"] = min(action["due_on"], (self.now - datetime.timedelta(days=7)).date())
                action_rows.append(actions.row(action))
                action_hist.append(action_history.of(actions.row(action), "+", moment, dpo, ""))
                action_pk += 1
            if status == "decided" and values["outcome"] in ("A", "B"):
                self.settled_by_project[project] = pk
            self.screening_info[pk] = (project, status)
        self.writer.copy(table, rows)
        self.writer.copy(history, hist, "history: screening")
        self.writer.copy(versions, version_rows)
        self.writer.copy(actions, action_rows)
        self.writer.copy(action_history, action_hist, "history: remedial action")
        self.writer.copy(perm, self.perm_rows(perm, grants), "permissions: screening")

    def agreements(self) -> None:
        from isa.models import Agreement, AgreementDataset, AgreementParty, AgreementUserObjectPermission

        rng = self.rng
        table, perm = Table(Agreement), Table(AgreementUserObjectPermission, with_pk=False)
        parties, covers = Table(AgreementParty), Table(AgreementDataset)
        history = HistoryTable(table)
        party_history, cover_history = HistoryTable(parties), HistoryTable(covers)
        first = next_id(Agreement)
        first_party, first_cover = next_id(AgreementParty), next_id(AgreementDataset)
        mix = [
            ("draft", 10),
            ("awaiting_signatures", 10),
            ("active", 50),
            ("review_due", 10),
            ("expired", 10),
            ("terminated", 5),
            ("superseded", 5),
        ]
        paths = {
            "draft": [],
            "awaiting_signatures": ["awaiting_signatures"],
            "active": ["awaiting_signatures", "active"],
            "review_due": ["awaiting_signatures", "active", "review_due"],
            "expired": ["awaiting_signatures", "active", "expired"],
            "terminated": ["awaiting_signatures", "active", "terminated"],
            "superseded": ["awaiting_signatures", "active", "superseded"],
        }
        rows, hist, party_rows, party_hist, cover_rows, cover_hist, grants = [], [], [], [], [], [], []
        self.in_force_by_org: dict[int, list[int]] = defaultdict(list)
        party_pk, cover_pk = first_party, first_cover
        for n in range(self.size.agreements):
            pk, org = first + n, self._org_for(n)
            dpo = self.people[org][Role.DPO][0]
            contact = rng.choice(self.people[org][Role.ASSET_OWNER] + [dpo])
            created = self.when(1000, 60)
            status = weighted(rng, mix)
            start = created.date() + datetime.timedelta(days=rng.randint(7, 40))
            values: dict[str, Any] = {
                "id": pk,
                "reference": self.reference(org, "ISA", created),
                "title": f"Sharing for {rng.choice(PURPOSES).lower()} ({n:05d})",
                "organisation_id": org,
                "status": "draft",
                "purpose": rng.choice(PURPOSES) + ".",
                "legal_powers": rng.sample(["cda_1998_s115", "pcsc_2022_s16", "common_law"], 2),
                "lawful_basis": rng.choice(["part3", "6e", "6c"]),
                "data_items": "Name, date of birth, address, offence type and date.",
                "data_subjects": rng.sample(SUBJECTS, 2),
                "security": "Transferred by secure file transfer; held in the secure environment.",
                "retention_terms": "Deleted after 12 months.",
                "breach_procedure": "Report to both DPOs within 24 hours.",
                "contact_point_id": contact,
                "start_date": start,
                "review_date": start + datetime.timedelta(days=365),
                "end_date": start + datetime.timedelta(days=365 * 3),
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
            row = table.row(values)
            hist.append(history.of(row, "+", created, contact, "Drafted"))
            moment, signed_at = created, None
            for step, name in enumerate(paths[status], start=2):
                moment = self.later(moment, 60)
                values.update(status=name, version=step)
                if name == "active":
                    signed_at = moment
                if name in ("expired", "terminated", "superseded"):
                    values["ended_at"] = moment
                row = table.row(values)
                hist.append(history.of(row, "~", moment, contact, f"Status: {name}"))
            rows.append(row)
            others = [o for o in rng.sample(self.orgs, min(len(self.orgs), 4)) if o != org][: rng.randint(1, 3)]
            people_here = {contact, dpo}
            for party_org, role in [(org, "provider")] + [(o, "recipient") for o in others]:
                signatory = self.people[party_org][Role.SIGNATORY][0]
                party = {
                    "id": party_pk,
                    "agreement_id": pk,
                    "organisation_id": party_org,
                    "role": role,
                    "signatory_id": signatory,
                }
                party_rows.append(parties.row(party))
                party_hist.append(party_history.of(parties.row(party), "+", created, contact, ""))
                if signed_at is not None:
                    party.update(
                        signed_at=signed_at, signed_by_id=signatory, signed_as="Director", signed_version="1.0"
                    )
                    party_rows[-1] = parties.row(party)
                    party_hist.append(party_history.of(parties.row(party), "~", signed_at, signatory, "Signed"))
                party_pk += 1
                people_here.add(signatory)
            own = self.datasets_by_org[org]
            for dataset in {rng.choice(own) for _ in range(rng.randint(1, 3))} if own and others else set():
                cover = {
                    "id": cover_pk,
                    "agreement_id": pk,
                    "dataset_id": dataset,
                    "provider_id": org,
                    "recipient_id": others[0],
                }
                cover_rows.append(covers.row(cover))
                cover_hist.append(cover_history.of(covers.row(cover), "+", created, contact, ""))
                cover_pk += 1
            for person in people_here:
                grants.append((person, pk, "isa.view_agreement"))
            for person in {contact, dpo}:
                grants.append((person, pk, "isa.change_agreement"))
            if status in ("active", "review_due"):
                self.in_force_by_org[org].append(pk)
        self.writer.copy(table, rows)
        self.writer.copy(history, hist, "history: agreement")
        self.writer.copy(parties, party_rows)
        self.writer.copy(party_history, party_hist, "history: agreement party")
        self.writer.copy(covers, cover_rows)
        self.writer.copy(cover_history, cover_hist, "history: agreement dataset")
        self.writer.copy(perm, self.perm_rows(perm, grants), "permissions: agreement")

    def requests_and_grants(self) -> None:
        from governance.models import DatasetUserObjectPermission
        from isa.models import (
            AccessGrant,
            AccessRequest,
            AccessRequestUserObjectPermission,
            Approval,
            RequestedDataset,
        )

        rng = self.rng
        table, perm = Table(AccessRequest), Table(AccessRequestUserObjectPermission, with_pk=False)
        history = HistoryTable(table)
        lines, approvals, grants_table = Table(RequestedDataset), Table(Approval), Table(AccessGrant)
        line_history, approval_history = HistoryTable(lines), HistoryTable(approvals)
        grant_history = HistoryTable(grants_table)
        dataset_perm = Table(DatasetUserObjectPermission, with_pk=False)
        first, line_pk = next_id(AccessRequest), next_id(RequestedDataset)
        approval_pk, grant_pk = next_id(Approval), next_id(AccessGrant)
        mix = [("submitted", 12), ("info_requested", 5), ("approved", 70), ("refused", 8), ("withdrawn", 5)]
        rows, hist, line_rows, line_hist, approval_rows, approval_hist = [], [], [], [], [], []
        grant_rows, grant_hist, request_perms, dataset_grants = [], [], [], set()
        n = 0
        made = 0
        while made < self.size.grants:
            pk, org = first + n, self._org_for(n)
            requester = self._analyst(org)
            project = rng.choice(self.projects_by_org[org])
            created = self.when(800, 2)
            status = weighted(rng, mix)
            start = created.date() + datetime.timedelta(days=rng.randint(1, 30))
            values: dict[str, Any] = {
                "id": pk,
                "reference": self.reference(org, "AR", created),
                "requester_id": requester,
                "organisation_id": org,
                "project_id": project,
                "status": "submitted",
                "research_questions": "Which neighbourhoods see repeat victimisation?",
                "policing_benefit": "Targets neighbourhood policing patrols.",
                "safe_project": "Approved by the DPO.",
                "safe_people": "Vetted analysts with data protection training.",
                "safe_setting": "The force's secure analytics environment.",
                "safe_data": "Pseudonymised at extraction.",
                "safe_outputs": "Counts under 10 suppressed.",
                "fields_needed": "Offence type, date, location, victim identifier.",
                "pseudonymised_sufficient": "yes",
                "start_date": start,
                "end_date": start + datetime.timedelta(days=rng.choice([90, 180, 365])),
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
            row = table.row(values)
            hist.append(history.of(row, "+", created, requester, "Submitted"))
            decided = self.later(created, 20)
            if status != "submitted":
                values.update(status=status, version=2, decided_at=decided if status != "info_requested" else None)
                row = table.row(values)
                hist.append(history.of(row, "~", decided, requester, f"Status: {status}"))
            rows.append(row)
            request_perms.append((requester, pk, "isa.view_accessrequest"))
            chosen: set[int] = set()
            for _ in range(rng.randint(2, 6)):
                source = org if rng.random() < 0.5 else rng.choice(self.orgs)
                if self.datasets_by_org[source]:
                    chosen.add(rng.choice(self.datasets_by_org[source]))
            for dataset in sorted(chosen):
                dataset_org, owner = self.dataset_info[dataset]
                line_status = {"approved": "approved", "refused": "refused"}.get(status, "pending")
                line = {"id": line_pk, "request_id": pk, "dataset_id": dataset, "status": "pending"}
                line_hist.append(line_history.of(lines.row(line), "+", created, requester, ""))
                line["status"] = line_status
                line_rows.append(lines.row(line))
                if line_status != "pending":
                    line_hist.append(line_history.of(lines.row(line), "~", decided, owner, ""))
                    approval = {
                        "id": approval_pk,
                        "line_id": line_pk,
                        "role": "asset_owner",
                        "decision": "approve" if line_status == "approved" else "refuse",
                        "decided_by_id": owner,
                        "decided_at": decided,
                        "conditions": "",
                    }
                    approval_rows.append(approvals.row(approval))
                    approval_hist.append(approval_history.of(approvals.row(approval), "+", decided, owner, ""))
                    approval_pk += 1
                if line_status == "approved":
                    in_force = self.in_force_by_org.get(dataset_org) if dataset_org != org else None
                    grant_status = weighted(rng, [("active", 70), ("expired", 20), ("revoked", 7), ("suspended", 3)])
                    access = {
                        "id": grant_pk,
                        "user_id": requester,
                        "dataset_id": dataset,
                        "request_id": pk,
                        "agreement_id": rng.choice(in_force) if in_force else None,
                        "starts_on": values["start_date"],
                        "expires_on": values["end_date"],
                        "status": "active",
                        "created_at": decided,
                    }
                    grant_hist.append(grant_history.of(grants_table.row(access), "+", decided, owner, "Granted"))
                    if grant_status != "active":
                        ended = self.later(decided, 200)
                        access.update(status=grant_status, ended_at=ended, ended_reason=f"{grant_status.title()}")
                        grant_hist.append(grant_history.of(grants_table.row(access), "~", ended, None, ""))
                    elif (requester, dataset) not in dataset_grants and owner != requester:
                        dataset_grants.add((requester, dataset))
                    grant_rows.append(grants_table.row(access))
                    grant_pk += 1
                    made += 1
                line_pk += 1
            n += 1
        self.writer.copy(table, rows)
        self.writer.copy(history, hist, "history: access request")
        self.writer.copy(lines, line_rows)
        self.writer.copy(line_history, line_hist, "history: requested dataset")
        self.writer.copy(approvals, approval_rows)
        self.writer.copy(approval_history, approval_hist, "history: approval")
        self.writer.copy(grants_table, grant_rows)
        self.writer.copy(grant_history, grant_hist, "history: access grant")
        self.writer.copy(perm, self.perm_rows(perm, request_perms), "permissions: access request")
        self.writer.copy(
            dataset_perm,
            self.perm_rows(dataset_perm, ((u, d, "governance.view_dataset") for u, d in sorted(dataset_grants))),
            "permissions: dataset (grants)",
        )

    def ethics(self) -> None:
        from ethics.models import (
            AdviceOption,
            Case,
            CaseUserObjectPermission,
            Committee,
            CommitteeMember,
            Meeting,
            TermsOfReference,
        )
        from ethics.models.committees import DEFAULT_OPTIONS

        rng = self.rng
        committee_of: dict[int, int] = {}
        first_committee = next_id(Committee)
        committee_rows, members, terms, options, meetings = [], [], [], [], []
        committee_table, member_table = Table(Committee), Table(CommitteeMember, with_pk=False)
        terms_table, option_table = Table(TermsOfReference), Table(AdviceOption, with_pk=False)
        meeting_table = Table(Meeting, with_pk=False)
        first_terms = next_id(TermsOfReference)
        for index, start in enumerate(range(0, len(self.orgs), ORGANISATIONS_PER_COMMITTEE)):
            pk, host = first_committee + index, self.orgs[start]
            for org in self.orgs[start : start + ORGANISATIONS_PER_COMMITTEE]:
                committee_of[org] = pk
            committee_rows.append(
                committee_table.row(
                    {"id": pk, "name": f"Scale ethics committee {index + 1:02d}", "organisation_id": host}
                )
            )
            for slot, person in enumerate(self.people[host][Role.ETHICS_MEMBER]):
                members.append(
                    member_table.row(
                        {
                            "committee_id": pk,
                            "person_id": person,
                            "name": f"Member {person}",
                            "role": "chair" if slot == 0 else "independent",
                            "starts_on": (self.now - datetime.timedelta(days=1000)).date(),
                        }
                    )
                )
            terms_pk = first_terms + index
            secretary = self.people[host][Role.ETHICS_SECRETARY][0]
            terms.append(
                terms_table.row(
                    {
                        "id": terms_pk,
                        "committee_id": pk,
                        "version": 1,
                        "effective_from": (self.now - datetime.timedelta(days=1000)).date(),
                        "created_by_id": secretary,
                        "created_at": self.now - datetime.timedelta(days=1000),
                    }
                )
            )
            for letter, (label, text) in DEFAULT_OPTIONS.items():
                options.append(option_table.row({"terms_id": terms_pk, "letter": letter, "label": label, "text": text}))
            for month in range(MEETINGS_PER_COMMITTEE):
                day = (self.now + datetime.timedelta(days=30 * (month - MEETINGS_PER_COMMITTEE + 3))).date()
                meetings.append(
                    meeting_table.row(
                        {
                            "committee_id": pk,
                            "number": month + 1,
                            "date": day,
                            "start_time": datetime.time(10, 0),
                            "place": "Headquarters, committee room 1",
                            "status": "planned" if day > self.now.date() else "published",
                        }
                    )
                )
        self._fix_choices(Meeting, meetings, meeting_table)
        self.writer.copy(committee_table, committee_rows)
        self.writer.copy(member_table, members)
        self.writer.copy(terms_table, terms)
        self.writer.copy(option_table, options)
        self.writer.copy(meeting_table, meetings)

        table, perm = Table(Case), Table(CaseUserObjectPermission, with_pk=False)
        history = HistoryTable(table)
        first = next_id(Case)
        mix = [
            ("submitted", 20),
            ("scheduled", 10),
            ("more_information", 10),
            ("advised", 30),
            ("closed", 25),
            ("withdrawn", 5),
        ]
        paths = {
            "submitted": [],
            "scheduled": ["scheduled"],
            "more_information": ["scheduled", "heard", "more_information"],
            "advised": ["scheduled", "heard", "advised"],
            "closed": ["scheduled", "heard", "advised", "closed"],
            "withdrawn": ["withdrawn"],
        }
        rows, hist, grants = [], [], []
        project_ids = list(self.project_info)
        for n in range(self.size.cases):
            pk = first + n
            project = rng.choice(project_ids)
            org, lead, _ = self.project_info[project]
            created = self.when(900, 3)
            status = weighted(rng, mix)
            values: dict[str, Any] = {
                "id": pk,
                "reference": f"{self.codes[org]}_{created.year}_{n:05d}_analysis",
                "title": f"Ethics review: {rng.choice(PURPOSES).lower()}",
                "committee_id": committee_of[org],
                "kind": rng.choice(["explanatory", "predictive", "descriptive", "exploratory"]),
                "team": "Data Analytics Lab",
                "organisation_id": org,
                "project_id": project,
                "screening_id": self.settled_by_project.get(project),
                "summary": "The paper proposes an analysis of police records.",
                "submitted_by_id": lead,
                "status": "submitted",
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
            row = table.row(values)
            hist.append(history.of(row, "+", created, lead, "Submitted to the committee"))
            moment = created
            for step, name in enumerate(paths[status], start=2):
                moment = self.later(moment, 40)
                values.update(status=name, version=step)
                if name == "closed":
                    values["closed_at"] = moment
                row = table.row(values)
                hist.append(history.of(row, "~", moment, lead, f"Status: {name}"))
            rows.append(row)
            grants += [(lead, pk, "ethics.view_case"), (lead, pk, "ethics.change_case")]
        self.writer.copy(table, rows)
        self.writer.copy(history, hist, "history: case")
        self.writer.copy(perm, self.perm_rows(perm, grants), "permissions: case")

    def reference_counters(self) -> None:
        from governance.models import ReferenceCounter

        counters = Table(ReferenceCounter, with_pk=False)
        self.writer.copy(
            counters,
            (
                counters.row({"organisation_id": org, "prefix": prefix, "year": year, "last_value": value})
                for (org, prefix, year), value in sorted(self.counters.items())
            ),
        )


def totals(counts: Counter[str]) -> dict[str, int]:
    """The figures the issue names: history rows and permission rows summed over their tables."""
    history = sum(v for k, v in counts.items() if k.startswith("history: "))
    permissions = sum(v for k, v in counts.items() if k.startswith("permissions: "))
    return {"history rows": history, "object-permission rows": permissions}
