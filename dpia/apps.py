from django.apps import AppConfig


class DpiaConfig(AppConfig):
    name = "dpia"
    verbose_name = "Data protection impact assessments"

    def ready(self) -> None:
        from governance.navigation import Section, everyone, register
        from governance.panels import register_panel

        register(Section("DPIA", "dpia:review_queue", 30, everyone))
        register_panel("project", "dpia/includes/project_panel.html", "dpia.panels.project_panel")
        register_panel("home", "dpia/includes/home_panel.html", "dpia.panels.home_panel")
