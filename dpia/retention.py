"""The DPIA records retention schedules can govern."""

from __future__ import annotations

from retention.registry import DateSource, RecordType, register

register(
    RecordType(
        key="dpia.screening",
        label="DPIA screenings",
        organisation="organisation_id",
        project="project_id",
        dates={
            "created": DateSource("when it was started", "created_at"),
            "closed": DateSource("when the DPO decided the outcome", "decided_on"),
            "last_activity": DateSource("when it last changed", "updated_at"),
        },
        describe=lambda screening: f"DPIA screening {screening.reference}",
        owner=lambda screening: screening.author,
        related=("author",),
        anonymisable={
            "information_asset_owner": "Information Asset Owner (a name)",
            "information_custodian": "Information Custodian (a name)",
            "dpia_coordinator": "DPIA Coordinator (a name)",
        },
    )
)

register(
    RecordType(
        key="dpia.assessment",
        label="DPIA assessments (stage 2)",
        organisation="organisation_id",
        project="project_id",
        dates={
            "created": DateSource("when it was started", "created_at"),
            "closed": DateSource("when it was signed off", "signed_off_at"),
            "last_activity": DateSource("when it last changed", "updated_at"),
            "next_review_on": DateSource("its next review date", "next_review_on"),
        },
        fixed_dates=("next_review_on",),
        describe=lambda assessment: f"DPIA assessment {assessment.reference}",
        owner=lambda assessment: assessment.project.lead,
        related=("project__lead",),
    )
)
