from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in and sessions"

    def ready(self) -> None:
        from accounts import sessions

        sessions.connect()
