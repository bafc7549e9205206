"""Django's PostgreSQL backend, for connections that bind parameters on the server.

Bound on the server, a statement carries at most 65,535 parameters (the protocol counts
them in 16 bits). Django assumes PostgreSQL has no limit, because with parameters merged
into the SQL on the client it has none, and so deletes with its cascades, inserts in
bulk and `in_bulk()` in one statement however many rows there are. Declaring the limit
makes Django split those into batches as it does on SQLite and Oracle.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, features, operations

MAX_QUERY_PARAMS = 2**16 - 1


class DatabaseFeatures(features.DatabaseFeatures):
    max_query_params = MAX_QUERY_PARAMS


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields: Any, objs: Any) -> int:
        if fields:
            return MAX_QUERY_PARAMS // len(fields)
        return len(objs)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
    ops_class = DatabaseOperations
