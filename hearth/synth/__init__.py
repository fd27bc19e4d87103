"""A synthetic Continuum of Care in HMIS CSV FY2026 shape, for demos, tests and benchmarks.

Django-free: it produces rows (lists in HUD's column order) that ``hearth seed`` writes as CSV or loads into the
database. The same ``Options`` always give the same data: every random draw comes from ``random.Random`` streams
seeded from the options, and the export period ends on a fixed day, not today.
"""

from hearth.synth.columns import BY_FILE, FILES, Columns, Rows
from hearth.synth.csvout import batches, write_csv
from hearth.synth.directory import AGENCIES, KINDS, build_directory
from hearth.synth.options import COC_CODE, PERIOD_END, Options

__all__ = [
    "AGENCIES",
    "BY_FILE",
    "COC_CODE",
    "FILES",
    "KINDS",
    "PERIOD_END",
    "Columns",
    "Options",
    "Rows",
    "batches",
    "build_directory",
    "write_csv",
]
