"""Benchmark: the CoC-wide APR over a synthetic CoC's HMIS CSV export; prints load and report times.

    python bench/reports.py                        # 250,000 clients over 7 years (the issue's target: 10 s)
    python bench/reports.py --clients 20000 [--report caper|spm] [--no-members] [--threads 2]
    python bench/reports.py --report spm          # the CoC-wide SPM (issue 5's target: 30 s for 250,000 x 7 years)

The export is made once with ``hearth seed --csv DIR --clients N --years 7`` and cached under
``var/bench_reports/`` (``--fresh`` makes it again). Load = HMIS CSV -> DuckDB (typed, canonical); report = the shared
building blocks plus every implemented table, with the clients behind every cell kept (drill-down) unless
``--no-members``. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hearth.reports.engine import ReportParams, load_dataset, run_report  # noqa: E402

TARGET_SECONDS = 10.0
SPM_TARGET_SECONDS = 30.0  # issue 5: the CoC-wide SPM over 250,000 clients x 7 years


def cpu_seconds() -> float:
    """User + system CPU time of this process, DuckDB's worker threads included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def export_folder(clients: int, years: int, seed: int, fresh: bool) -> Path:
    folder = ROOT / "var" / "bench_reports" / f"coc-{clients}-{years}y-s{seed}"
    if fresh and folder.exists():
        shutil.rmtree(folder)
    if not (folder / "Export.csv").exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        done = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "hearth"), "seed", "--csv", str(folder), "--clients", str(clients),
             "--years", str(years), "--seed", str(seed)],
            cwd=ROOT, text=True, capture_output=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            sys.exit(f"hearth seed failed:\n{done.stdout}\n{done.stderr}")
        print(f"generated {clients:,} clients x {years} years in {time.perf_counter() - started:.1f} s -> {folder}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=250_000)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report", choices=("apr", "caper", "spm"), default="apr")
    parser.add_argument("--start", default="2025-10-01")
    parser.add_argument("--end", default="2026-09-30")
    parser.add_argument("--no-members", action="store_true", help="skip the per-cell client lists")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    parser.add_argument("--fresh", action="store_true", help="generate the export again")
    parser.add_argument("--cache", action="store_true",
                        help="use the cache of loaded exports (var/bench_reports/cache): the first run parses the CSV "
                             "and writes the cache (cold), later runs read it (warm)")  # fmt: skip
    parser.add_argument("--all-columns", action="store_true", help="load every column (no projection)")
    parser.add_argument(
        "--memory", default=None, help="DuckDB memory limit, e.g. 1GB (beyond it DuckDB spills to disk)"
    )
    args = parser.parse_args()

    folder = export_folder(args.clients, args.years, args.seed, args.fresh)
    size = sum(f.stat().st_size for f in folder.glob("*.csv"))

    started, cpu0 = time.perf_counter(), cpu_seconds()
    cache_dir = ROOT / "var" / "bench_reports" / "cache" if args.cache else None
    ds = load_dataset(folder, threads=args.threads, cache_dir=cache_dir,
                      columns="all" if args.all_columns else "report", memory_limit=args.memory)  # fmt: skip
    load_s, load_cpu = time.perf_counter() - started, cpu_seconds() - cpu0
    enrollments = ds.row_counts["Enrollment.csv"]
    services = ds.row_counts["Services.csv"]

    params = ReportParams(start=date.fromisoformat(args.start), end=date.fromisoformat(args.end),
                          report=args.report)  # fmt: skip
    cpu1 = cpu_seconds()
    if args.report == "spm":
        from hearth.reports.spm import run_spm

        result = run_spm(ds, params, with_members=not args.no_members)
        clients_sql = "SELECT count(DISTINCT PersonalID) FROM spm_enrollments"
    else:
        result = run_report(ds, params, with_members=not args.no_members)
        clients_sql = "SELECT count(*) FROM client_detail"
    report_s, report_cpu = result.seconds, cpu_seconds() - cpu1
    clients_in_report = ds.scalar(clients_sql)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    total = load_s + report_s
    print(f"{args.report.upper()} CoC-wide {args.start}..{args.end} over {args.clients:,} synthetic clients")
    print(f"  ({args.years} years; {size / 2**20:,.0f} MiB of CSV; {enrollments:,} enrollments, {services:,} services)")
    if ds.cached:
        source = "warm: from the cache"
    elif cache_dir:
        source = f"cold: CSV -> DuckDB, then {ds.cache_write_seconds:.2f} s writing the cache"
    else:
        source = "cold: CSV -> DuckDB"
    print(f"  load                   {load_s:8.2f} s   (CPU {load_cpu:.2f} s; {source})")
    print(f"  report ({len(result.tables)} tables)    {report_s:8.2f} s   (CPU {report_cpu:.2f} s; "
          f"{clients_in_report:,} clients in the period; members per cell: {not args.no_members})")  # fmt: skip
    target = SPM_TARGET_SECONDS if args.report == "spm" else TARGET_SECONDS
    print(f"  total                  {total:8.2f} s   (target {target:.0f} s; peak RSS {peak:,.0f} MiB; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip


if __name__ == "__main__":
    main()
