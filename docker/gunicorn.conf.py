"""gunicorn's settings for the image: `gunicorn -c docker/gunicorn.conf.py
recruiting.project.wsgi:application` (docker/Dockerfile). Options given on the command
line, or in GUNICORN_CMD_ARGS, win over these.
"""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# gunicorn's highest: above the API's own limit on an address (4,096 characters,
# recruiting/middleware.py), which answers in the API's JSON, where gunicorn's own
# refusal (from 4,094 by default) is an HTML page.
limit_request_line = 8190
# gunicorn's sync worker, answering what gunicorn refuses itself (a longer request line,
# headers too large) in the API's JSON rather than an HTML page.
worker_class = "recruiting.gunicorn_worker.JsonRefusalWorker"

accesslog = "-"
# The path without its query string: searches carry personal data (`?q=<email>`). Hence
# %(U)s, never %(q)s (the query) or %(r)s (the request line), and no %(f)s either: the
# Referer is the previous page's address, query and all.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

# gunicorn opens a control socket by default since 25.1 (workers added or removed, a
# reload or a shutdown, by whoever can reach $HOME/.gunicorn/gunicorn.ctl). Nothing here
# uses it; containers are managed from outside.
control_socket_disable = True
