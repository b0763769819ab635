from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from audit import events
        from audit.access import produces_packs
        from audit.registry import register as audited
        from governance.navigation import Section, register

        # Each app says how its records map to an organisation and a project, and which of them hold
        # special category or criminal offence data, in its own ``audit`` module.
        autodiscover_modules("audit")
        events.connect()
        audited("audit.auditpack", project="project_id")
        register(Section("Audit", "audit:pack_list", 70, produces_packs))
