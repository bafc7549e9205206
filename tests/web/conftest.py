"""Pages as each persona sees them, through Django's test client (a real session)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def browse() -> Callable[[Any], Client]:
    """`browse(user)` gives a client logged in as that persona (None: anonymous)."""

    def client_for(user: Any | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return client_for
