from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention and disposal"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from governance.navigation import Section, register
        from governance.panels import register_panel
        from retention.access import sees_retention

        # Each app registers the record types it keeps in its own ``retention`` module.
        autodiscover_modules("retention")
        register(Section("Retention", "retention:index", 60, sees_retention))
        register_panel("dataset", "retention/includes/dataset_panel.html", "retention.panels.dataset_panel")
        register_panel("home", "retention/includes/home_panel.html", "retention.panels.home_panel")
