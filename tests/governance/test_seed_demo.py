from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from governance.demo import DEMO_PASSWORD
from governance.models import Dataset, Forum, Organisation, Project, User
from governance.permissions import holds_object_permission

DEMO_USERNAMES = ["dpo", "siro", "iao", "analyst", "secretary", "member", "signatory", "auditor", "outsider"]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    from governance.models import ProjectUserObjectPermission

    return (
        Organisation.objects.count(),
        User.objects.count(),
        Project.objects.count(),
        Dataset.objects.count(),
        Forum.objects.count(),
        Project.history.count(),
        ProjectUserObjectPermission.objects.count(),
    )


@pytest.fixture
def demo(db, settings):
    settings.DEMO_MODE = True
    return seed()


def test_it_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        seed()
    assert not User.objects.exists()


def test_it_loads_the_seed_organisations_people_projects_and_datasets(demo):
    assert {
        "West Midlands Police",
        "Humberside Police",
        "West Midlands Violence Reduction Partnership",
        "Humber Violence Prevention Partnership",
    } <= set(Organisation.objects.values_list("name", flat=True))
    assert set(DEMO_USERNAMES) <= set(User.objects.values_list("username", flat=True))
    names = set(Project.objects.values_list("name", flat=True))
    for expected in (
        "National Data Analytics Solution (NDAS)",
        "RASSO analysis",
        "Priorities",
        "Disproportionality",
        "Youth and most serious violence",
        "Integrated Offender Management (IOM) model",
    ):
        assert expected in names
    assert Dataset.objects.filter(name="Custody records", source_system="ISIS custody system").exists()
    assert Forum.objects.get(name="Humber Information Governance Alliance").members.count() >= 6
    for username in DEMO_USERNAMES:
        assert f"  {username} " in demo


def test_loading_twice_changes_nothing(demo):
    before = counts()
    seed()
    assert counts() == before


def test_demo_people_sign_in_with_the_documented_password(client, demo):
    for username in DEMO_USERNAMES:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert not User.objects.get(username=username).is_superuser
        client.logout()


def test_records_are_made_through_the_services(demo):
    ndas = Project.objects.get(name="National Data Analytics Solution (NDAS)")
    analyst = User.objects.get(username="analyst")
    assert ndas.lead == analyst
    assert holds_object_permission(analyst, ndas, "change")
    assert ndas.history.earliest().history_user == analyst
    assert ndas.status == "active"


def test_the_outsider_sees_only_their_own_organisation(client, demo):
    client.login(username="outsider", password=DEMO_PASSWORD)
    page = client.get(reverse("project_list")).text
    assert "Humber serious violence" in page
    assert "RASSO" not in page


def test_the_dpia_demo_follows_the_seed_form(demo):
    import datetime

    from dpia.models import Screening

    ndas = Screening.objects.get(project__name="National Data Analytics Solution (NDAS)")
    assert (ndas.submitted_on, ndas.processing_commences) == (datetime.date(2019, 10, 24), datetime.date(2019, 11, 18))
    assert ndas.versions.get().due_on == datetime.date(2019, 11, 7)
    assert ndas.outcome == "C" and ndas.assessment.risks.count() == 2
    assert not ndas.assessment.is_signed_off
    outcomes = set(Screening.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes == {"A", "B", "C"}
    assert Screening.objects.filter(status="submitted").exists()
    assert Screening.objects.filter(status="returned").exists()
