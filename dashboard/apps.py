from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "SIRO dashboard"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import autodiscover_modules

        from dashboard import caching
        from dashboard.scope import sees_dashboard
        from dashboard.sources import register_builtin
        from governance.navigation import Section, register

        # Every write to the records the figures count throws away the figures kept in the cache.
        connection_created.connect(caching.install, dispatch_uid="dashboard.caching")
        for connection in connections.all(initialized_only=True):
            caching.install(connection=connection)
        register_builtin()
        # Apps built later add their panels and exceptions in a ``dashboard`` module of their own.
        autodiscover_modules("dashboard")
        register(Section("Dashboard", "dashboard:index", 5, sees_dashboard))
