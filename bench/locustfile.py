"""The load scenario: people of the scale estate working through the key pages at once (``make load-bench``).

One simulated person per Locust user, signed in through the site's own sign-in form (CSRF token and all)
as one of the scale personas, then asking for that persona's pages (``load_scenario.PAGES``) at a steady
``LOAD_RATE`` pages a second, chosen by the pages' weights. Users wait after signing in until every one
has tried; then all work for ``LOAD_WARMUP`` seconds before measuring begins (so sign-in's password
hashing, and the pages queued behind it, are not counted against the pages), which lasts ``LOAD_SECONDS``;
then the run stops itself. A page counts as a failure unless it answers 200: a redirect to the sign-in
page or to the second factor is a failure, not a fast page.

``bench/load.sh`` runs it against gunicorn; by hand:
``LOAD_PASSWORD=... locust -f bench/locustfile.py --headless -u 60 -r 10 --host http://127.0.0.1:8000``.

Cookies: production settings mark the session and CSRF cookies Secure, and the run is plain HTTP on the
loopback (as behind a proxy that ends TLS), so each user's cookie jar is told to send Secure cookies over
HTTP too; without that, sign-in would be refused for want of the CSRF cookie.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import gevent.event  # type: ignore[import-untyped]  # gevent ships no types
from load_scenario import CSRF_FIELD, LOGIN_PATH, SIGN_IN, LoadPage, personas, signed_in
from locust import FastHttpUser, constant_throughput, events
from locust.env import Environment
from locust.exception import StopUser

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
MEASURE_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
WARMUP_SECONDS = float(os.environ.get("LOAD_WARMUP", "10"))
RATE = float(os.environ.get("LOAD_RATE", "3"))  # pages a second each simulated person asks for, at most
META_PATH = os.environ.get("LOAD_META", "")  # where to write when measuring began and ended, for the summary

logger = logging.getLogger("load")


class Measurement:
    """Holds every user after sign-in until all have tried, lets them work for a warm-up, then clears the
    figures and starts the clock: neither sign-in's password hashing nor the pages queued behind it, nor
    the burst of everyone starting at once, are counted against the pages."""

    def __init__(self) -> None:
        self.tried = 0
        self.failed = 0
        self.all_tried = gevent.event.Event()
        self.first_sign_in: float | None = None
        self.last_sign_in: float | None = None
        self.started: float | None = None
        self.ended: float | None = None

    def signed_in(self, environment: Environment, *, ok: bool) -> None:
        now = time.time()
        self.first_sign_in = self.first_sign_in or now
        self.tried += 1
        self.failed += not ok
        users = environment.parsed_options.num_users if environment.parsed_options else 1
        if self.tried >= users and not self.all_tried.is_set():
            self.last_sign_in = now
            self.all_tried.set()
            logger.info("All %d users tried to sign in (%d failed): warming up", users, self.failed)
            gevent.spawn_later(WARMUP_SECONDS, self.begin, environment)

    def begin(self, environment: Environment) -> None:
        if self.ended is not None:
            return
        environment.stats.reset_all()
        self.started = time.time()
        logger.info("Measuring for %.0f s", MEASURE_SECONDS)
        gevent.spawn_later(MEASURE_SECONDS, self.stop, environment)

    def stop(self, environment: Environment) -> None:
        self.ended = time.time()
        if environment.runner is not None:
            environment.runner.quit()

    def as_dict(self, environment: Environment) -> dict[str, Any]:
        options = environment.parsed_options
        return {
            "users": options.num_users if options else None,
            "rate_per_user": RATE,
            "sign_ins": self.tried,
            "sign_in_failures": self.failed,
            "sign_in_seconds": round(self.last_sign_in - self.first_sign_in, 1)
            if self.last_sign_in and self.first_sign_in
            else None,
            "warmup_seconds": WARMUP_SECONDS,
            "measure_start": self.started,
            "measure_end": self.ended or time.time(),
        }


measurement = Measurement()


@events.quitting.add_listener
def _write_meta(environment: Environment, **_: Any) -> None:
    if measurement.started is None:
        logger.error("Measuring never began: %d of the users tried to sign in", measurement.tried)
        environment.process_exit_code = 1
    if META_PATH:
        with open(META_PATH, "w") as file:
            json.dump(measurement.as_dict(environment), file)


class Persona(FastHttpUser):
    abstract = True
    username = ""
    wait_time = constant_throughput(RATE)

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "http")))
        ok = False
        try:
            ok = self.sign_in()
        finally:
            measurement.signed_in(self.environment, ok=ok)
        if ok:
            measurement.all_tried.wait()
        else:
            # The pages cannot be measured without it: the run ends, and fails.
            self.environment.process_exit_code = 1
            gevent.spawn(measurement.stop, self.environment)
            raise StopUser()

    def sign_in(self) -> bool:
        with self.client.get(LOGIN_PATH, name=SIGN_IN, catch_response=True) as form:
            token = CSRF_FIELD.search(form.text or "")
            if form.status_code != 200 or token is None:
                form.failure(f"the sign-in page answered {form.status_code} without a CSRF token")
                return False
        fields = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        with self.client.post(
            LOGIN_PATH, data=fields, name=SIGN_IN, allow_redirects=False, catch_response=True
        ) as answer:
            location = answer.headers.get("Location", "") if answer.headers else ""
            if not signed_in(answer.status_code, location):
                answer.failure(f"{self.username} was not signed in ({answer.status_code} {location})")
                logger.error("%s was not signed in: %s %s", self.username, answer.status_code, location)
                return False
        return True

    def open(self, page: LoadPage) -> None:
        with self.client.get(page.path, name=page.name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                location = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{page.path} answered {response.status_code} {location}".rstrip())


def _visit(page: LoadPage) -> Callable[[Persona], None]:
    def visit(user: Persona) -> None:
        user.open(page)

    visit.__name__ = page.name
    return visit


# One user class per persona, weighted by its pages' share of the traffic; its tasks are its pages.
for _username, _pages in personas().items():
    _name = "".join(part.title() for part in _username.split("-"))
    globals()[_name] = type(
        _name,
        (Persona,),
        {
            "username": _username,
            "weight": sum(page.weight for page in _pages),
            "tasks": {_visit(page): page.weight for page in _pages},
        },
    )
