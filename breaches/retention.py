"""The breach records retention schedules can govern."""

from __future__ import annotations

from retention.registry import DateSource, RecordType, register

register(
    RecordType(
        key="breaches.breach",
        label="Personal data breaches",
        organisation="organisation_id",
        dataset="datasets__id",
        dates={
            "created": DateSource("when it was reported", "reported_at"),
            "closed": DateSource("when it was closed", "closed_at"),
            "last_activity": DateSource("when it last changed", "updated_at"),
        },
        describe=lambda breach: f"Breach {breach.reference}",
        owner=lambda breach: None,  # the organisation's DPO reviews it
        anonymisable={
            "summary": "What happened",
            "data_involved": "What data was involved",
            "lessons": "Lessons learnt",
        },
    )
)
