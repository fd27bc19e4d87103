"""Duplicate detection and merge: the blocking index, candidate pairs, merges (with the snapshot that undoes them)."""

from __future__ import annotations

from django.db import models


class ClientKey(models.Model):
    """One blocking key of one client (``hearth.dedup.names.name_keys``): the index client search and matching use."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [
            models.Index(fields=["key", "client"], name="dedup_clientkey_key_idx"),
            models.Index(fields=["client"], name="dedup_clientkey_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.key}"
