from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "SIRO dashboard"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from dashboard.scope import sees_dashboard
        from dashboard.sources import register_builtin
        from governance.navigation import Section, register

        register_builtin()
        # Apps built later add their panels and exceptions in a ``dashboard`` module of their own.
        autodiscover_modules("dashboard")
        register(Section("Dashboard", "dashboard:index", 5, sees_dashboard))
