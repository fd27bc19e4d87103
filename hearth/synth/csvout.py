"""Streaming the generated CoC to HMIS CSV files: one batch of rows at a time, never the whole population."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from hearth.synth.columns import BY_FILE, FILES, Rows
from hearth.synth.directory import Directory, build_directory
from hearth.synth.households import generate_block
from hearth.synth.options import Options


def batches(options: Options) -> Iterator[Rows]:
    """The generated CoC as batches of rows: the directory first, then one batch per block of clients."""
    directory = build_directory(options)
    yield directory.rows
    for block in range(options.blocks):
        yield generate_block(options, directory, block)


def write_csv(options: Options, folder: str | os.PathLike[str], *, workers: int = 1) -> dict[str, int]:
    """Write the 24 HMIS CSV FY2026 files into ``folder``; return the number of rows per file.

    With ``workers`` > 1, blocks are rendered to CSV text in worker processes and written in block order,
    so the files are byte-identical to a single-process run.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(FILES, 0)
    with ExitStack() as stack:
        handles = {}
        writers = {}
        for file in FILES:
            handle = stack.enter_context(open(folder / file, "w", encoding="utf-8", newline=""))
            writer = csv.writer(handle)
            writer.writerow(BY_FILE[file].header)
            handles[file] = handle
            writers[file] = writer
        directory = build_directory(options)
        for file, rows in directory.rows.by_file.items():
            writers[file].writerows(rows)
            counts[file] += len(rows)
        if workers <= 1 or options.blocks < 2:
            for block in range(options.blocks):
                rows = generate_block(options, directory, block)
                for file, file_rows in rows.by_file.items():
                    writers[file].writerows(file_rows)
                    counts[file] += len(file_rows)
        else:
            context = multiprocessing.get_context(
                "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            )
            with context.Pool(workers, initializer=_start_worker, initargs=(options,)) as pool:
                for rendered in pool.imap(_render_block, range(options.blocks), chunksize=1):
                    for file, (text, count) in zip(FILES, rendered, strict=True):
                        handles[file].write(text)
                        counts[file] += count
    return counts


_worker: tuple[Options, Directory] | None = None


def _start_worker(options: Options) -> None:
    global _worker
    _worker = (options, build_directory(options))


def _render_block(block: int) -> list[tuple[str, int]]:
    """One block as CSV text per file (in ``FILES`` order) with its row counts."""
    assert _worker is not None
    options, directory = _worker
    rows = generate_block(options, directory, block)
    rendered = []
    for file in FILES:
        file_rows = rows[file]
        buffer = io.StringIO()
        csv.writer(buffer).writerows(file_rows)
        rendered.append((buffer.getvalue(), len(file_rows)))
    return rendered
