"""An app added later (a breach register, say) adds a panel or an exception with one registration, and
the dashboard shows it, with its list and CSV, without knowing the app."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.urls import reverse

from dashboard import registry
from dashboard.kinds import Bucket, BucketFigure, CountFigure, GroupedFigure, choices, record_column
from dashboard.registry import Panel, register_exception, register_panel
from governance.models import Project, ProjectStatus
from tests.dashboard.conftest import dashboard
from tests.factories import ProjectFactory


@pytest.fixture(autouse=True)
def registrations():
    """Registrations made by a test are forgotten after it."""
    panels, exceptions = dict(registry._panels), dict(registry._exceptions)
    yield
    registry._panels.clear()
    registry._panels.update(panels)
    registry._exceptions.clear()
    registry._exceptions.update(exceptions)


def proposed(scope):
    return Project.objects.visible_to(scope.user).filter(
        organisation_id=scope.organisation.pk, status=ProjectStatus.PROPOSED
    )


def test_an_exception_is_added_with_one_registration(client, personas):
    register_exception(
        CountFigure(key="ico-decision-overdue", title="ICO decisions overdue", queryset=proposed,
                    columns=(record_column("Breach"),), unit="breaches"),
        order=5,
    )  # fmt: skip
    project = ProjectFactory(lead=personas.analyst)
    response = dashboard(client, personas.siro)
    board = response.context["dashboard"]
    assert board.exceptions[0].title == "ICO decisions overdue"
    assert board.figure("ico-decision-overdue").total == 1 and board.figure("ico-decision-overdue").alert
    assert f'href="{project.get_absolute_url()}"' in response.text
    listed = client.get(reverse("dashboard:figure_list", args=["ico-decision-overdue"]))
    assert listed.status_code == 200 and listed.context["page"].paginator.count == 1
    assert '<th scope="col" class="govuk-table__header">Breach</th>' in listed.text


def test_a_panel_is_added_with_one_registration(client, personas):
    register_panel(
        Panel(
            key="breaches",
            title="Breaches",
            order=50,
            figures=(
                CountFigure(key="open-breaches", title="Open breaches", queryset=proposed),
                GroupedFigure(
                    key="breaches-by-status",
                    title="Breaches by status",
                    queryset=lambda scope: Project.objects.visible_to(scope.user),
                    group_by="status",
                    labels=choices(ProjectStatus.choices),
                ),
                BucketFigure(
                    key="breaches-reported",
                    title="Reported to the ICO",
                    queryset=lambda scope: Project.objects.visible_to(scope.user),
                    buckets=lambda scope: [Bucket("yes", "Within 72 hours", Q(status="proposed"))],
                ),
            ),
        )
    )
    ProjectFactory(lead=personas.analyst)
    response = dashboard(client, personas.siro)
    assert [panel.title for panel in response.context["dashboard"].panels][-1] == "Breaches"
    assert 'id="panel-breaches"' in response.text and 'aria-labelledby="chart-breaches-by-status-title' in response.text
    result = response.context["dashboard"].figure("breaches-by-status")
    assert {bar.label: bar.value for bar in result.bars}["Proposed"] == 1
    assert client.get(result.bars[0].url).context["page"].paginator.count == 1


def test_keys_are_unique_across_the_dashboard():
    with pytest.raises(ValueError, match="already registered"):
        register_exception(CountFigure(key="overdue-dpo-reviews", title="Again", queryset=proposed))
    with pytest.raises(ValueError, match="already registered"):
        register_panel(
            Panel(key="new", title="New", figures=(CountFigure(key="dpo-reviews", title="X", queryset=proposed),))
        )
    with pytest.raises(ValueError, match="already registered"):
        register_panel(Panel(key="dpia", title="Another DPIA panel", figures=()))
    figure = CountFigure(key="twice", title="Twice", queryset=proposed)
    with pytest.raises(ValueError, match="names a figure twice"):
        register_panel(Panel(key="twice", title="Twice", figures=(figure, figure)))


def test_registering_the_same_thing_again_changes_nothing():
    figure = CountFigure(key="open-breaches", title="Open breaches", queryset=proposed)
    first = register_exception(figure, order=70)
    assert register_exception(figure, order=70) == first
    panel = Panel(key="breaches", title="Breaches", figures=())
    assert register_panel(panel) is register_panel(panel)
    assert len([f for f in registry.exceptions() if f.key == "open-breaches"]) == 1


def test_a_figure_with_many_parts_lists_the_largest_and_counts_the_rest(client, personas):
    """A figure by project (or dataset) can have thousands of parts: the table lists the largest 25 and one
    line for the rest, so the page's size does not grow with the register."""
    from dashboard.kinds import TABLE_LIMIT

    register_panel(
        Panel(
            key="by-project",
            title="By project",
            order=60,
            figures=(
                GroupedFigure(
                    key="projects-by-name",
                    title="Projects by name",
                    queryset=lambda scope: Project.objects.visible_to(scope.user),
                    group_by="pk",
                    label_by="name",
                ),
            ),
        )
    )
    for number in range(TABLE_LIMIT + 3):
        ProjectFactory(lead=personas.analyst, name=f"Project {number:02d}")
    response = dashboard(client, personas.siro)
    result = response.context["dashboard"].figure("projects-by-name")
    assert len(result.bars) == TABLE_LIMIT and (result.more_bars, result.more_total) == (3, 3)
    assert result.total == TABLE_LIMIT + 3
    assert "3 more, each smaller (in the full list)" in response.text
