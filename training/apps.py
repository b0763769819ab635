from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Data protection training"

    def ready(self) -> None:
        from governance.navigation import Section, everyone, register
        from training import prerequisites  # noqa: F401  (registers the training check on access requests)

        register(Section("Training", "training:mine", 80, everyone))
