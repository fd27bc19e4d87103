"""Background jobs: long tasks (HMIS CSV imports, reports) run outside the request, with progress and a result page.

API (``hearth.jobs.services``)::

    job = job_start(kind="hudcsv.import", func="hearth.hudcsv.jobs.import_job",
                    params={"path": "/var/.../upload.zip"}, acting_user=request.user)
    return redirect("jobs:detail", job_id=job.pk)

``func`` is the dotted path of ``def f(job: Job, progress: Callable[[int, str], None]) -> dict``. ``job.params``
holds the (JSON) parameters; ``progress(percent, message)`` reports how far it got (0-100, shown on the job page);
the returned dict becomes ``job.result``: put the address of the result page in ``result["url"]`` and the job page
links to it when done. An exception marks the job failed, with the error kept in ``job.error``.

Where a job runs (``settings.HEARTH_JOBS_MODE``, else the environment variable ``HEARTH_JOBS_MODE``):

- ``thread`` (default): in a daemon thread of the web process, started when the transaction that created the job
  commits; the thread closes its database connection when done.
- ``sync``: inline, before ``job_start`` returns (tests, scripts).
- ``worker``: only queued; ``hearth run_jobs`` (a worker process, for production) picks queued jobs and runs them.

The job page ``jobs:detail`` (``/jobs/<id>/``) shows status and progress and refreshes itself (htmx polling, or a
meta refresh without JavaScript) until the job is done. Only the job's creator and the HMIS lead may see a job.
"""
