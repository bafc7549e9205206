"""schemathesis hooks for the fuzz run (`SCHEMATHESIS_HOOKS=tests.contract.hooks`): every
request carries `Authorization: Token <key>` of the persona the run is for.

The persona logs in through the API, as a client would (`POST /api/v1/auth/token/`).
`DELETE /api/v1/auth/token/` revokes the token it carries, so it gets a token of its
own, fresh for each call: with the run's token it would log the rest of the run out.
The settings come from the environment the run is started with: FUZZ_BASE_URL,
FUZZ_USERNAME, FUZZ_PASSWORD.
"""

from __future__ import annotations

import os
from typing import Any

import requests
import schemathesis

LOG_OUT = {"method": "DELETE", "path": "/api/v1/auth/token/"}


def log_in() -> str:
    response = requests.post(
        f"{os.environ['FUZZ_BASE_URL']}/api/v1/auth/token/",
        json={"username": os.environ["FUZZ_USERNAME"], "password": os.environ["FUZZ_PASSWORD"]},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["token"])


class TokenAuth:
    def get(self, case: Any, context: Any) -> str:
        return log_in()

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


# Kept for the run (logged in again should the server answer 401).
schemathesis.auth(refresh_interval=3600).skip_for(**LOG_OUT)(TokenAuth)
# Never kept: each log-out ends the token it was given.
schemathesis.auth(refresh_interval=None).apply_to(**LOG_OUT)(TokenAuth)
