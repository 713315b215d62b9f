"""The feed under concurrent transactions, on PostgreSQL with real connections.

A cursor is a position, and a reader resumes after it: so no transaction may commit a
position below one a reader has already been given. Two writers on their own
connections (threads) and a polling reader check it.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from core import outbox
from people.factories import PersonFactory
from tests.api.mirror import read_feed
from tests.concurrency import PATIENCE, someone_waits_for_a_lock

pytestmark = pytest.mark.django_db(transaction=True)


class Writer(threading.Thread):
    """Creates a person in its own transaction, then waits for ``release`` to commit.

    ``in_commit_window``: write the outbox rows first (what COMMIT would do), so the
    transaction holds its place in the feed while it waits.
    """

    def __init__(self, name: str, in_commit_window: bool = False):
        super().__init__()
        self.person_name = name
        self.in_commit_window = in_commit_window
        self.holding, self.release = threading.Event(), threading.Event()
        self.failures: list[Exception] = []
        self.pk = None

    def run(self) -> None:
        try:
            with transaction.atomic():
                self.pk = PersonFactory(name=self.person_name).pk
                if self.in_commit_window:
                    outbox.flush()
                self.holding.set()
                assert self.release.wait(PATIENCE), "never released"
        except Exception as error:  # reported to the test
            self.failures.append(error)
        finally:
            self.holding.set()
            connection.close()

    def finish(self) -> None:
        self.release.set()
        self.join(PATIENCE)
        assert not self.is_alive() and not self.failures, self.failures


def commit_in_thread(name: str) -> threading.Thread:
    def write():
        try:
            with transaction.atomic():
                PersonFactory(name=name)
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def wait_until(condition) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "the other connection never got there"
        time.sleep(0.02)


def ids(events) -> list[int]:
    return [event["id"] for event in events]


def test_a_transaction_that_commits_late_is_not_skipped(postgres, anonymous):
    late = Writer("Late committer")
    late.start()
    assert late.holding.wait(PATIENCE)
    early = commit_in_thread("Early committer")
    early.join(PATIENCE)
    seen, cursor = read_feed(anonymous)  # the early one only: the late one has not committed
    assert [e["data"]["name"] for e in seen] == ["Early committer"]
    late.finish()
    newer, _ = read_feed(anonymous, cursor)
    assert ids(newer) == [late.pk]


def test_a_writer_in_its_commit_window_holds_back_the_next_one(postgres, anonymous):
    late = Writer("Holds its place", in_commit_window=True)
    late.start()
    assert late.holding.wait(PATIENCE)
    early = commit_in_thread("Waits its turn")
    # The second writer's COMMIT waits for the first's outbox lock...
    wait_until(someone_waits_for_a_lock)
    # ...so a reader polling now is given nothing it would later have to go back for.
    seen, cursor = read_feed(anonymous)
    assert seen == []
    late.finish()
    early.join(PATIENCE)
    assert not early.is_alive()
    newer, _ = read_feed(anonymous, cursor)
    names = [event["data"]["name"] for event in newer]
    assert names == ["Holds its place", "Waits its turn"]


def test_a_rolled_back_transaction_leaves_no_event(anonymous):
    with pytest.raises(RuntimeError), transaction.atomic():
        PersonFactory()
        raise RuntimeError("the request failed")
    assert read_feed(anonymous)[0] == []
    person = PersonFactory()
    assert ids(read_feed(anonymous)[0]) == [person.pk]


def test_a_committed_write_carries_its_event_without_a_reader_flushing(anonymous):
    person = PersonFactory()  # its own transaction, committed for real: events included
    assert "_outbox_pending" not in connection.__dict__
    assert [(row.resource, row.public_id) for row in outbox.events_after(0, 10)] == [
        ("person", person.pk)
    ]
