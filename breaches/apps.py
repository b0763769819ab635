from django.apps import AppConfig


class BreachesConfig(AppConfig):
    name = "breaches"
    verbose_name = "Personal data breaches"

    def ready(self) -> None:
        from governance.navigation import Section, everyone, register

        # Everyone signed in may report a suspected breach.
        register(Section("Breaches", "breaches:index", 55, everyone))
