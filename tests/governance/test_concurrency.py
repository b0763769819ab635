"""Two people saving the same record at the same moment, on real PostgreSQL transactions."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from governance.models import Project
from governance.services.projects import project_change_status, project_update
from governance.workflow import EditConflict, ServiceError
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


def race(*calls):
    """Run each call in its own thread and connection, released together; return results or errors."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # the outcome is the error, examined by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_edits_from_the_same_version_one_wins_one_is_told(personas):
    project = ProjectFactory(lead=personas.analyst)

    def edit(actor, name):
        return lambda: project_update(
            project=project,
            actor=actor,
            expected_version=1,
            name=name,
            purpose=project.purpose,
            lead=personas.analyst,
            information_asset_owner=None,
            information_custodian="",
            datasets=[],
            start_date=None,
            end_date=None,
        )

    outcomes = race(edit(personas.analyst, "Analyst's name"), edit(personas.dpo, "DPO's name"))
    winners = [o for o in outcomes if isinstance(o, Project)]
    conflicts = [o for o in outcomes if isinstance(o, EditConflict)]
    assert len(winners) == 1 and len(conflicts) == 1
    project.refresh_from_db()
    assert project.name == winners[0].name
    assert project.version == 2
    assert project.history.count() == 2


def test_two_status_changes_at_once_do_not_both_apply(personas):
    project = ProjectFactory(lead=personas.analyst)

    def move(status):
        return lambda: project_change_status(
            project=project, actor=personas.analyst, status=status, reason="Board", expected_version=1
        )

    outcomes = race(move("active"), move("withdrawn"))
    assert sum(isinstance(o, Project) for o in outcomes) == 1
    assert sum(isinstance(o, ServiceError) for o in outcomes) == 1
    project.refresh_from_db()
    assert project.version == 2


def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
