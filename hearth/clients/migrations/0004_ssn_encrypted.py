"""The SSN (3.02.1) is stored encrypted, with its clear last four and a keyed digest (``hearth.core.crypto``)."""

from django.db import migrations, models

import hearth.core.crypto

BATCH = 2000


def _convert(schema_editor, convert):
    """Rewrite every non-blank SSN with ``convert`` in raw SQL (no model field conversions get in the way)."""
    connection = schema_editor.connection
    table = connection.ops.quote_name("clients_client")
    with connection.cursor() as read:
        read.execute(f"SELECT id, ssn FROM {table} WHERE ssn <> '' ORDER BY id")  # noqa: S608 (a quoted table name)
        while rows := read.fetchmany(BATCH):
            updates = [(new, pk) for pk, old in rows if (new := convert(old)) != old]
            if updates:
                with connection.cursor() as write:
                    write.executemany(f"UPDATE {table} SET ssn = %s WHERE id = %s", updates)  # noqa: S608


def seal(apps, schema_editor):
    _convert(schema_editor, hearth.core.crypto.seal_ssn)


def unseal(apps, schema_editor):
    _convert(schema_editor, hearth.core.crypto.open_ssn)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_client_ssn_last4_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="client", name="client_ssn_idx"),
        migrations.RemoveIndex(model_name="client", name="client_ssn_last4_idx"),
        migrations.AlterField(
            model_name="client",
            name="ssn",
            field=hearth.core.crypto.EncryptedSsnField(blank=True, max_length=128, verbose_name="SSN"),
        ),
        migrations.RunPython(seal, unseal, elidable=False),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(hearth.core.crypto.SealedDigest("ssn"), name="client_ssn_digest_idx"),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(hearth.core.crypto.SealedLastFour("ssn"), name="client_ssn_last4_v2_idx"),
        ),
    ]
