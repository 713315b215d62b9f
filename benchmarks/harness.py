"""The machinery of ``bench.py``: databases, servers, timed requests, and printing.

Kept apart from the checks so that the checks read as what they compare: this module
knows how to fill and configure a benchmark database, start gunicorn (the archive or the
raw-SQL view) and Datasette on loopback, time a request to its last byte, and take the
median of several.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import runpy
import secrets
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent

BIN = Path(sys.executable).parent
DATA = ROOT / "benchmarks" / ".data"
SIZES = {"1x": (20_000, 100_000), "10x": (200_000, 1_000_000)}


# Output --------------------------------------------------------------------------------


def say(text: str = "") -> None:
    print(text, flush=True)


def note(text: str) -> None:
    print(f"  · {text}", file=sys.stderr, flush=True)


def seconds(value: float | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    say()
    say(title)
    for row in [header, *rows]:
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)]
        say("  " + "  ".join(cells).rstrip())


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


# Databases -----------------------------------------------------------------------------


def database_url(base: str, size: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{size}"))


def manage(url: str, *arguments: str, capture: bool = False) -> str:
    env = server_env(url)
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    result = subprocess.run(
        command, env=env, cwd=ROOT, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def inprocess(url: str, *arguments: str) -> dict:
    command = [sys.executable, str(ROOT / "benchmarks" / "inprocess.py"), *arguments]
    result = subprocess.run(
        command, env=server_env(url), cwd=ROOT, check=True, text=True, capture_output=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def configure(url: str, timeout: float, tuned: bool) -> None:
    """Database-level settings the servers' new connections pick up.

    A statement timeout equal to the request timeout, so a request the client gave up on
    does not keep a worker and a backend busy while later requests are measured; with
    ``tuned``, the settings a production server commonly has (``work_mem`` 64MB, JIT
    off), otherwise the server's own.
    """
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"ALTER DATABASE \"{name}\" SET statement_timeout = '{int(timeout)}s'")
        for setting, value in (("work_mem", "'64MB'"), ("jit", "off")):
            if tuned:
                connection.execute(f'ALTER DATABASE "{name}" SET {setting} = {value}')
            else:
                connection.execute(f'ALTER DATABASE "{name}" RESET {setting}')
        # Parallel workers are the archive's own choice (off on its connections, by
        # DATABASE_PARALLEL_WORKERS), not the yardstick's: the raw-SQL view keeps the
        # server's default, under which its flow queries run in parallel.
        connection.execute(f'ALTER DATABASE "{name}" RESET max_parallel_workers_per_gather')


def ensure_database(url: str, size: str) -> None:
    """Create, migrate and fill a benchmark database unless it already holds this size."""
    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            note(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "load_archive", "-v", "0")
    ventures, flows = SIZES[size]
    present = inprocess(url, "synthetic")
    if present["ventures"] == ventures and present["flows"] == flows:
        return
    if any(present.values()):
        note(f"{name} holds another size of synthetic data: removing it")
        manage(url, "generate_synthetic", "--remove")
    note(f"generating {ventures:,} ventures and {flows:,} flows in {name} (once; reused after)")
    manage(url, "generate_synthetic", "--ventures", str(ventures), "--flows", str(flows))


def exact_name(url: str) -> str:
    """A public venture named after a Kim Seong-won if there is one: the lookup's target."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            """SELECT name FROM people_party WHERE kind = 'venture'
               AND publication_state = 'published' AND visibility = 'public'
               ORDER BY name LIKE 'Kim S%%ng%%won%%' DESC, id LIMIT 1"""
        ).fetchone()
    return row[0]


# Servers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(url: str) -> dict[str, str]:
    """The archive as production runs it, minus TLS and throttling, on ``url``."""
    return os.environ | {
        "DATABASE_URL": url,
        "RAW_DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "HTTPS": "false",
        "SECURE_SSL_REDIRECT": "false",
        "API_ANON_RATE": "100000000/second",
        "PYTHONPATH": str(ROOT),
        # DEBUG off serves static files from the manifest ``collect_static`` writes.
        "STATIC_ROOT": str(DATA / "static"),
    }


def collect_static(url: str) -> None:
    """Collect the static files once: with DEBUG off, a page whose template names a
    static file the manifest lacks is a 500."""
    manage(url, "collectstatic", "--noinput", "-v", "0")


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        """The gunicorn workers' process ids (children of this master)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(name: str, command: list[str], env: dict, ready: str, port: int) -> Server:
    DATA.mkdir(parents=True, exist_ok=True)
    log = DATA / f"{name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} did not start; see {log}")
        try:
            if get(server.base + ready, timeout=10).status < 500:
                return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise SystemExit(f"{name} did not answer within 120 s; see {log}")


