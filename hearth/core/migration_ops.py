"""Migration operations several apps share (kept here so each migration does not carry its own copy)."""

from __future__ import annotations

from django.db import migrations


def drop_plain_hud_id_indexes(app_label: str) -> migrations.RunPython:
    """Drop the plain indexes of ``hud_id`` of an app's HMIS tables (PostgreSQL also has a ``_like`` one), by name
    as the database has them; reversed by creating one again.

    Not AlterField's own way: on PostgreSQL it also drops the partial unique index on ``hud_id`` (local_id_unique),
    which the database describes as an index of the same column.
    """

    def models_with_hud_id(apps):
        for model in apps.get_app_config(app_label).get_models():
            if any(f.name == "hud_id" for f in model._meta.local_fields) and not model._meta.proxy:
                yield model

    def forward(apps, schema_editor):
        connection = schema_editor.connection
        for model in models_with_hud_id(apps):
            kept = {index.name for index in model._meta.indexes}
            for name in _plain_hud_id_indexes(connection, model._meta.db_table):
                if name not in kept:
                    schema_editor.execute(schema_editor._delete_index_sql(model, name))

    def backward(apps, schema_editor):
        for model in models_with_hud_id(apps):
            field = model._meta.get_field("hud_id")
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))

    return migrations.RunPython(forward, backward)


def _plain_hud_id_indexes(connection, table: str) -> list[str]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # PRAGMAs: the introspection cannot parse every table's SQL
            cursor.execute(f"PRAGMA index_list({quote(table)})")
            names = [row[1] for row in cursor.fetchall() if not row[2]]  # (seq, name, unique, origin, partial)
            found = []
            for name in names:
                cursor.execute(f"PRAGMA index_info({quote(name)})")
                if [row[2] for row in cursor.fetchall()] == ["hud_id"]:
                    found.append(name)
            return sorted(found)
        constraints = connection.introspection.get_constraints(cursor, table)
    plain = (
        name
        for name, info in constraints.items()
        if info["index"] and not info["unique"] and not info["primary_key"] and info["columns"] == ["hud_id"]
    )
    return sorted(plain)
