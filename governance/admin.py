"""The admin is for reference data (organisations, forums, people and their roles).

Projects and datasets are changed in the service's own pages, through the services, so the admin
shows them read-only: a change made here would skip the workflow and its permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from governance.models import Dataset, Forum, ForumMembership, Organisation, Project, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_code", "kind", "dpo", "siro"]
    list_filter = ["kind"]
    search_fields = ["name", "short_code"]
    autocomplete_fields = ["dpo", "siro"]


class ForumMembershipInline(admin.TabularInline):
    model = ForumMembership
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    inlines = [ForumMembershipInline]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "job_title", "is_active"]
    list_filter = ["organisation", "groups", "is_active", "is_system_actor"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        ("Organisation", {"fields": ("organisation", "job_title")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Organisation", {"fields": ("organisation", "job_title", "groups")}),
    )


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["reference", "name", "organisation", "lead", "status"]
    list_filter = ["status", "organisation"]
    search_fields = ["reference", "name"]


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdmin):
    list_display = ["reference", "name", "organisation", "information_asset_owner", "status"]
    list_filter = ["status", "organisation", "protective_marking"]
    search_fields = ["reference", "name", "source_system"]
