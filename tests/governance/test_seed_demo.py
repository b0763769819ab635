from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from governance.demo import DEMO_PASSWORD
from governance.models import Dataset, Forum, Organisation, Project, User
from governance.permissions import holds_object_permission

DEMO_USERNAMES = ["dpo", "siro", "iao", "analyst", "secretary", "member", "signatory", "auditor", "outsider"]


def sign_in(client, username: str) -> bool:
    """Through the sign-in page, as a person does (the lockout check needs the request)."""
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    return response.status_code == 302


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
        assert sign_in(client, username), username
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
    sign_in(client, "outsider")
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


def test_the_ethics_demo_records_the_seed_meeting_in_full(client, demo):
    from ethics.models import CaseStatus, Hearing, Meeting, MeetingStatus
    from tests.pdf import pdf_text

    second = Meeting.objects.get(number=2)
    assert second.name == "The second formal meeting" and second.status == MeetingStatus.PUBLISHED
    options = [
        (item.hearing.case.reference, item.hearing.option)
        for item in second.agenda.select_related("hearing__case").order_by("order")
        if item.hearing
    ]
    assert options == [
        ("DAL_2018_0001_IOM_model", "E"),
        ("DAL_2019_0001_RASSO_analysis", "C"),
        ("DAL_2018_0002_Priorities", "E"),
        ("DAL_2019_0003_Disproportionality", "C"),
        ("DAL_2019_0004_Youth and MSV", "E"),
    ]
    assert set(second.attendance.filter(kind="apologies").values_list("name", flat=True)) == {
        "Jonathan Jardine",
        "DCC Louisa Rolfe",
        "Peter Fussey",
        "Claire Paterson-Young",
    }
    assert second.agenda.filter(title="The meeting was paused for lunch", time__hour=12, time__minute=30).exists()
    assert second.agenda.filter(title__startswith="Data Protection/GDPR training").exists()
    assert second.closed_at.strftime("%H:%M") == "15:00"
    assert Hearing.objects.get(case__reference="DAL_2019_0001_RASSO_analysis").conditions.count() == 2
    assert Hearing.objects.filter(case__reference="DAL_2018_0001_IOM_model").count() == 2
    third = Meeting.objects.get(number=3)
    assert third.status == MeetingStatus.PLANNED
    priorities = third.hearings.get().case
    assert priorities.reference == "DAL_2018_0002_Priorities" and priorities.status == CaseStatus.SCHEDULED

    sign_in(client, "member")
    text = pdf_text(client.get(reverse("ethics:minutes_pdf", args=[second.pk, "public"])).content)
    assert "Jane Bailey" not in text and "JB" in text
    assert (
        "Apologies were received from Claire Paterson-Young, DCC Louisa Rolfe, Jonathan Jardine and Peter Fussey."
        in text
    )


def test_every_demo_person_has_training_and_one_has_lapsed(client, demo):
    from django.utils import timezone

    from governance.demo import PEOPLE
    from governance.models import User
    from training.standing import Standing, status_of

    today = timezone.localdate()
    standings = {
        person.username: status_of(person, today).standing
        for person in User.objects.filter(username__in=[p.username for p in PEOPLE])
    }
    assert Standing.INDUCTION_DUE not in standings.values() and Standing.INDUCTION_OVERDUE not in standings.values()
    assert [name for name, standing in standings.items() if standing == Standing.LAPSED] == ["auditor"]
    assert standings["iao"] == Standing.DUE_SOON
    sign_in(client, "dpo")
    page = client.get("/training/staff/?standing=lapsed").text
    assert "Gary Holt" in page and "Daniel Price" not in page
