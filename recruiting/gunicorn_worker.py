"""gunicorn's sync worker, answering the requests gunicorn refuses by itself in the
API's JSON error body rather than gunicorn's HTML page.

gunicorn reads the request line and the headers before the application sees anything,
and refuses a line beyond `limit_request_line` (8,190 bytes at most) or headers beyond
their limits itself. Below those limits the application answers (an address over 4,096
characters is the API's 414, recruiting/middleware.py); above them, this worker does,
with the same body. Every other error takes gunicorn's own path.
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.sync import SyncWorker

from recruiting.middleware import address_too_long

REASONS = {414: "URI Too Long", 431: "Request Header Fields Too Large"}


def refusal(exc: BaseException) -> tuple[int, dict[str, Any]] | None:
    """The status and body for a request gunicorn refused before the application, if it
    is one this worker answers."""
    if isinstance(exc, LimitRequestLine):
        return 414, address_too_long()
    if isinstance(exc, LimitRequestHeaders):
        return 431, {"message": "The request's headers are too large.", "extra": {}}
    return None


def response_bytes(status: int, body: dict[str, Any]) -> bytes:
    content = json.dumps(body).encode()
    head = (
        f"HTTP/1.1 {status} {REASONS[status]}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(content)}\r\n\r\n"
    )
    return head.encode("latin-1") + content


class JsonRefusalWorker(SyncWorker):
    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        answer = refusal(exc)
        if answer is None:
            super().handle_error(req, client, addr, exc)
            return
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            util.write_nonblock(client, response_bytes(*answer))
        except Exception:
            self.log.debug("Failed to send error message.")
