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
                self._envelope(connection, sender, recipients)
                code, reply = connection.docmd("DATA")
                if code != 354:
                    raise smtplib.SMTPDataError(code, reply)
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
    def _envelope(connection: smtplib.SMTP, sender: str, recipients: list[str]) -> None:
        connection.ehlo_or_helo_if_needed()
        code, reply = connection.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for recipient in recipients:
            code, reply = connection.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, reply)
        if len(refused) == len(recipients):
            raise smtplib.SMTPRecipientsRefused(refused)

    def _abandon(self) -> None:
        """Drop the connection without QUIT, so a half-sent message is discarded."""
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None
