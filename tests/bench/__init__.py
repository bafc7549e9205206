"""`make bench`: throughput and cost figures of the hot paths, each against a baseline.

Not a test suite: it builds a dedicated PostgreSQL database, measures, prints a table
and writes bench-results/core.json. See run.py for the steps.
"""
