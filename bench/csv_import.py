"""Benchmark: import a synthetic HMIS CSV FY2026 export into a fresh database; print rows per file, rows/s, peak RSS.

    python bench/csv_import.py [--clients 20000] [--fresh-export]

The export is written once by ``hearth seed --clients N --csv DIR`` (under ``var/bench_import_csv_N``) and reused.
Each run imports it into a new, empty database of its own: on PostgreSQL (DATABASE_URL) ``hearth_bench_import`` on
the same server, dropped and created again; on SQLite a temporary file under HEARTH_VAR_DIR. The import runs in a
process of its own, so the peak RSS printed is the importer's alone; its CPU time and the machine's load average are
printed too, as wall-clock figures mean little on a shared machine; on PostgreSQL running on the same machine, so is
the CPU time of the import's database backend. Target: 50,000 rows/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "hearth_bench_import"
TARGET_ROWS_PER_SECOND = 50_000

CHILD = """
import json, os, resource, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.db import connection
from hearth.hudcsv.importer import import_export

def server_cpu():
    # CPU seconds of this connection's PostgreSQL backend, when the server runs on this machine (/proc readable).
    if connection.vendor != "postgresql":
        return None
    try:
        fields = open(f"/proc/{connection.connection.info.backend_pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

connection.ensure_connection()
server_before = server_cpu()
started = time.perf_counter()
export = import_export(path=sys.argv[1])
seconds = time.perf_counter() - started
server_after = server_cpu()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"report": export.report, "seconds": seconds, "peak_kb": usage.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "server_cpu": None if server_before is None else server_after - server_before}))
"""


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), env=env, cwd=ROOT, text=True, capture_output=True, check=False)


def fresh_database(env: dict[str, str]) -> tuple[dict[str, str], Path | None]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        return {**env, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{BENCH_DB}"))}, None
    var = Path(os.environ.get("HEARTH_VAR_DIR", ROOT / "var"))
    var.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench_import_", dir=var))
    env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    return {**env, "HEARTH_VAR_DIR": str(folder)}, folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20000)
    parser.add_argument("--fresh-export", action="store_true", help="write the synthetic export again")
    opts = parser.parse_args()
    hearth = str(ROOT / ".venv" / "bin" / "hearth")
    python = str(ROOT / ".venv" / "bin" / "python")
    export_dir = Path(os.environ.get("HEARTH_VAR_DIR", ROOT / "var")) / f"bench_import_csv_{opts.clients}"
    env = dict(os.environ)
    if opts.fresh_export or not (export_dir / "Export.csv").exists():
        shutil.rmtree(export_dir, ignore_errors=True)
        done = run(env, hearth, "seed", "--clients", str(opts.clients), "--csv", str(export_dir), "-v", "0")
        if done.returncode:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
    env, sqlite_dir = fresh_database(env)
    try:
        done = run(env, hearth, "migrate", "-v", "0")
        if done.returncode:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
        done = run(env, python, "-c", CHILD, str(export_dir))
        if done.returncode:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        if sqlite_dir is not None:
            shutil.rmtree(sqlite_dir, ignore_errors=True)
    report, seconds = result["report"], result["seconds"]
    database = "PostgreSQL" if sqlite_dir is None else "SQLite"
    print(f"HMIS CSV import, {opts.clients:,} clients, {database}: {report['status']}")
    for file, counts in report["counts"].items():
        print(f"  {file:<28}{counts['read']:>12,}")
    total = report["rows"]
    print(f"  {'total':<28}{total:>12,}")
    print(
        f"{seconds:.1f} s, {total / seconds:,.0f} rows/s (target {TARGET_ROWS_PER_SECOND:,} on PostgreSQL), "
        f"peak RSS {result['peak_kb'] / 1024:.0f} MB"
    )
    phases = report.get("seconds") or {}
    if phases:
        print("phases (s): " + ", ".join(f"{name.replace('_', ' ')} {value:.1f}" for name, value in phases.items()))
    # On a shared machine the wall-clock figure depends on the load; the importer's own CPU time does much less.
    cpu = result.get("cpu") or 0.0
    load = os.getloadavg()[0]
    print(
        f"importer process CPU {cpu:.1f} s ({total / cpu if cpu else 0:,.0f} rows per CPU second; the database "
        f"server's work is not included); load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    if result.get("server_cpu") is not None:
        print(
            f"database server CPU for the import's connection {result['server_cpu']:.1f} s "
            f"(bulk-loaded tables: {len(report.get('bulk_tables', []))})"
        )
    return 0 if report["status"] == "imported" else 1


if __name__ == "__main__":
    sys.exit(main())
