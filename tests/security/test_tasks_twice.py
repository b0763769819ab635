"""A Celery task delivered twice does its work once.

Tasks are acknowledged late (``CELERY_TASK_ACKS_LATE``), so a worker lost mid-task, or a broker that
times out a slow one, delivers it again; beat may also run a daily task twice around a restart. For every
task the project defines, ``DECLARED`` below builds the state in which it has work to do; the test runs
it, then runs it again with the same arguments, and the second run must change nothing: no e-mail, no
row added, changed or removed in any table, no file written. A task that is not declared fails the test,
so a new task has to say how it is safe to run twice.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import PackScope
from audit.services import pack_request
from dpia.models import Screening
from ethics.models import CasePaper
from ethics.services import paper_add
from governance.celery import app as celery_app
from governance.models import FormSubmission
from isa.models import AccessGrant, Agreement
from retention.services import schedule_create
from retention.sweep import sweep
from tests.breaches.conftest import reported
from tests.conftest import Personas
from tests.dpia.conftest import submitted
from tests.ethics.conftest import committee, submit  # noqa: F401  (committee is a fixture)
from tests.factories import DatasetFactory, ProjectFactory
from tests.isa.conftest import ask, drafted, granted, in_force, settled_project
from training.models import TrainingRecord

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Declared:
    """How to give a task work to do. ``setup`` builds the state and returns the task's arguments.
    ``run_log`` names tables where each run rightly leaves a line saying it ran (not work done twice).
    ``visible`` is False for a task whose only effect is outside the database and mail (the heartbeat's
    timestamp in the cache, which each run rightly refreshes)."""

    setup: Callable[[Personas, pytest.FixtureRequest], tuple[Any, ...]]
    run_log: tuple[str, ...] = ()
    visible: bool = True


def _dataset(personas: Personas) -> Any:
    return DatasetFactory(information_asset_owner=personas.iao, name="Crime records")


def _paper(personas: Personas, request: pytest.FixtureRequest, uploaded_on: datetime.date) -> CasePaper:
    case = submit(request.getfixturevalue("committee"), personas.analyst)
    made = paper_add(case=case, actor=personas.analyst, upload=SimpleUploadedFile("paper.pdf", PDF, "application/pdf"))
    moment = timezone.make_aware(datetime.datetime.combine(uploaded_on, datetime.time(12)))
    CasePaper.objects.filter(pk=made.pk).update(uploaded_at=moment)
    return made


def _paper_schedule(personas: Personas, **overrides: Any) -> None:
    terms: dict[str, Any] = {
        "name": "Ethics papers: 7 years",
        "period_value": 7,
        "period_unit": "years",
        "trigger": "created",
        "action": "delete",
        "authority": "Force records policy",
        **overrides,
    }
    schedule_create(actor=personas.dpo, record_type="ethics.casepaper", **terms)


def screening_submitted(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    return (submitted(personas.analyst).pk, "submitted")


def screening_overdue(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    overdue = submitted(personas.analyst)
    Screening.objects.filter(pk=overdue.pk).update(due_on=YESTERDAY)
    return ()


def breach_reported(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    return (reported(personas.analyst).pk, "reported")


def breach_undecided(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    reported(personas.analyst)  # in March: the ICO decision is long overdue
    return ()


def training_lapsing_and_lapsed(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    granted(personas, _dataset(personas), settled_project(personas.analyst, personas.dpo))
    TrainingRecord.objects.filter(person=personas.analyst).update(
        completed_on=YESTERDAY - datetime.timedelta(days=365), expires_on=YESTERDAY
    )
    TrainingRecord.objects.filter(person=personas.colleague).update(expires_on=TODAY + datetime.timedelta(days=20))
    return ()


def papers_due(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    _paper_schedule(personas)
    _paper(personas, request, datetime.date(2018, 10, 1))
    return ()


def reviews_open(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    _paper_schedule(personas, name="Ethics papers: review at 7 years", action="review")
    _paper(personas, request, datetime.date(2018, 10, 1))
    assert sweep().counts["review opened"] == 1
    return ()


def sessions_expired(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - datetime.timedelta(1))
    return ()


def nothing(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    return ()


def old_submission_keys(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    old = FormSubmission.objects.create(key="k" * 32, user=personas.analyst, path="/projects/new/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    return ()


def grant_past_expiry(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    access = granted(personas, _dataset(personas), settled_project(personas.analyst, personas.dpo))
    AccessGrant.objects.filter(pk=access.pk).update(expires_on=YESTERDAY)
    return ()


def agreements_ending_and_for_review(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    ending = in_force(personas.dpo, personas.organisation, personas.other_organisation, [_dataset(personas)])
    Agreement.objects.filter(pk=ending.pk).update(end_date=YESTERDAY)
    in_force(
        personas.dpo,
        personas.organisation,
        personas.other_organisation,
        [DatasetFactory(information_asset_owner=personas.iao)],
        review_date=TODAY + datetime.timedelta(days=10),
    )
    return ()


def grant_made(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    return (granted(personas, _dataset(personas), settled_project(personas.analyst, personas.dpo)).pk,)


def agreement_for_signature(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    from isa.services.agreements import agreement_send_for_signature

    agreement = drafted(personas.dpo, personas.organisation, personas.other_organisation, [_dataset(personas)])
    agreement = agreement_send_for_signature(
        agreement=agreement, actor=personas.dpo, expected_version=agreement.version
    )
    return (agreement.pk, "signature")


def request_submitted(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    project = settled_project(personas.analyst, personas.dpo)
    return (ask(personas.analyst, project, [_dataset(personas)]).pk, "submitted")


def pack_queued(personas: Personas, request: pytest.FixtureRequest) -> tuple[Any, ...]:
    project = ProjectFactory(lead=personas.analyst)
    pack = pack_request(actor=personas.siro, scope=PackScope.PROJECT, project=project, purpose="ICO inquiry")
    return (pack.pk,)


DECLARED: dict[str, Declared] = {
    "audit.tasks.build_audit_pack": Declared(pack_queued),
    "audit.tasks.seal_events": Declared(nothing),  # the setup's own events are not sealed yet (no commit)
    "breaches.tasks.send_breach_notice": Declared(breach_reported),
    "breaches.tasks.send_ico_reminders": Declared(breach_undecided),
    "dpia.tasks.send_review_reminders": Declared(screening_overdue),
    "dpia.tasks.send_screening_notice": Declared(screening_submitted),
    "governance.tasks.clear_expired_sessions": Declared(sessions_expired),
    "governance.tasks.heartbeat": Declared(nothing, visible=False),
    "governance.tasks.prune_form_submissions": Declared(old_submission_keys),
    "isa.tasks.agreements_daily": Declared(agreements_ending_and_for_review),
    "isa.tasks.expire_grants": Declared(grant_past_expiry),
    "isa.tasks.send_agreement_notice": Declared(agreement_for_signature),
    "isa.tasks.send_grant_notice": Declared(grant_made),
    "isa.tasks.send_request_notice": Declared(request_submitted),
    # Each sweep records that it ran (with its counts, all nought the second time): the run log is evidence
    # that the daily sweep happens, not a second disposal.
    "retention.tasks.retention_sweep": Declared(papers_due, run_log=("retention.sweeprun",)),
    "retention.tasks.send_reminders": Declared(reviews_open),
    "training.tasks.send_reminders": Declared(training_lapsing_and_lapsed),
}


def project_task_names() -> set[str]:
    """The tasks defined in the project's own apps (not Celery's, nor a library's), found as a worker
    finds them."""
    celery_app.loader.import_default_modules()
    base = Path(settings.BASE_DIR).resolve()
    ours = {
        config.name
        for config in apps.get_app_configs()
        if base in Path(config.path).resolve().parents and ".venv" not in Path(config.path).parts
    }
    return {name for name in celery_app.tasks if name.split(".")[0] in ours}


def fingerprint(run_log: tuple[str, ...]) -> dict[str, str]:
    """A digest of every row of every table (less the run logs), and of the files in storage."""
    digests = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in run_log:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        digests[label] = hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()
    media = Path(settings.MEDIA_ROOT)
    files = sorted((str(path.relative_to(media)), path.stat().st_size) for path in media.rglob("*") if path.is_file())
    digests["files in storage"] = hashlib.sha256(json.dumps(files).encode()).hexdigest()
    return digests


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in after if before.get(label) != after[label])


def test_every_task_is_declared():
    """A new task must say here how it is given work, so that it is run twice below."""
    names = project_task_names()
    assert names, "no project tasks found: is the Celery app loading the apps' tasks?"
    assert sorted(names - DECLARED.keys()) == [], "declare these tasks in DECLARED"
    assert sorted(DECLARED.keys() - names) == [], "these declared tasks no longer exist"


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_a_task_delivered_twice_does_its_work_once(
    name, personas, request, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    declared = DECLARED[name]
    assert name in project_task_names()
    task = celery_app.tasks[name]
    arguments = declared.setup(personas, request)
    mail.outbox.clear()

    def deliver() -> None:
        # Callbacks on commit run, as they would after the task's transactions: the notices a task sends
        # through the queue are sent.
        with django_capture_on_commit_callbacks(execute=True):
            task.apply(args=arguments).get()

    before = fingerprint(declared.run_log)
    deliver()
    after_first, mails_after_first = fingerprint(declared.run_log), len(mail.outbox)
    if declared.visible:
        assert changed(before, after_first) or mails_after_first, f"{name} had no work to do: fix its setup"

    deliver()

    assert len(mail.outbox) == mails_after_first, [message.subject for message in mail.outbox[mails_after_first:]]
    assert changed(after_first, fingerprint(declared.run_log)) == []
