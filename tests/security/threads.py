"""Running two requests or service calls at the same moment, each in its own thread with its own database
connection, as two people (or two workers) would.

Each contender first reads (loads the record, opens the form), then waits at a barrier until every other
contender has read too, and only then writes: so all of them act on the same version, which is the case
optimistic locking and row locks exist for. The tests need real transactions
(``pytest.mark.django_db(transaction=True)``) on PostgreSQL, where a second writer really waits for the
first's lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

JOIN_SECONDS = 60


def race(*contenders: tuple[Callable[[], Any], Callable[[Any], Any]]) -> list[Any]:
    """Run each ``(read, write)`` pair in a thread: ``read()``, wait for the others, ``write(what_was_read)``.
    Returns each contender's result, or the exception it raised, in order."""
    barrier = threading.Barrier(len(contenders), timeout=JOIN_SECONDS)
    outcomes: list[Any] = [None] * len(contenders)

    def run(index: int, read: Callable[[], Any], write: Callable[[Any], Any]) -> None:
        try:
            seen = read()
            barrier.wait()
            outcomes[index] = write(seen)
        except BaseException as error:  # the outcome is the error, examined by the test
            outcomes[index] = error
            barrier.abort()  # the others do not wait for a contender that will never arrive
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *pair)) for i, pair in enumerate(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_SECONDS)
        assert not thread.is_alive(), "a contender did not finish: a lock is held for too long"
    return outcomes


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls together, with nothing to read first."""
    return race(*[((lambda: None), (lambda _seen, call=call: call())) for call in calls])
