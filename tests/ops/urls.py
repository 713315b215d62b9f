"""The site's URLs plus four views that fail, for the error-handling tests.

Two fail with a bug (ZeroDivisionError) and two with a database that cannot be reached
(a real connection attempt to a closed port, or an SQLite file in a missing folder),
each once as a page and once under /api/.
"""

import socket

from django.db import connections
from django.db.utils import load_backend
from django.urls import include, path
from rest_framework.views import APIView

from archive.urls import handler404, handler500  # noqa: F401 (Django reads them here)
from core.api import ArchiveAPIMixin


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_database():
    """A connection like the default one, to a database that is not there."""
    settings = dict(connections["default"].settings_dict)
    if settings["ENGINE"].endswith("sqlite3"):
        settings["NAME"] = "/nonexistent-folder/archive.sqlite3"
    else:
        settings.update(HOST="127.0.0.1", PORT=str(closed_port()))
        settings["OPTIONS"] = {**settings.get("OPTIONS", {}), "connect_timeout": 2}
    return load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias="down")


def broken_page(request):
    return 1 / 0


def page_without_database(request):
    unreachable_database().ensure_connection()


class BrokenAPI(ArchiveAPIMixin, APIView):
    def get(self, request):
        return 1 / 0


class APIWithoutDatabase(ArchiveAPIMixin, APIView):
    def get(self, request):
        unreachable_database().ensure_connection()


urlpatterns = [
    path("test-errors/bug/", broken_page),
    path("test-errors/database-down/", page_without_database),
    path("api/v1/test-errors/bug/", BrokenAPI.as_view()),
    path("api/v1/test-errors/database-down/", APIWithoutDatabase.as_view()),
    path("", include("archive.urls")),
]
