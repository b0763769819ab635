"""Issue and revoke API tokens, and make service accounts.

manage.py api_token create --user dpo --name "Reporting" --days 90
manage.py api_token create --service-account "Analytics platform" --organisation WMP --name "Prod" --days 90
manage.py api_token revoke 12
manage.py api_token list
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.models import ApiToken, ServiceAccount
from api.tokens import IssuedToken, service_account_create, token_create, token_revoke
from governance.models import Organisation, User
from governance.workflow import ServiceError


class Command(BaseCommand):
    help = "Create, revoke or list API tokens (a token is shown once, when it is created)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        create = sub.add_parser("create", help="Issue a token for a user or a service account.")
        create.add_argument("--user", help="Username of the person the token acts as.")
        create.add_argument("--service-account", help="Name of the service account (made if missing).")
        create.add_argument("--organisation", help="Short code of the service account's organisation.")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument("--days", type=int, default=90, help="Days until it expires (default 90).")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("id", type=int)
        sub.add_parser("list", help="List tokens (never their values).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['command']}")(options)
        except ServiceError as error:
            raise CommandError(str(error)) from error

    def _create(self, options: dict[str, Any]) -> None:
        if bool(options["user"]) == bool(options["service_account"]):
            raise CommandError("Give either --user or --service-account.")
        issued: IssuedToken
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']}.")
            issued = token_create(user=user, name=options["name"], days=options["days"], actor=None)
        else:
            organisation = Organisation.objects.filter(short_code=options["organisation"] or "").first()
            if organisation is None:
                raise CommandError("Give the service account's organisation with --organisation SHORTCODE.")
            account = ServiceAccount.objects.filter(
                organisation=organisation, name=options["service_account"]
            ).first() or service_account_create(organisation=organisation, name=options["service_account"], actor=None)
            issued = token_create(
                user=account.user, service_account=account, name=options["name"], days=options["days"], actor=None
            )
        token = issued.token
        self.stdout.write(f"Token {token.pk} for {token.user.username}, expires {token.expires_at:%Y-%m-%d %H:%M}.")
        self.stdout.write("Copy it now; it is not shown again:")
        self.stdout.write(issued.raw)

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=options["id"]).first()
        if token is None:
            raise CommandError(f"No token {options['id']}.")
        token_revoke(token=token, actor=None)
        self.stdout.write(f"Token {token.pk} ({token.name}) revoked.")

    def _list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.objects.select_related("user"):
            state = "revoked" if token.revoked_at else ("expired" if not token.is_usable else "usable")
            self.stdout.write(
                f"{token.pk}\t{token.prefix}…\t{token.user.username}\t{token.name}\t{state}\t"
                f"expires {token.expires_at:%Y-%m-%d}"
            )
