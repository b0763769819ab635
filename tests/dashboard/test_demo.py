"""The demo SIRO's dashboard has something in every panel and at least one exception to act on."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from dashboard.demo import IOM
from dpia.models import Screening
from tests.dashboard.conftest import dashboard


def test_the_demo_siro_finds_figures_and_exceptions(client, db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Dashboard: the IOM model's screening, past the DPO's 10 working days." in out.getvalue()
    from governance.models import User

    siro = User.objects.get(username="siro")
    board = dashboard(client, siro).context["dashboard"]
    flagged = {entry.title for entry in board.exceptions if entry.figure and entry.figure.total}
    assert flagged == {"DPO reviews overdue"}
    assert board.figure("overdue-dpo-reviews").samples[0].project.name == IOM
    for panel in board.panels:
        assert any(result.total for result in panel.figures), panel.title
    assert Screening.objects.get(project__name=IOM).due_on < board.today
    # Loading again adds nothing.
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "Dashboard: already loaded." in again.getvalue()
    assert Screening.objects.filter(project__name=IOM).count() == 1
