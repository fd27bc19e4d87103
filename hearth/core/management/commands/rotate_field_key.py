"""``hearth rotate_field_key``: re-encrypt every stored SSN with the current (first configured) field key.

Rotation: put the new key first in HEARTH_FIELD_KEY (or the key file), keeping the old one listed after it; run this
command; then remove the old key. ``--new-key ID`` prints a fresh key entry to paste, and changes nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from hearth.core import crypto
from hearth.core.audit import audit

BATCH = 2000


class Command(BaseCommand):
    help = "Re-encrypt every stored SSN with the first configured field key (or print a new key with --new-key)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", metavar="ID", help="print a new key entry with this id and exit")
        parser.add_argument("--check", action="store_true", help="count the SSNs under each key, change nothing")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["new_key"]:
            self.stdout.write(crypto.new_key_entry(opts["new_key"]))
            return
        current = crypto.keyring().current
        counts = reencrypt(check=opts["check"])
        for key_id, count in sorted(counts.items()):
            self.stdout.write(f"{key_id}: {count}")
        moved = sum(count for key_id, count in counts.items() if key_id != current.id)
        if opts["check"]:
            self.stdout.write(f"{moved} SSN(s) to re-encrypt with {current.id}.")
        else:
            self.stdout.write(f"{moved} SSN(s) re-encrypted with {current.id}.")


def reencrypt(*, check: bool = False) -> Counter:
    """Move every SSN stored under another key to the current one; the count of SSNs found under each key id."""
    current = crypto.keyring().current
    table = connection.ops.quote_name("clients_client")
    counts: Counter = Counter()
    last = 0
    with transaction.atomic():
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, ssn FROM {table} WHERE id > %s AND ssn <> '' ORDER BY id LIMIT %s",  # noqa: S608
                    [last, BATCH],
                )
                rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            updates = []
            for pk, stored in rows:
                key_id = crypto.stored_key_id(stored) or "(not encrypted)"
                counts[key_id] += 1
                if key_id != current.id:
                    updates.append((crypto.seal_ssn(crypto.open_ssn(stored), key=current), pk))
            if updates and not check:
                with connection.cursor() as cursor:
                    cursor.executemany(f"UPDATE {table} SET ssn = %s WHERE id = %s", updates)  # noqa: S608
        moved = sum(count for key_id, count in counts.items() if key_id != current.id)
        if moved and not check:
            audit(user=None, action="update", object_type="core.FieldKey", object_id=current.id,
                  detail={"reencrypted": moved, "from": sorted(k for k in counts if k != current.id)})  # fmt: skip
    return counts
