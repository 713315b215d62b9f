"""gunicorn's settings for `make serve`, from the environment (see README, Settings).

gunicorn reads this file from the working directory, and so does the benchmark harness
(``benchmarks/harness.py``): what `make bench` and `benchmarks/load.sh` measure is this
configuration. The archive logs each request itself (core/middleware.py, with its
request id), so gunicorn's access log is off.
"""

import os

bind = f"{os.getenv('HOST', '127.0.0.1')}:{os.getenv('PORT', '8000')}"

# Threaded workers: each process serves `threads` requests at once, so a request waiting
# on PostgreSQL (or on a slow client) no longer holds the only slot of its process while
# requests queue behind it; the processes give the parallelism the GIL denies threads.
# Two processes per core, as before, and two threads each: on 2 cores, 8 requests in
# flight. Every thread keeps its own database connection (CONN_MAX_AGE below), so a
# server holds at most WEB_CONCURRENCY × GUNICORN_THREADS connections: size PostgreSQL's
# max_connections (100 by default) for every app server behind the load balancer.
cores = os.cpu_count() or 1
worker_class = os.getenv("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.getenv("WEB_CONCURRENCY", str(2 * cores)))
threads = int(os.getenv("GUNICORN_THREADS", "2"))
# A kept-alive connection waits this long for the client's next request.
keepalive = 5

# Persistent database connections under gunicorn: opening a PostgreSQL connection per
# request costs more than a 304 or a small page (a backend forked, authenticated and its
# caches warmed). Ten minutes, not one: on the 1× bench database a request on a new
# connection took 15-20 ms more than on a warm one (43 vs 23 ms for the venture list),
# and with 60 s every slot paid that once a minute. Each connection is health-checked
# before reuse, so a database restart still costs one reconnect. Set in the master
# before the workers import the settings; CONN_MAX_AGE in the environment still decides
# (0 behind a transaction-pooling PgBouncer).
os.environ.setdefault("CONN_MAX_AGE", "600")

# Seconds a worker's main loop may go silent before the master replaces it. A sync
# worker was silent for a whole request, so this cut off the streamed exports at 30 s
# (SCALE-NOTES); a threaded worker's loop keeps beating while its threads serve.
timeout = int(os.getenv("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then, so a slow leak cannot grow without bound.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = None
errorlog = "-"
loglevel = os.getenv("LOG_LEVEL", "info").lower()
# gunicorn 27's control socket sits at one path per user; two servers would collide.
control_socket_disable = True

# Load the archive once, in the master, before the workers fork: a worker's first request
# otherwise paid for importing every view, serializer and URL pattern (4–5 s on the
# loaded 2-core machine, against 0.2 s after), and so did each worker recycled by
# max_requests, mid-traffic. The workers share those pages of memory, too. The code is
# read once, so a deploy restarts gunicorn (a HUP reloads nothing).
preload_app = True


def when_ready(server):
    """Import the URLconf (every view and serializer) in the master, then drop any
    database connection that made, so no worker inherits a socket another uses."""
    from django.conf import settings
    from django.db import connections
    from django.urls import get_resolver

    if not settings.configured:
        return  # another WSGI app under this file (the bench's raw-SQL view): no Django
    get_resolver().url_patterns  # noqa: B018 - read for the imports it makes
    connections.close_all()
