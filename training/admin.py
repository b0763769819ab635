"""An organisation's training policy (refresher period, induction days) is set in the admin; training
records are read here and recorded through the Training pages or the import, which check them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from training.models import TrainingPolicy, TrainingRecord


@admin.register(TrainingPolicy)
class TrainingPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "refresher_months", "induction_days"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["person", "course", "completed_on", "expires_on", "source"]
    list_filter = ["organisation", "source"]
    search_fields = ["person__username", "person__last_name", "course", "evidence"]
    readonly_fields = [f.name for f in TrainingRecord._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
