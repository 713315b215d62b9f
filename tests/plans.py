"""PostgreSQL's plan for a statement, as the tests of what an index serves read it."""

from django.db import connection, transaction

#: The archive a test builds is small: these tell the planner that reading every row, or
#: sorting every match, is dear, as it is at national scale. A plan that still reads or
#: sorts them all has no index to do otherwise.
AT_SCALE = ("enable_seqscan = off", "enable_sort = off")


def plan_of(sql: str, params=None, settings: tuple[str, ...] = AT_SCALE) -> str:
    """The ``EXPLAIN`` of ``sql`` under ``SET LOCAL`` ``settings``, one line per node.

    Without ``params`` the statement is sent as it is: a captured statement holds its
    values, and its ``%`` (``LIKE '%noodle%'``) are not placeholders."""
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting}")
        if params is None:
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
