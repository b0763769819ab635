from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from governance import signals  # noqa: F401  (connects the sign-in receiver)
        from governance.roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="governance_role_groups")