def gunicorn(
    name: str, app: str, url: str, workers: int | None = None, timeout: int = 900
) -> Server:
    """``app`` under gunicorn with the project's ``gunicorn.conf.py``, as `make serve`
    runs it (worker class, workers and threads by cores, persistent database
    connections); only the address, the timeout and, where given, the number of workers
    (one, to measure a worker's memory) are the harness's own."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        app,
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        str(timeout),
    ]
    if workers is not None:
        command += ["--workers", str(workers)]
    ready = "/robots.txt" if app.startswith("archive") else "/exact?name=x"
    return start(name, command, server_env(url), ready, port)


def server_slots() -> int:
    """Requests the archive's gunicorn serves at once (workers × threads): each slot has
    its own database connection, whose first queries pay for a cold backend (catalog and
    plan caches), so a warm-up must reach every slot before the timed requests."""
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return settings["workers"] * settings.get("threads", 1)


def server_settings() -> str:
    """What gunicorn.conf.py gives in this environment, in words, for the report."""
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    threads = settings.get("threads", 1)
    return (
        f"gunicorn.conf.py: {settings['workers']} {settings.get('worker_class', 'sync')}"
        f" workers × {threads} threads, CONN_MAX_AGE {os.environ.get('CONN_MAX_AGE', '0')} s"
    )


def datasette(name: str, path: Path, metadata: Path) -> Server:
    port = free_port()
    command = [
        str(BIN / "datasette"),
        "serve",
        "-i",
        str(path),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-m",
        str(metadata),
        "--setting",
        "sql_time_limit_ms",
        "300000",
        "--setting",
        "facet_time_limit_ms",
        "300000",
        "--setting",
        "default_page_size",
        "20",
    ]
    return start(name, command, os.environ.copy(), "/-/versions.json", port)


# Requests ------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    seconds: float
    size: int
    headers: dict[str, str]
    body: bytes


def get(url: str, headers: dict | None = None, timeout: float = 600) -> Answer:
    """One GET on a fresh connection, timed until the last byte of the body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Accept": "*/*", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        return Answer(response.status, elapsed, len(body), dict(response.getheaders()), body)
    finally:
        connection.close()


#: Seconds, or the reason a URL has no timing.
Timing = float | str


class Runner:
    """Medians of sequential requests, after unmeasured warm-up requests that reach every
    slot of the server (``server_slots``), so the timed requests meet warm connections, as
    a server in production does, on every side (archive, raw SQL, Datasette).

    The warm-up is concurrent (``warm``): sequential requests, one per slot, left some
    slots cold, because gunicorn's workers take connections as they come, not in turns;
    a cold slot's first request (a new database connection, a cold backend, the
    thread's kept plans) took 100-240 ms where a warm one took 25 ms, so the median of
    seven requests measured how many slots were still cold.

    The URLs a ratio compares are measured side by side (``side_by_side``): one request
    to each in turn, round after round, so a stretch of load on the shared machine falls
    on both sides of the ratio alike instead of on whichever was being measured then.
    """

    #: Rounds of the concurrent warm-up, each of twice as many requests as slots at once.
    WARM_ROUNDS = 3

    def __init__(self, repeat: int, timeout: float, warmups: int = 1):
        self.repeat, self.timeout, self.warmups = repeat, timeout, max(1, warmups)
        self.cache: dict[tuple[str, tuple], Timing] = {}

    #: A URL slower than this gets one warm-up request, not the bursts: a cold slot's
    #: 100-200 ms is within its noise, and bursts of multi-second pages (Datasette's at
    #: 10×) would cost minutes.
    WARM_ENOUGH = 1.0

    def warm(self, url: str, headers: dict | None) -> None:
        """``WARM_ROUNDS`` bursts of ``2 × warmups`` requests to ``url`` at once: with
        more requests in flight than the server has slots, every worker takes some and
        every thread of each serves one, whichever worker accepts first."""
        try:
            if get(url, headers, self.timeout).seconds > self.WARM_ENOUGH:
                return
        except OSError:
            return  # the timed turns say why
        at_once = 2 * self.warmups
        with ThreadPoolExecutor(max_workers=at_once) as pool:
            for _ in range(self.WARM_ROUNDS):
                list(pool.map(lambda _: self._once(url, headers, 200), range(at_once)))

    def median(self, url: str, headers: dict | None = None, expect: int = 200) -> Timing:
        """The median seconds, or why there is none ("timeout > 300 s", "HTTP 500")."""
        return self.side_by_side([(url, headers, expect)])[0]

    def side_by_side(self, requests: list[tuple[str, dict | None, int]]) -> list[Timing]:
        """The median of each ``(url, headers, expected status)``, measured in turns.

        A URL measured before (the cache) is not measured again; one that fails (a
        timeout, an unexpected status) drops out of the turns with its reason.
        """
        keys = [(url, tuple(sorted((headers or {}).items()))) for url, headers, _ in requests]
        pending = {
            key: (url, headers, expect, [])
            for key, (url, headers, expect) in zip(keys, requests, strict=True)
            if key not in self.cache
        }
        measured = set(pending)
        for url, headers, _, _ in pending.values():
            self.warm(url, headers)
        # One sequential turn more, untimed, then the timed turns.
        for attempt in range(self.repeat + 1):
            for key, (url, headers, expect, times) in list(pending.items()):
                outcome = self._once(url, headers, expect)
                if isinstance(outcome, str):
                    self.cache[key] = outcome
                    del pending[key]
                elif attempt >= 1:
                    times.append(outcome)
        for key, (_, _, _, times) in pending.items():
            self.cache[key] = statistics.median(times)
        for key, (url, _, _) in zip(keys, requests, strict=True):
            if key in measured:
                note(f"{seconds(self.cache[key]):>9}  {url}")
        return [self.cache[key] for key in keys]

    def _once(self, url: str, headers: dict | None, expect: int) -> float | str:
        """One request's seconds, or why it has none."""
        try:
            answer = get(url, headers, self.timeout)
        except TimeoutError:
            return f"timeout > {self.timeout:.0f} s"
        except OSError as error:
            return f"failed: {error}"
        if answer.status != expect:
            # The database cancels a statement at the benchmark's timeout: a 500 then.
            if answer.seconds >= self.timeout - 1:
                return f"timeout > {self.timeout:.0f} s"
            return f"HTTP {answer.status}"
        return answer.seconds


def ratio(numerator: Timing | None, denominator: Timing | None) -> float | None:
    """numerator / denominator, when both are timings (not failures)."""
    if not isinstance(numerator, float) or not isinstance(denominator, float) or not denominator:
        return None
    return numerator / denominator


def rss(pid: int) -> tuple[int, int]:
    """(current, peak) resident set size of a process, in KB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    now = re.search(r"VmRSS:\s+(\d+)", status)
    peak = re.search(r"VmHWM:\s+(\d+)", status)
    return int(now.group(1)) if now else 0, int(peak.group(1)) if peak else 0


def cache_warnings(urls: dict[str, str]) -> list[str]:
    """A database larger than the server's ``shared_buffers``: the URLs measured in
    turns evict one another's pages from it, and a page at 10× then reads its rows from
    the operating system's cache. With Debian's 128MB, ``/ventures/`` at 10× took 184
    ms after ``/flows/`` against 136 ms alone; with 4GB, the same (docs/BENCHMARKS.md)."""
    warnings = []
    with psycopg.connect(next(iter(urls.values()))) as connection:
        buffers = connection.execute(
            "SELECT pg_size_bytes(current_setting('shared_buffers'))"
        ).fetchone()[0]
        for size, url in urls.items():
            name = urlsplit(url).path.lstrip("/")
            found = connection.execute(
                "SELECT pg_database_size(datname) FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if found and found[0] > buffers:
                warnings.append(
                    f"the {size} database ({found[0] / 2**30:.1f} GB) is larger than"
                    f" shared_buffers ({buffers / 2**20:.0f} MB): a production server gives"
                    " it about a quarter of its memory (README, Running in production)"
                )
    return warnings


def machine(urls: dict[str, str]) -> str:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = re.search(r"model name\s*:\s*(.+)", info)
    cpu = cpu.group(1) if cpu else platform.processor() or "unknown CPU"
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kb = re.search(r"MemTotal:\s+(\d+)", meminfo)
    memory = f", {int(kb.group(1)) / 1024 / 1024:.0f} GB RAM" if kb else ""
    with psycopg.connect(next(iter(urls.values()))) as connection:
        server = connection.execute("SHOW server_version").fetchone()[0]
        work_mem, jit, parallel, buffers = (
            connection.execute(f"SHOW {name}").fetchone()[0]
            for name in ("work_mem", "jit", "max_parallel_workers_per_gather", "shared_buffers")
        )
    versions = []
    for package in ("Django", "gunicorn", "datasette", "psycopg"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} not installed")
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()};"
        f" Python {platform.python_version()}; PostgreSQL {server} (shared_buffers {buffers},"
        f" work_mem {work_mem},"
        f" jit {jit}, parallel workers per gather {parallel}; the archive's connections"
        f" {os.getenv('DATABASE_PARALLEL_WORKERS', '0')}); " + ", ".join(versions)
    )
