"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd): it keeps what it receives, and
refuses for good (550) the addresses a test names."""

from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The messages the server accepted, parsed; and the addresses it refuses."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused: set[str] = set()
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.casefold() in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages addressed to `address`."""
        return [m for m in self.messages if m["To"].casefold() == address.casefold()]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html(message: EmailMessage) -> str:
        return message.get_body(("html",)).get_content()


@pytest.fixture
def smtp_server():
    """An SMTP server for the test (the app's MAIL_SERVER, MAIL_PORT point at it)."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    inbox.port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def mailer(app, smtp_server):
    """The test app sending through `smtp_server`, from MOOC_BASE_URL https://learn.example."""
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.port,
        MAIL_SENDER="learning@uclg.example",
        BASE_URL="https://learn.example",
    )
    return smtp_server
