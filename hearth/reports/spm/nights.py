"""Explaining one client's measure-1 length of time homeless: which stays, which nights counted, which were negated.

Django-free. Call after ``run_spm`` (it reads ``m1_spans``, ``m1_lot`` and ``spm_enrollments`` of that run)::

    explain_nights(ds, "92807", line="1b2")
    -> {"line": "1b2", "lot": 4747, "client_start": ..., "client_end": ..., "walk_start": ...,
        "stays": [{"EnrollmentID", "ProjectID", "ProjectType", "EntryDate", "ExitDate", "MoveInDate",
                   "kind", "first_night", "last_night", "nights", "counted", "negated"}, ...]}

``nights`` are the stay's nights of that kind; ``counted`` those inside the client's window (walk_start ..
client_end) and not negated; ``negated`` those removed by a stay "further along" (TH or housed PH for line 1,
housed PH for line 2). Stays whose kind only negates (housed PH) list the nights they negated.
"""

from __future__ import annotations

from typing import Any

from hearth.reports.engine.dataset import Dataset
from hearth.reports.spm.measures import M1_LINES, _in


def explain_nights(ds: Dataset, personal_id: str, *, line: str = "1a1") -> dict[str, Any]:
    if line not in M1_LINES:
        raise ValueError(f"unknown measure 1 line {line!r}; choose one of {', '.join(M1_LINES)}")
    counted, negating, _groups, _ph = M1_LINES[line]
    lot = ds.query("SELECT lot, client_start, client_end, walk_start FROM m1_lot WHERE line = ? AND PersonalID = ?",
                   [line, personal_id])  # fmt: skip
    out: dict[str, Any] = {"line": line, "PersonalID": personal_id, "in_universe": bool(lot), "lot": 0,
                           "client_start": None, "client_end": None, "walk_start": None, "stays": []}  # fmt: skip
    if lot:
        out.update(lot=lot[0][0], client_start=lot[0][1], client_end=lot[0][2], walk_start=lot[0][3])
    window = "n.night BETWEEN ? AND ?" if lot else "false"
    window_params = [out["walk_start"], out["client_end"]] if lot else []
    sql = f"""
        WITH m1_nights AS (
                SELECT PersonalID, EnrollmentID, kind,
                       CAST(unnest(generate_series(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP), INTERVAL 1 DAY))
                            AS DATE) AS night
                FROM m1_spans WHERE PersonalID = ?),
             neg AS (SELECT DISTINCT night FROM m1_nights WHERE kind IN {_in(negating)}),
             cnt AS (SELECT DISTINCT night FROM m1_nights WHERE kind IN {_in(counted)})
        SELECT e.EnrollmentID, e.ProjectID, e.ProjectType, e.EntryDate, e.ExitDate, e.MoveInDate, n.kind,
               min(n.night), max(n.night), count(*),
               count(*) FILTER (WHERE n.kind IN {_in(counted)} AND n.night NOT IN (SELECT night FROM neg)
                                AND {window}),
               count(*) FILTER (WHERE n.kind IN {_in(counted)} AND n.night IN (SELECT night FROM neg)),
               count(*) FILTER (WHERE n.kind IN {_in(negating)} AND n.night IN (SELECT night FROM cnt))
        FROM m1_nights n JOIN spm_enrollments e USING (EnrollmentID)
        WHERE n.PersonalID = ? AND n.kind IN {_in(counted + negating)}
        GROUP BY ALL ORDER BY min(n.night), e.EnrollmentID, n.kind"""  # noqa: S608
    rows = ds.query(sql, [personal_id, *window_params, personal_id])
    for r in rows:
        kind = r[6]
        out["stays"].append({
            "EnrollmentID": r[0], "ProjectID": r[1], "ProjectType": r[2], "EntryDate": r[3], "ExitDate": r[4],
            "MoveInDate": r[5], "kind": kind, "first_night": r[7], "last_night": r[8], "nights": r[9],
            "counted": r[10], "negated": r[11] if kind in counted else 0,
            "negates": r[12] if kind in negating else 0,
        })  # fmt: skip
    return out
