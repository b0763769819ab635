from django.apps import AppConfig


class EthicsConfig(AppConfig):
    name = "ethics"
    verbose_name = "Ethics committee"

    def ready(self) -> None:
        from ethics import prerequisites  # noqa: F401  (registers the ethics advice check)
        from governance.navigation import Section, everyone, register
        from governance.panels import register_panel

        register(Section("Ethics", "ethics:index", 50, everyone))
        register_panel("project", "ethics/includes/project_panel.html", "ethics.panels.project_panel")
        register_panel("home", "ethics/includes/home_panel.html", "ethics.panels.home_panel")
