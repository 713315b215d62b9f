"""A second writer on its own database connection, for races that need two real ones.

``another_writer(write)`` runs ``write`` in a thread, on that thread's own connection,
inside a transaction it keeps open (holding the row locks ``write`` took) until a
statement of the test's own connection waits for one of those locks; then it commits.
So the test's next write is truly concurrent: PostgreSQL makes it wait, and decides.
Only for transactional tests on PostgreSQL: nothing else lets two connections see the
same committed rows and wait for each other's locks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

PATIENCE = 10  # seconds


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@contextmanager
def another_writer(write: Callable[[], None]) -> Iterator[None]:
    holding, waited, failures = threading.Event(), threading.Event(), []

    def run() -> None:
        try:
            with transaction.atomic():
                write()
                holding.set()
                deadline = time.monotonic() + PATIENCE
                while time.monotonic() < deadline:
                    if someone_waits_for_a_lock():
                        waited.set()
                        break
                    time.sleep(0.02)
        except Exception as error:  # reported to the test below
            failures.append(error)
        finally:
            holding.set()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert holding.wait(PATIENCE), "the other writer never wrote"
    try:
        yield
    finally:
        thread.join(PATIENCE)
        assert not thread.is_alive(), "the other writer never committed"
        assert not failures, failures
        # Otherwise the test's write never met this one: no race was tested.
        assert waited.is_set(), "no statement waited for the other writer's lock"
