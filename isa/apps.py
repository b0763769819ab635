from django.apps import AppConfig


class IsaConfig(AppConfig):
    name = "isa"
    verbose_name = "Information sharing agreements and access"
