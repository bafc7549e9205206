"""Django's SMTP backend, with the delivery recorded before the server can accept it.

An SMTP server takes responsibility for a message only when it acknowledges the line
with the lone dot that ends DATA. This backend sends the whole message, then calls
`commit` (which marks the delivery sent in the database), and only then sends the dot.
So a worker killed at any moment either dies before the commit (the server drops the
half-received message when the connection breaks, and the delivery is retried) or
after it (the delivery is sent and never retried). What remains is a few microseconds
between the commit returning and the dot being written, where a kill loses the mail:
never a duplicate. Set EMAIL_BACKEND to `candidates.notifications.smtp.EmailBackend`.
"""

from __future__ import annotations

import re
import smtplib
import socket
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import sanitize_address

_LEADING_DOT = re.compile(rb"(?m)^\.")


class ClaimLost(Exception):
    """`commit` refused: another task holds the delivery now; nothing was sent."""


class EmailBackend(DjangoSMTPBackend):
    def send_committing(self, message: EmailMessage, *, commit: Callable[[], bool]) -> None:
        """Send one message, calling `commit` just before the server may accept it.

        Raises ClaimLost when `commit` returns False (the message is abandoned mid-DATA,
        which the server discards), and smtplib or socket errors as they come; an error
        after `commit` means the server refused the message and it was not sent.
        """
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(a, encoding) for a in message.recipients()]
        body = message.message().as_bytes(linesep="\r\n")
        with self._lock:
            opened = self.open()
            connection = self.connection
            assert connection is not None
            # The lone dot is a second small write right after the body: without
            # NODELAY, Nagle holds it until the server's delayed ACK, 40 ms a message.
            if connection.sock is not None:
                connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                self._start_data(connection, sender, recipients)
                quoted = _LEADING_DOT.sub(b"..", body)
                connection.send(quoted if quoted.endswith(b"\r\n") else quoted + b"\r\n")
                if not commit():
                    self._abandon()
                    raise ClaimLost
                connection.send(b".\r\n")
                code, reply = connection.getreply()
                if code != 250:
                    raise smtplib.SMTPDataError(code, reply)
            except (smtplib.SMTPException, OSError):
                self._abandon()
                raise
            if opened:
                self.close()

    @staticmethod
    def _start_data(connection: smtplib.SMTP, sender: str, recipients: list[str]) -> None:
        """MAIL FROM, RCPT TO each recipient, and DATA, until the server waits for the
        message; raises as smtplib does when it refuses the sender, every recipient or
        the data. A server that offers PIPELINING (RFC 2920; mail servers generally do)
        gets the commands in one write and answers them in one round trip."""
        connection.ehlo_or_helo_if_needed()
        if connection.has_extn("pipelining"):
            commands = [f"MAIL FROM:{smtplib.quoteaddr(sender)}"]
            commands += [f"RCPT TO:{smtplib.quoteaddr(r)}" for r in recipients]
            connection.send("".join(f"{c}\r\n" for c in [*commands, "DATA"]))
            mail = connection.getreply()
            rcpts = [connection.getreply() for _ in recipients]
            data = connection.getreply()
        else:
            mail = connection.mail(sender)
            rcpts = [connection.rcpt(r) for r in recipients] if mail[0] == 250 else []
            accepted = any(code in (250, 251) for code, _ in rcpts)
            data = connection.docmd("DATA") if accepted else (554, b"No valid recipients")
        if mail[0] != 250:
            raise smtplib.SMTPSenderRefused(mail[0], mail[1], sender)
        refused = {
            r: reply
            for r, reply in zip(recipients, rcpts, strict=True)
            if reply[0] not in (250, 251)
        }
        if len(refused) == len(recipients):
            # A server waiting for data anyway gets none: the caller drops the connection.
            raise smtplib.SMTPRecipientsRefused(refused)
        if data[0] != 354:
            raise smtplib.SMTPDataError(data[0], data[1])

    def _abandon(self) -> None:
        """Drop the connection without QUIT, so a half-sent message is discarded."""
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None
