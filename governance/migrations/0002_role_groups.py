"""Create the role groups and the model permissions each carries (see ``governance.roles``)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here rather than imported, so later edits to governance.roles need a new migration.
ROLE_MODEL_PERMISSIONS = {
    "Data Protection Officer": ["add_project", "add_dataset"],
    "Senior Information Risk Owner": [],
    "Information asset owner": ["add_project", "add_dataset"],
    "Analyst or project lead": ["add_project"],
    "Ethics committee secretary": [],
    "Ethics committee member": [],
    "Partner signatory": [],
    "Auditor": [],
}


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    app_config = apps.get_app_config("governance")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="governance", codename__in=codenames))


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_MODEL_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
