"""HUD System Performance Measures (SPM) on the report engine. Django-free.

    from hearth.reports.spm import run_spm, explain_nights
    result = run_spm(ds, ReportParams(start=..., end=..., coc="XX-500", spec="2022", report="spm"))
    result.tables["7b.1"].value("C2"); result.tables["7b.1"].members("C2"); result.write("spm.zip")
    explain_nights(ds, "92807", line="1b2")      # after run_spm: the client's stays, nights counted/negated

``blocks`` (scope, stays, bed nights), ``measures`` (one SQL table per measure), ``tables`` (HDX shells),
``nights`` (measure-1 explanation). See docs/reports.md, section "SPM".
"""

from hearth.reports.spm.nights import explain_nights
from hearth.reports.spm.run import run_spm
from hearth.reports.spm.tables import TABLES

__all__ = ["TABLES", "explain_nights", "run_spm"]
