"""Benchmark: write a synthetic CoC as HMIS CSV and print rows, time, throughput and peak memory.

python bench/seed.py                      # 250,000 clients over 7 years into a temporary folder
python bench/seed.py --clients 20000 --years 3 --workers 1 --out /tmp/coc
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hearth.synth import FILES, Options, write_csv  # noqa: E402


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its (finished) worker processes, in MiB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=250_000)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes that generate blocks (the files are the same for any number)",
    )
    parser.add_argument("--out", help="folder for the CSV files (default: a temporary folder, removed afterwards)")
    args = parser.parse_args()

    folder = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="hearth-seed-"))
    options = Options(clients=args.clients, years=args.years, seed=args.seed)
    started = time.perf_counter()
    counts = write_csv(options, folder, workers=args.workers)
    seconds = time.perf_counter() - started
    size = sum((folder / file).stat().st_size for file in FILES)
    own, children = peak_rss_mib()
    if not args.out:
        shutil.rmtree(folder)

    total = sum(counts.values())
    print(
        f"clients        {options.clients:,} over {options.years} years (seed {options.seed}, "
        f"{args.workers} worker{'s' if args.workers != 1 else ''})"
    )
    for file in FILES:
        print(f"  {file:<28}{counts[file]:>13,}")
    print(f"total rows     {total:,}")
    print(f"CSV size       {size / 2**20:,.0f} MiB")
    print(f"seconds        {seconds:,.1f}")
    print(f"rows/s         {total / seconds:,.0f}")
    print(f"peak RSS       {own:,.0f} MiB (main process), {children:,.0f} MiB (largest worker)")


if __name__ == "__main__":
    main()
