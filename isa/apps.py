from django.apps import AppConfig


class IsaConfig(AppConfig):
    name = "isa"
    verbose_name = "Information sharing agreements and access"

    def ready(self) -> None:
        from governance.navigation import Section, everyone, register
        from governance.panels import register_panel

        register(Section("Agreements", "isa:register", 40, everyone))
        register(Section("Access", "isa:request_list", 45, everyone))
        register_panel("project", "isa/includes/project_panel.html", "isa.panels.project_panel")
        register_panel("dataset", "isa/includes/dataset_panel.html", "isa.panels.dataset_panel")
        register_panel("home", "isa/includes/home_panel.html", "isa.panels.home_panel")
