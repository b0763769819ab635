"""Generated input posted to every form of the site: bad input comes back as the form with messages (200 or
400), never a server error, and nothing of it is half-saved.

The forms come from the permission matrix (``matrix.py``): every HTML URL declared with a POST, posted by
the first persona allowed to act. The test reads the form's fields from the page the persona is shown
(inputs, their types and hidden values, selects and radios with their options, checkboxes, textareas) and
hypothesis builds bodies from them: each field left out, empty, a valid option, or junk (unicode, very long
text, NUL bytes, numbers out of range, impossible dates). Each example runs in a savepoint that is rolled
back, so examples do not meet each other's records. An answer that shows the form again must come with an
error and must not have written an audit event or a history row (every saved change writes both, in the
same transaction as the change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from tests.security.conftest import Site
from tests.security.matrix import API, MATRIX, OK, address

pytestmark = pytest.mark.django_db

EXAMPLES = 12  # per form: about 95 forms, so the module stays within a few minutes


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, select, radio, checkbox, file, number, date-part, button
    options: list[str] = field(default_factory=list)
    value: str = ""
    multiple: bool = False


class FormReader(HTMLParser):
    """The fields of the page's first ``<form method="post">`` that posts back to the page itself."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.fields: dict[str, Field] = {}
        self.found = False
        self._inside = False
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            posts_here = attributes.get("action", "") in ("", self.path, self.path.split("?")[0])
            self._inside = not self.found and attributes.get("method", "").lower() == "post" and posts_here
            self.found = self.found or self._inside
            return
        if not self._inside:
            return
        name = attributes.get("name", "")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attributes.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.fields.setdefault(name, Field(name, kind)).options.append(attributes.get("value", "on"))
            elif kind not in ("submit", "button", "reset", "image"):
                if name[-2:] in ("_0", "_1", "_2") and attributes.get("inputmode") == "numeric":
                    kind = "date-part"
                self.fields[name] = Field(name, kind, value=attributes.get("value", ""))
        elif tag == "textarea" and name:
            self.fields[name] = Field(name, "textarea")
        elif tag == "select" and name:
            self._select = self.fields[name] = Field(name, "select", multiple="multiple" in attributes)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value", ""))
        elif tag == "button" and name:
            self.fields.setdefault(name, Field(name, "button")).options.append(attributes.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None


# What a POST-only action (a button on another page) is sent, beyond the declared body.
ACTION_FIELDS = [Field("version", "hidden", value="1"), Field("reason", "textarea"), Field("note", "textarea")]

IMPOSSIBLE = ["31/02/2026", "2026-13-45", "2026-02-31", "99999-01-01", "0000-00-00", "-1", "1e309", "NaN", "32"]
# Characters a browser can send: anything UTF-8 can encode (lone surrogates cannot be posted at all).
sendable = st.characters(codec="utf-8")
junk = st.one_of(
    st.just(""),
    st.text(alphabet=sendable, max_size=40),
    st.text(alphabet=st.sampled_from("\x00\u200b\ufeff\U0001f600é\n\r<>'\"&;%"), max_size=20),
    st.builds(lambda char, times: char * times, sendable, st.integers(1_000, 20_000)),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(IMPOSSIBLE),
)


def value_of(spec: Field) -> st.SearchStrategy[Any]:
    if spec.kind in ("select", "radio", "button") and spec.options:
        return st.one_of(st.sampled_from(spec.options), junk)
    if spec.kind == "checkbox" or (spec.kind == "select" and spec.multiple):
        return st.one_of(st.lists(st.sampled_from(spec.options or ["on"]), max_size=4), junk.map(lambda v: [v]))
    if spec.kind == "hidden":
        return st.one_of(st.just(spec.value), junk)
    if spec.kind == "date-part":
        return st.one_of(st.integers(-5, 10_000).map(str), st.sampled_from(["1", "12", "2026", "31"]), junk)
    if spec.kind == "file":
        return st.builds(
            lambda name, body: SimpleUploadedFile(name, body), st.sampled_from(["a.pdf", "x"]), st.binary()
        )
    return junk


def bodies(fields: dict[str, Field], base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Each field left out (None) or given a value; ``base`` (the declared body) under it."""
    generated = st.fixed_dictionaries({name: st.one_of(st.none(), value_of(spec)) for name, spec in fields.items()})
    return generated.map(lambda body: {**base, **{name: value for name, value in body.items() if value is not None}})


HISTORY_TABLES = [model._meta.db_table for model in apps.get_models() if model.__name__.startswith("Historical")]


def saved_changes() -> tuple[int, int]:
    """The audit events and the history rows, in one query (it runs twice per example)."""
    # Table names from the models, not input.
    history = " + ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in HISTORY_TABLES)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM {AuditEvent._meta.db_table}), {history}")  # noqa: S608
        events, rows = cursor.fetchone()
    return events, rows


# Pages that save what is valid as a draft and then say what is still missing: a page shown again after a
# save is their design, not a half-save. (The other checks still apply.)
SAVES_DRAFTS = {
    "dpia:screening_section": "a section's valid answers are saved as a draft; 'continue' then lists what is missing",
}

# URLs with a POST whose page, in the world, has no form to fill.
NO_FORM = {
    "accounts:password_reset_confirm": "the world's reset link is not a real one, so the page says so and has no form",
}

FORMS = [name for name, url in MATRIX.items() if url.post is not None and url.anonymous != API and name not in NO_FORM]


def _actor(name: str) -> str:
    post = MATRIX[name].post or {}
    return next(persona for persona, status in post.items() if status == OK)


@pytest.mark.parametrize("name", FORMS)
def test_bad_input_is_answered_with_the_form_and_nothing_is_saved(site: Site, name: str):
    url = MATRIX[name]
    path = address(name, site.world)
    client: Client = site.clients[_actor(name)]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    base = url.data(site.world) if url.data else {}
    fields = {spec.name: spec for spec in ACTION_FIELDS}
    if url.get is not None and (page := client.get(path)).status_code == 200:
        reader = FormReader(path)
        reader.feed(page.content.decode())
        assert reader.found, f"{path} shows no form that posts to it: if that is right, say why in NO_FORM"
        fields = reader.fields

    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(body=bodies(fields, base))
    def answered_without_half_saving(body: dict[str, Any]) -> None:
        with transaction.atomic():
            before = saved_changes()
            try:
                response = client.post(path, body)
            except Exception as error:  # noqa: BLE001  (the test client re-raises a view's exception)
                pytest.fail(f"POST {path} raised {error!r} (a server error) for {body!r}")
            finally:
                client.cookies[settings.SESSION_COOKIE_NAME] = cookie
            status = response.status_code
            assert status in (200, 302, 400), f"POST {path} answered {status} for {body!r}"
            if status != 302:
                assert name in SAVES_DRAFTS or saved_changes() == before, (
                    f"POST {path} answered {status} but saved something: {body!r}"
                )
                page = response.content.decode()
                assert "govuk-error-summary" in page or "govuk-error-message" in page, (
                    f"POST {path} answered {status} without saying what is wrong: {body!r}"
                )
            transaction.set_rollback(True)

    answered_without_half_saving()
