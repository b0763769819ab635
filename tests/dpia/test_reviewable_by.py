"""``reviewable_by`` (the DPO's review queue) gives exactly the screenings of the plain filter it replaced:
those the person was asked to review, and, for a DPO, their own organisation's; never drafts."""

from __future__ import annotations

from django.db.models import Q

from dpia.models import Screening, ScreeningStatus
from dpia.services.screenings import screening_submit
from governance.permissions import has_object_permission_q
from governance.roles import Role
from tests.dpia.conftest import low_risk_answers, start, submitted


def reference(user) -> set[int]:
    condition = has_object_permission_q(user, Screening, "review")
    if user.has_role(Role.DPO) and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return set(Screening.objects.filter(condition).exclude(status=ScreeningStatus.DRAFT).values_list("pk", flat=True))


def test_the_review_queue_is_the_asked_and_own_organisations_screenings(personas):
    own = submitted(personas.analyst)
    start(personas.analyst)  # a draft: nobody reviews it yet
    personas.organisation.dpo = personas.outsider_dpo  # a shared DPO service for the next one
    personas.organisation.save()
    draft = start(personas.analyst, **low_risk_answers())
    shared = screening_submit(screening=draft, actor=personas.analyst, expected_version=draft.version)
    elsewhere = submitted(personas.outsider)

    for user in (personas.dpo, personas.outsider_dpo, personas.analyst, personas.siro, personas.outsider):
        assert set(Screening.objects.reviewable_by(user).values_list("pk", flat=True)) == reference(user), user

    assert set(Screening.objects.reviewable_by(personas.dpo).values_list("pk", flat=True)) == {own.pk, shared.pk}
    assert set(Screening.objects.reviewable_by(personas.outsider_dpo).values_list("pk", flat=True)) == {
        shared.pk,
        elsewhere.pk,
    }
    assert not Screening.objects.reviewable_by(personas.analyst).exists()
