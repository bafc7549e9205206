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
from email.parser import BytesHeaderParser
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

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        # aiosmtpd reads commands one line at a time from a buffered stream, so it
        # answers pipelined commands in order; it only does not say so.
        session.host_name = hostname
        if self.inbox.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.inbox.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # Kept as received, as a mail server queues it; parsed when a test reads it, so
        # the server's share of a benchmark's CPU is the protocol, not our checks.
        with self.inbox.lock:
            self.inbox.messages.append(envelope.content)
            self.inbox.peers.append(tuple(session.peer))
        return "250 Message accepted for delivery"


def _parsed(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


@dataclass
class SMTPInbox:
    host: str = "127.0.0.1"
    port: int = 0
    messages: list[bytes] = field(default_factory=list)
    parsed: list[EmailMessage] = field(default_factory=list)
    # The client address and port each message came from: one per SMTP connection.
    peers: list[tuple[str, int]] = field(default_factory=list)
    # Offer PIPELINING (RFC 2920) in the EHLO answer, as mail servers generally do.
    pipelining: bool = True
    # Recipient addresses answered 550.
    refuse: set[str] = field(default_factory=set)
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
            raw = list(self.messages)
        # Each message is parsed once, the first time it is read.
        self.parsed.extend(_parsed(message) for message in raw[len(self.parsed) :])
        return self.parsed[: len(raw)]

    def count(self) -> int:
        """Messages received since the last clear."""
        with self.lock:
            return len(self.messages)

    def by_delivery(self) -> Counter[str]:
        """Messages received, counted by delivery id (read from the headers alone)."""
        with self.lock:
            raw = list(self.messages)
        headers = BytesHeaderParser()
        return Counter(str(headers.parsebytes(m)["X-Recruiting-Delivery-Id"]) for m in raw)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.snapshot() if address in str(m["To"])]

    def clear(self) -> None:
        with self.lock:
            self.cleared += len(self.messages)
            self.messages.clear()
            self.parsed.clear()
            self.peers.clear()

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
    # The client's address and port: one per connection.
    client: tuple[str, int] = ("", 0)


class HTTPReceiver:
    """Answers POSTs with the scripted statuses in turn, then `default`."""

    def __init__(self, port: int = 0) -> None:
        self.port = port or free_port()
        self.script: list[int] = []
        self.default = 200
        # Seconds each answer takes, as a slow receiver's would.
        self.delay = 0.0
        self.requests: list[Received] = []
        self.accepted_count = 0
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> HTTPReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            # Keeps connections alive between requests, as production receivers do, and
            # like them answers without Nagle's delay (headers and body are two writes).
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(receiver.delay)
                with receiver.lock:
                    status = receiver.script.pop(0) if receiver.script else receiver.default
                    receiver.requests.append(
                        Received(
                            self.path,
                            dict(self.headers.items()),
                            body,
                            status,
                            tuple(self.client_address),
                        )
                    )
                    receiver.accepted_count += 200 <= status < 300
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def setup(self) -> None:
                super().setup()
                with receiver.lock:
                    receiver.open.add(self.connection)

            def finish(self) -> None:
                with receiver.lock:
                    receiver.open.discard(self.connection)
                super().finish()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def drop_connections(self) -> None:
        """Close every open connection, as a receiver whose keep-alive time ran out."""
        with self.lock:
            for sock in self.open:
                sock.shutdown(socket.SHUT_RDWR)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.requests)

    def accepted(self) -> int:
        """Requests answered 2xx, repeats included."""
        with self.lock:
            return self.accepted_count

    def accepted_by_delivery(self) -> Counter[str]:
        """Deliveries answered 2xx, counted. A receiver keeps the first of each delivery
        id and drops repeats; a repeat happens only when the sender died between our
        answer and recording it."""
        return Counter(
            r.headers["X-Recruiting-Delivery-Id"]
            for r in self.snapshot()
            if 200 <= r.answered < 300
        )
