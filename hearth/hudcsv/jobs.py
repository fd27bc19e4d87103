"""The HMIS CSV import as a background job (``hearth.jobs``): the upload page queues it, the job page follows it."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from hearth.hudcsv.importer import import_export

KIND = "hudcsv.import"
FUNC = "hearth.hudcsv.jobs.import_job"


def upload_folder() -> Path:
    """Where uploaded exports wait for their import job (removed when the job ends)."""
    return Path(getattr(settings, "VAR_DIR", Path("var"))) / "uploads" / "hudcsv"


def save_upload(upload: UploadedFile) -> Path:
    """Keep an uploaded .zip on disk, under a name of its own, for the job that imports it."""
    folder = upload_folder() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / "upload.zip"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def import_job(job: Any, progress: Callable[[int, str], None]) -> dict[str, Any]:
    """Job function: import ``params["path"]`` as the job's creator would; the result links to the import report."""
    params = job.params
    path = Path(params["path"])
    try:
        batch = import_export(
            path=path,
            acting_user=job.created_by,
            dry_run=bool(params.get("dry_run")),
            organization_ids=params.get("organization_ids"),
            organization_id=params.get("organization_id"),
            progress=progress,
        )
    finally:
        if path.parent.parent == upload_folder():
            shutil.rmtree(path.parent, ignore_errors=True)
    report = batch.report
    progress(100, f"{report['status']}: {report['rows']} rows, {report['error_count']} errors")
    return {
        "url": reverse("hudcsv:import_detail", kwargs={"export_id": batch.pk}),
        "export_id": batch.pk,
        "status": report["status"],
    }
