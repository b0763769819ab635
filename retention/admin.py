"""Schedules may be kept in the admin as well as on the Retention pages (the same checks apply);
holds and disposal records are read here, never changed: holds go through their service, which keeps
them in step with a sweep in progress, and tombstones are permanent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from retention.models import DisposalRecord, LegalHold, RetentionSchedule
from retention.services import check_schedule


class ScheduleAdminForm(forms.ModelForm):
    class Meta:
        model = RetentionSchedule
        fields = [
            "record_type", "name", "period_value", "period_unit", "trigger", "fixed_date", "action",
            "anonymise_fields", "authority", "rationale", "review_first", "notice_days", "active",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_schedule(data.get("record_type", ""), data)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return data


@admin.register(RetentionSchedule)
class RetentionScheduleAdmin(SimpleHistoryAdmin):
    form = ScheduleAdminForm
    list_display = ["name", "organisation", "record_type", "period_value", "period_unit", "action", "active"]
    list_filter = ["organisation", "record_type", "action", "active"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.organisation_id = request.user.organisation_id  # type: ignore[union-attr]
            obj.created_by = request.user
        obj.version += 1 if change else 0
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "reason", "placed_at", "released_at"]
    list_filter = ["organisation", "reason"]


@admin.register(DisposalRecord)
class DisposalRecordAdmin(ReadOnlyAdmin):
    list_display = ["label", "record_type", "method", "disposed_at", "authorised_by"]
    list_filter = ["organisation", "record_type", "method"]
