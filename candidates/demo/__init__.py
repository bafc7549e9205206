"""Demo data: a believable organisation hiring AI specialists, with weeks of history.

`seed_demo()` is idempotent and deterministic; `manage.py seed_demo` runs it.
"""
