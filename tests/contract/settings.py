"""The project's settings as the fuzzed server runs them, with the one difference said
here (the rest is set by environment variables: `tests/contract/run.py`)."""

from __future__ import annotations

import os

from recruiting.project.settings import *  # noqa: F403

# Static files collected for the run, with their manifest as the image has them (pages
# outside the API, such as a 404, need it with DEBUG off), never into the project.
STATIC_ROOT = os.environ["FUZZ_STATIC_ROOT"]
