"""Real receivers on loopback: an SMTP server (aiosmtpd) and an HTTP server whose
answers a test scripts. Both record what arrived, for exactly-once checks."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], bool], *, timeout: float, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


class _Handler:
    def __init__(self, inbox: SMTPInbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.inbox.lock:
            self.inbox.messages.append(message)
        return "250 Message accepted for delivery"


@dataclass
class SMTPInbox:
    host: str = "127.0.0.1"
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    controller: Controller | None = None
    # Messages received but cleared since, so arrivals can be counted across a clear.
    cleared: int = 0

    def start(self) -> SMTPInbox:
        self.port = self.port or free_port()
        self.controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()

    def snapshot(self) -> list[EmailMessage]:
        with self.lock:
            return list(self.messages)

    def by_delivery(self) -> Counter[str]:
        return Counter(str(m["X-Recruiting-Delivery-Id"]) for m in self.snapshot())

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.snapshot() if address in str(m["To"])]

    def clear(self) -> None:
        with self.lock:
            self.cleared += len(self.messages)
            self.messages.clear()

    def received(self) -> int:
        """Every message received, cleared or not."""
        with self.lock:
            return self.cleared + len(self.messages)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int


class HTTPReceiver:
    """Answers POSTs with the scripted statuses in turn, then `default`."""

    def __init__(self, port: int = 0) -> None:
        self.port = port or free_port()
        self.script: list[int] = []
        self.default = 200
        self.requests: list[Received] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> HTTPReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    status = receiver.script.pop(0) if receiver.script else receiver.default
                    receiver.requests.append(
                        Received(self.path, dict(self.headers.items()), body, status)
                    )
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.requests)

    def accepted_by_delivery(self) -> Counter[str]:
        """Deliveries answered 2xx, counted. A receiver keeps the first of each delivery
        id and drops repeats; a repeat happens only when the sender died between our
        answer and recording it."""
        return Counter(
            r.headers["X-Recruiting-Delivery-Id"]
            for r in self.snapshot()
            if 200 <= r.answered < 300
        )
