"""The ethics committee's records retention schedules can govern: cases and their papers."""

from __future__ import annotations

from retention.registry import DateSource, RecordType, register

register(
    RecordType(
        key="ethics.case",
        label="Ethics committee cases",
        organisation="organisation_id",
        project="project_id",
        dates={
            "created": DateSource("when it was submitted", "created_at"),
            "closed": DateSource("when it was closed or withdrawn", "closed_at"),
            "last_activity": DateSource("when it last changed", "updated_at"),
        },
        describe=lambda case: f"Ethics case {case.reference}",
        owner=lambda case: case.submitted_by,
        related=("submitted_by",),
        anonymisable={"summary": "The summary"},
    )
)

register(
    RecordType(
        key="ethics.casepaper",
        label="Ethics committee papers (uploaded files)",
        organisation="case__organisation_id",
        project="case__project_id",
        dates={
            "created": DateSource("when it was uploaded", "uploaded_at"),
            "closed": DateSource("when its case was closed or withdrawn", "case__closed_at"),
        },
        describe=lambda paper: f"Paper {paper.pk} of ethics case {paper.case.reference}",
        owner=lambda paper: paper.case.submitted_by,
        related=("case__submitted_by",),
    )
)
