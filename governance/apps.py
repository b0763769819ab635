from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance core"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from governance import caching, signals  # noqa: F401  (signals connects the sign-in receiver)
        from governance.roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="governance_role_groups")
        # Every write to the records throws away the pages and figures kept in the cache.
        connection_created.connect(caching.install, dispatch_uid="governance.caching")
        for connection in connections.all(initialized_only=True):
            caching.install(connection=connection)
