"""Benchmark: export a synthetic CoC as HMIS CSV FY2026 and print rows per file, rows/s and peak memory.

    python bench/csv_export.py [--clients 20000] [--zip] [--fresh]

The population lives in its own database next to the one DATABASE_URL names (PostgreSQL: ``hearth_bench_export``
on the same server; SQLite: ``var/bench_export.sqlite3``), so the benchmark never touches working data. It is made
once with ``hearth seed --clients N`` and reused by later runs (``--fresh`` starts over). The export runs in a
process of its own, so the peak RSS printed is the exporter's alone. Target: 200,000 rows/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "hearth_bench_export"
TARGET_ROWS_PER_SECOND = 200_000


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    return f"sqlite:///{ROOT / 'var' / 'bench_export.sqlite3'}"


def prepare_postgres(url: str, fresh: bool) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{BENCH_DB}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def hearth(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / ".venv" / "bin" / "hearth"), *args], env=env, cwd=ROOT, text=True,
                          capture_output=True, check=False)


def prepare(clients: int, fresh: bool) -> dict[str, str]:
    url = bench_database_url()
    if url.startswith("sqlite"):
        path = Path(urlsplit(url).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        prepare_postgres(url, fresh)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = hearth(env, "migrate", "--noinput", "-v", "0")
    if done.returncode:
        sys.exit(f"migrate failed:\n{done.stderr}")
    print(f"database: {url}")
    started = time.perf_counter()
    seeded = hearth(env, "seed", "--clients", str(clients), "--seed", "1")
    if seeded.returncode == 0:
        print(f"seeded {clients:,} clients in {time.perf_counter() - started:.1f} s")
        if not url.startswith("sqlite"):
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("ANALYZE")  # as autovacuum would soon do: planner statistics for the new tables
    elif "already in the database" in seeded.stderr:
        print(f"reusing the {clients:,}-client population already loaded (--fresh to start over)")
    else:
        sys.exit(f"hearth seed failed:\n{seeded.stderr or seeded.stdout}")
    return env


def run_export(as_zip: bool) -> None:
    """In the export's own process: run export_csv once and print the figures."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from hearth import standards
    from hearth.hudcsv.exporter import export_csv

    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / ("export.zip" if as_zip else "export")
        started = time.perf_counter()
        export = export_csv(output=output)
        seconds = time.perf_counter() - started
        size = output.stat().st_size if as_zip else sum(f.stat().st_size for f in output.iterdir())
    counts = export.report["counts"]
    total = sum(counts.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"HMIS CSV FY2026 export ({connection.vendor}, {'zip' if as_zip else 'folder'}):")
    for file in standards.files("2026"):
        print(f"  {file:<28}{counts[file]:>12,}")
    print(f"  {'total':<28}{total:>12,}")
    rate = total / seconds if seconds else 0.0
    print(f"{seconds:.2f} s, {rate:,.0f} rows/s (target {TARGET_ROWS_PER_SECOND:,} on PostgreSQL), "
          f"{size / 1e6:,.1f} MB written, peak RSS {peak_mb:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20000, help="clients in the synthetic CoC (default 20000)")
    parser.add_argument("--zip", action="store_true", help="write a .zip instead of a folder")
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database and seed it again")
    parser.add_argument("--export-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_only:
        run_export(args.zip)
        return
    env = prepare(args.clients, args.fresh)
    command = [sys.executable, str(Path(__file__).resolve()), "--export-only", *(["--zip"] if args.zip else [])]
    sys.exit(subprocess.run(command, env=env, cwd=ROOT, check=False).returncode)


if __name__ == "__main__":
    main()
