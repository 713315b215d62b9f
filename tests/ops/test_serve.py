"""`make serve`: gunicorn on PostgreSQL with DEBUG off, migrations applied, static files
collected (hashed, compressed, cached for a year), and a JSON log line per request."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import time

from django.db import connection

from tests.ops.servers import ROOT, free_port, get, production_env, stop, wait_until_healthy


def test_make_serve_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "make serve runs on PostgreSQL: set DATABASE_URL=postgres://" in result.stderr


def test_make_serve_runs_gunicorn_on_postgresql_with_hashed_static_files(postgres, tmp_path):
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    port = free_port()
    static_root = tmp_path / "static"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PORT={port}"],
            cwd=ROOT,
            env=production_env(url, static_root),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log, seconds=240)
        status, _, body = get(base + "/readyz")
        assert (status, json.loads(body)["status"]) == (200, "ok")

        status, headers, body = get(base + "/", headers={"X-Request-ID": "serve-check-1"})
        assert status == 200
        assert headers["Server"].startswith("gunicorn")
        assert headers["X-Request-ID"] == "serve-check-1"
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        stylesheet = re.search(rb'href="(/static/archive/site\.[0-9a-f]{12}\.css)"', body)
        assert stylesheet, "the page links the hashed stylesheet collectstatic wrote"

        status, headers, compressed = get(
            base + stylesheet.group(1).decode(), headers={"Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert b".site-header" in gzip.decompress(compressed)
        assert "immutable" in headers["Cache-Control"]
        assert (static_root / "staticfiles.json").is_file()
        assert get(base + "/static/archive/no-such-file.css")[0] == 404
    finally:
        stop(process, group=True)

    time.sleep(0.2)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    home = [line for line in lines if line.get("request_id") == "serve-check-1"]
    assert len(home) == 1
    assert home[0]["path"] == "/"
    assert home[0]["status"] == 200
    assert home[0]["duration_ms"] > 0
