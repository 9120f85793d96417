"""gunicorn settings for scripts/serve. Every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# The usual rule of thumb: two workers per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Keep idle connections open longer than clients (or a load balancer) pause between
# requests, so a request never races the server closing the connection.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "15"))
# Recycling workers drops open keep-alive connections, so it is off unless asked for.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# X-Forwarded-Proto is believed only from a TLS proxy the settings say is there.
_behind_proxy = os.environ.get("BEHIND_TLS_PROXY", "").strip().lower() in ("1", "true", "yes", "on")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1" if _behind_proxy else "")

# The access log holds the method, the path without its query string, the status, the size
# and the time taken: never a request body, a cookie or a client address. The guide's
# answers travel only in POST bodies and the session cookie, so they never reach it.
accesslog = os.environ.get("ACCESS_LOG", "-")
# Result-link codes (the key to a person's answers) and client addresses are redacted in both
# the access and the error log.
logger_class = "pain_guide.core.logs.GunicornLogger"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# scripts/serve writes the master's pid here so that scripts/reload can reload gracefully.
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
