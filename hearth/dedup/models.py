"""Duplicate detection and merge: the blocking index, candidate pairs, merges (with the snapshot that undoes them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class CandidateQuerySet(models.QuerySet):
    def open(self) -> CandidateQuerySet:
        """Pairs waiting for review whose two records both still exist (not soft-deleted or merged away)."""
        return self.filter(
            status=Candidate.Status.OPEN, client_a__date_deleted__isnull=True, client_b__date_deleted__isnull=True
        )


class Candidate(models.Model):
    """A pair of client records that may be one person, waiting for the HMIS lead (``client_a_id < client_b_id``)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MERGED = "merged", _("merged")
        NOT_DUPLICATE = "not_duplicate", _("not a duplicate")

    class Source(models.TextChoices):
        SCAN = "scan", _("database scan")
        IMPORT = "import", _("HMIS CSV import")

    client_a = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    client_b = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)  # reason codes (hearth.dedup.scoring)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(_("found by"), max_length=8, choices=Source.choices, default=Source.SCAN)
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client_a", "client_b"], name="dedup_candidate_pair_unique"),
            models.CheckConstraint(condition=models.Q(client_a__lt=models.F("client_b")), name="dedup_candidate_order"),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="dedup_candidate_queue_idx")]

    def __str__(self) -> str:
        return f"{self.client_a_id}~{self.client_b_id} {self.score:.2f} {self.status}"


class MergeQuerySet(models.QuerySet):
    def active(self) -> MergeQuerySet:
        return self.filter(undone_at__isnull=True)


class Merge(models.Model):
    """One merge of client ``merged`` into ``survivor``, with the exact snapshot that lets ``client_unmerge`` undo it.

    ``survivor_before`` / ``merged_before``: every concrete field of both clients before the merge (JSON values).
    ``applied``: the survivor's fields the merge changed, with the values it set.
    ``moved``: every row moved from ``merged`` to ``survivor``: [model label, field name, pk, date_updated before].
    """

    survivor = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    field_choices = models.JSONField(default=dict)
    survivor_before = models.JSONField(default=dict)
    merged_before = models.JSONField(default=dict)
    applied = models.JSONField(default=dict)
    moved = models.JSONField(default=list)
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_notes = models.JSONField(default=dict, blank=True)

    objects = MergeQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at", "-id"]
        indexes = [models.Index(fields=["merged", "undone_at"], name="dedup_merge_merged_idx")]
        constraints = [
            # A record can be merged away only once at a time.
            models.UniqueConstraint(
                fields=["merged"], condition=models.Q(undone_at__isnull=True), name="dedup_merge_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.survivor_id} ({self.merged_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.undone_at is None
