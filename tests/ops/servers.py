"""Real servers for the production-profile tests: gunicorn, and a PostgreSQL of our own.

``Gunicorn`` runs the archive as ``make serve`` does (DEBUG off, gunicorn.conf.py) on a
free loopback port, over plain HTTP (HTTPS=0). ``ThrowawayCluster`` is a PostgreSQL
server made for one test module with ``initdb`` in a temporary folder, on a port of its
own, so a test can stop and start *a* database server without touching the shared one
other sessions use.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-only-production-secret-" + "q8Lw3Zr5Tn1Vx7Bm" * 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 30, headers: dict | None = None):
    """(status, headers, body) for a GET, errors included."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


#: Set by this test process (the browser tests need the first), never by a deploy; and
#: what each test sets for itself.
NOT_INHERITED = (
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SECRET_KEY",
    "HTTPS",
    # Database tuning the suite's runner may set for itself (a PgBouncer in front):
    # a fresh deploy starts from the defaults the tests check.
    "DATABASE_PREPARED_STATEMENTS",
    "DATABASE_PARALLEL_WORKERS",
)


def clean_environ(**env: str) -> dict[str, str]:
    """This process's environment as a fresh deploy would have it, plus ``env``."""
    base = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    return {**base, **env}


def production_env(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    return {
        **clean_environ(),
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        **extra,
    }


def collect_static(static_root: Path) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=production_env("sqlite:///unused.sqlite3", static_root),
        check=True,
        timeout=300,
    )


class Gunicorn:
    """``python -m gunicorn archive.wsgi`` with the project's config, in the background."""

    def __init__(self, database_url: str, static_root: Path, log: Path, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = production_env(
            database_url, static_root, HOST="127.0.0.1", PORT=str(self.port), **env
        )
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "archive.wsgi", "--config", "gunicorn.conf.py"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_until_healthy(self.url, self.process, self.log)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.process)

    def get(self, path: str, **kwargs):
        return get(self.url + path, **kwargs)


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if get(url + "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    pytest.fail(f"the server did not answer /healthz in {seconds} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen | None, group: bool = False) -> None:
    """Stop a server started here, and with ``group`` every process in its group (make,
    gunicorn's master and workers), waiting until none is left holding a connection."""
    if process is None:
        return
    if group:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    elif process.poll() is None:
        process.terminate()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(process, group):
        time.sleep(0.2)
    if _alive(process, group):
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
    process.wait(timeout=10)


def _alive(process: subprocess.Popen, group: bool) -> bool:
    if process.poll() is None:
        return True
    if not group:
        return False
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


class ThrowawayCluster:
    """A PostgreSQL server of our own: initdb, start, stop, start again, remove."""

    def __init__(self):
        self.bin = postgres_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="h_prod_pg_"))
        self.data = self.folder / "data"

    @staticmethod
    def unavailable_reason() -> str | None:
        if postgres_bin() is None:
            return "needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin)"
        if os.geteuid() != 0 and pwd.getpwuid(os.geteuid()).pw_name != "postgres":
            return "needs to run as root or postgres to start a PostgreSQL server of its own"
        return None

    def _as_postgres(self, *command: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return list(command)

    def _run(self, *command: str) -> None:
        subprocess.run(self._as_postgres(*command), check=True, capture_output=True, timeout=120)

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            "--auth=trust",
            "--username=postgres",
            "--no-sync",
            "--encoding=UTF8",
            f"--pgdata={self.data}",
        )
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            f"--pgdata={self.data}",
            f"--log={self.folder / 'server.log'}",
            f"--options={options}",
            "--wait",
            "start",
        )

    def stop(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"), f"--pgdata={self.data}", "--mode=fast", "--wait", "stop"
        )

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def require_throwaway_cluster() -> None:
    reason = ThrowawayCluster.unavailable_reason()
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(reason)
    pytest.skip(reason)
