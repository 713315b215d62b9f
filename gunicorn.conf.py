"""gunicorn's settings for `make serve`, from the environment (see README, Settings).

gunicorn reads this file from the working directory. The archive logs each request
itself (core/middleware.py, with its request id), so gunicorn's access log is off.
"""

import os

bind = f"{os.getenv('HOST', '127.0.0.1')}:{os.getenv('PORT', '8000')}"
# Sync workers: each request holds one database connection for its duration. About two
# per core; WEB_CONCURRENCY is gunicorn's own variable for this.
workers = int(os.getenv("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
# Long enough for the streamed exports (SCALE-NOTES: the FollowTheMoney dump is cut
# off at gunicorn's default 30 s); a stuck worker is still replaced.
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
