"""Index operations for migrations that run on PostgreSQL and on SQLite alike.

On PostgreSQL an index is built CONCURRENTLY, so a table of a million applications
keeps taking writes while it is built (the migration must say `atomic = False`). An
index only PostgreSQL can build (a trigram GIN index) is skipped elsewhere:
`make run` on SQLite then searches by scanning, as it always did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations import AddIndex
from django.db.migrations.state import ProjectState
from django.db.models import Index


class AddIndexConcurrently(AddIndex):
    def __init__(self, model_name: str, index: Index, *, postgresql_only: bool = False) -> None:
        super().__init__(model_name, index)
        self.postgresql_only = postgresql_only

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        name, args, kwargs = super().deconstruct()
        if self.postgresql_only:
            kwargs["postgresql_only"] = True
        return name, args, kwargs

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if not self._concurrently(app_label, schema_editor, to_state, add=True):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if not self._concurrently(app_label, schema_editor, from_state, add=False):
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def _concurrently(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        state: ProjectState,
        *,
        add: bool,
    ) -> bool:
        """Do it concurrently on PostgreSQL, or nothing where only PostgreSQL builds it;
        False leaves it to AddIndex."""
        if schema_editor.connection.vendor != "postgresql":
            return self.postgresql_only
        model = state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            change = schema_editor.add_index if add else schema_editor.remove_index
            change(model, self.index, concurrently=True)  # type: ignore[call-arg]
        return True

    def describe(self) -> str:
        where = " (PostgreSQL only)" if self.postgresql_only else ""
        return f"{super().describe()}, concurrently on PostgreSQL{where}"
