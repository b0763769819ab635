from __future__ import annotations

from django.contrib.auth.models import Group

from governance.roles import ROLE_MODEL_PERMISSIONS, Role


def test_the_migration_creates_every_role_with_its_permissions(db):
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(ROLE_MODEL_PERMISSIONS[role]), role


def test_no_role_reads_or_changes_every_record_through_model_permissions(db):
    for group in Group.objects.filter(name__in=Role.values):
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert not {c for c in codenames if c.startswith(("view_", "change_", "delete_"))}, group.name


def test_roles_are_read_once_per_request(personas, django_assert_num_queries):
    personas.dpo.__dict__.pop("role_names", None)
    with django_assert_num_queries(1):
        assert personas.dpo.has_role(Role.DPO)
        assert not personas.dpo.has_role(Role.SIRO)
        assert personas.dpo.reads_whole_organisation()
