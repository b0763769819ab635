"""The sharing records retention schedules can govern, and the extracts of datasets that access grants
let projects take (deleted at their source, and confirmed by the dataset's asset owner)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from retention.extracts import Extract, register_extracts
from retention.registry import DateSource, RecordType, as_date, register

if TYPE_CHECKING:
    from retention.models import RetentionSchedule

_FIVE_SAFES = {
    "research_questions": "The research questions",
    "policing_benefit": "How the answers inform policing",
    "safe_people": "Safe people (names the analysts)",
    "fields_needed": "Fields needed",
    "pseudonymised_reason": "Why identifiable data is needed",
    "info_question": "What the approver needed",
}

register(
    RecordType(
        key="isa.agreement",
        label="Information sharing agreements",
        organisation="organisation_id",
        dataset="covered_datasets__dataset_id",
        dates={
            "created": DateSource("when it was drafted", "created_at"),
            "closed": DateSource("when it expired, was terminated or superseded", "ended_at"),
            "last_activity": DateSource("when it last changed", "updated_at"),
            "end_date": DateSource("its end date", "end_date"),
        },
        fixed_dates=("end_date",),
        describe=lambda agreement: f"Sharing agreement {agreement.reference}",
        owner=lambda agreement: agreement.contact_point,
        related=("contact_point",),
    )
)

register(
    RecordType(
        key="isa.agreementattachment",
        label="Signed agreements and annexes (uploaded files)",
        organisation="agreement__organisation_id",
        dataset="agreement__covered_datasets__dataset_id",
        dates={
            "created": DateSource("when it was uploaded", "uploaded_at"),
            "closed": DateSource("when its agreement ended", "agreement__ended_at"),
        },
        describe=lambda attachment: f"File {attachment.pk} of sharing agreement {attachment.agreement.reference}",
        owner=lambda attachment: attachment.agreement.contact_point,
        related=("agreement__contact_point",),
    )
)

register(
    RecordType(
        key="isa.accessrequest",
        label="Access requests",
        organisation="organisation_id",
        project="project_id",
        dataset="lines__dataset_id",
        dates={
            "created": DateSource("when it was made", "created_at"),
            "closed": DateSource("when it was decided or withdrawn", "decided_at"),
            "last_activity": DateSource("when it last changed", "updated_at"),
            "end_date": DateSource("the end of the access asked for", "end_date"),
        },
        fixed_dates=("end_date",),
        describe=lambda request: f"Access request {request.reference}",
        owner=lambda request: request.requester,
        related=("requester",),
        anonymisable=_FIVE_SAFES,
    )
)

register(
    RecordType(
        key="isa.accessgrant",
        label="Access grants",
        organisation="request__organisation_id",
        project="request__project_id",
        dataset="dataset_id",
        dates={
            "created": DateSource("when it was granted", "created_at"),
            "closed": DateSource("when it ended", "ended_at"),
            "expires_on": DateSource("its expiry date", "expires_on"),
        },
        fixed_dates=("expires_on",),
        describe=lambda grant: f"Access grant {grant.pk} under request {grant.request.reference}",
        owner=lambda grant: grant.dataset.information_asset_owner,
        related=("request", "dataset__information_asset_owner"),
    )
)


@register_extracts
def grant_extracts(schedule: RetentionSchedule, today: datetime.date) -> Iterator[Extract]:
    """The copy a project took under an access grant, due the schedule's period after the grant ended
    (expired or revoked; a suspended grant may resume)."""
    from isa.models import AccessGrant, GrantStatus
    from retention.models import DisposalConfirmation

    confirmed = DisposalConfirmation.objects.filter(
        dataset_id=OuterRef("dataset_id"), extract_key=OuterRef("extract_key")
    )
    grants = (
        AccessGrant.objects.filter(
            dataset__retention__schedule=schedule,
            status__in=[GrantStatus.EXPIRED, GrantStatus.REVOKED],
            ended_at__date__lte=schedule.latest_trigger(today),
        )
        .annotate(extract_key=_grant_key())
        .exclude(Exists(confirmed))
        .select_related("dataset__information_asset_owner", "request")
        .order_by("pk")
    )
    for grant in grants.iterator(chunk_size=200):
        ended_on = as_date(grant.ended_at)
        assert ended_on is not None
        due_on = schedule.due_on(ended_on)
        if due_on <= today:
            yield Extract(
                dataset_id=grant.dataset_id,
                key=f"grant:{grant.pk}",
                label=f"Extract of {grant.dataset.name} under request {grant.request.reference} (grant {grant.pk})",
                trigger_on=ended_on,
                due_on=due_on,
                project_id=grant.request.project_id,
                owner=grant.dataset.information_asset_owner,
            )


def _grant_key():  # type: ignore[no-untyped-def]
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    return Concat(Value("grant:"), Cast("pk", CharField()))
