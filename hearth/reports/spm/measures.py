"""The SPM measures as SQL over the building blocks of ``spm.blocks``. Django-free.

Each measure ends in one table with one row per client (per line/metric where a measure has several universes),
which the table shells of ``spm.tables`` count, so every cell keeps the PersonalIDs behind it (drill-down):

- ``m1_spans``   every span of nights (``lo``..``hi``) of every stay measure 1 looks at, with its ``kind``:
                 'es' (ES entry/exit, ES night-by-night bed nights, SH), 'th', 'php' (PH before move-in of a
                 literally homeless stay, 1b),
                 'pre_es' / 'pre_sh' / 'pre_th' / 'pre_ph' (3.917 approximate date homelessness started up to and
                 including project start or the first bed night, 1b; that night a span of its own, ``start_night``
                 true where it counts as a stay night), 'housed' (PH from move-in, negating);
- ``m1_lot``     per line ('1a1', '1a2', '1b1', '1b2') and client: client start/end date, where the walk backwards
                 stopped (``walk_start``) and the length of time homeless ``lot``;
- ``m2``         per client: the earliest exit to a permanent destination 2 years before the period, its project
                 group and the days until the first return to homelessness (NULL: none);
- ``m3``         per client and group ('es', 'sh', 'th'): active in the period;
- ``m4``         per adult system stayer ('stayer') or leaver ('leaver') of a CoC-funded project: whether earned,
                 non-employment cash and total income increased;
- ``m5``         per metric ('5.1', '5.2') and client entering in the period: whether any stay in the 24 months
                 before (``prior``);
- ``m7``         per metric ('7a.1', '7b.1', '7b.2') and client: ``temporary`` / ``permanent`` / ``stayer`` flags.
"""

from __future__ import annotations

from hearth.reports.apr.blocks_income import TOTAL_INCOME_SQL

FAR_FUTURE = "DATE '9999-12-31'"


# Nights before the lookback stop date or the DOB are never bed nights (spec Measure 1a/1b introduction).
_LOW = "greatest(EntryDate, spm_lookback(), coalesce(DOB, spm_lookback()))"
_STAY_END = "least(coalesce(ExitDate - 1, spm_end()), spm_end())"
# PH before move-in: to the day before move-in, else to the day before exit, never after ReportEnd.
_PRE_MOVE_IN_END = (
    "least(coalesce(MoveInDate - 1, ExitDate - 1, spm_end()), coalesce(ExitDate - 1, spm_end()), spm_end())"
)


# Measure 1 works on spans of nights (lo..hi inclusive), never on one row per night: a 250,000-client CoC has
# hundreds of millions of nights but only a few million spans. The 3.917 nights of a stay are two spans: the nights
# before the project start (or first bed night) and that night itself, flagged ``start_night``.
def m1_spans_sql(spec: str) -> str:
    """``m1_spans``. FY2022 layout (as HUD's Data Lab kit reads spec v3 step 5a): the project start night that 3.917
    counts homeless ("up to and including [project start date]") is a night of the stay, so it can be the client end
    date (a PH stay entered, moved into and exited on one day keeps it); FY2026: only step 1 bed nights can."""
    start_is_stay = "true" if spec == "2022" else "false"
    return f"""CREATE OR REPLACE TABLE m1_spans AS
    SELECT * FROM (
        SELECT PersonalID, EnrollmentID, CASE WHEN grp = 'th' THEN 'th' ELSE 'es' END AS kind,
               {_LOW} AS lo, {_STAY_END} AS hi, false AS start_night
        FROM spm_enrollments
        WHERE grp IN ('es', 'sh', 'th') AND ProjectType <> 1 AND EntryDate <= spm_end()
        UNION ALL
        SELECT b.PersonalID, b.EnrollmentID, 'es', b.night, b.night, false
        FROM spm_bed_nights b JOIN spm_enrollments e USING (EnrollmentID)
        WHERE b.night BETWEEN greatest(spm_lookback(), coalesce(e.DOB, spm_lookback())) AND spm_end()
        UNION ALL
        SELECT PersonalID, EnrollmentID, 'php', {_LOW}, {_PRE_MOVE_IN_END}, false
        FROM spm_enrollments WHERE grp = 'ph' AND literally_homeless AND EntryDate <= spm_end()
        UNION ALL
        SELECT PersonalID, EnrollmentID, 'housed', greatest(MoveInDate, spm_lookback()), {_STAY_END}, false
        FROM spm_enrollments WHERE grp = 'ph' AND MoveInDate <= spm_end()
        UNION ALL
        SELECT PersonalID, EnrollmentID, 'pre_' || grp, greatest(DateToStreetESSH, coalesce(DOB, DateToStreetESSH)),
               anchor - 1, false
        FROM m1_pre
        UNION ALL
        SELECT PersonalID, EnrollmentID, 'pre_' || grp, greatest(anchor, coalesce(DOB, anchor)), anchor,
               {start_is_stay}
        FROM m1_pre
    ) WHERE lo <= hi"""  # noqa: S608


# Stays whose 3.917 date adds nights in 1b: literally homeless at start, the date before the anchor (project start,
# or the first bed night of a night-by-night stay) and the anchor between the lookback stop date and ReportEnd.
M1_PRE = """CREATE OR REPLACE TABLE m1_pre AS
    SELECT * FROM (
        SELECT e.PersonalID, e.EnrollmentID, e.grp, e.DateToStreetESSH, e.DOB,
               CASE WHEN e.ProjectType = 1
                    THEN (SELECT min(b.night) FROM spm_bed_nights b WHERE b.EnrollmentID = e.EnrollmentID)
                    ELSE e.EntryDate END AS anchor
        FROM spm_enrollments e
        WHERE e.grp IN ('es', 'sh', 'th', 'ph') AND e.literally_homeless AND e.DateToStreetESSH IS NOT NULL
          AND e.EntryDate <= spm_end())
    WHERE anchor BETWEEN spm_lookback() AND spm_end() AND DateToStreetESSH < anchor"""

# line -> (kinds counted, kinds negating them, project groups whose active clients form the universe, PH included)
M1_LINES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]] = {
    "1a1": (("es",), ("th", "housed"), ("es", "sh"), False),
    "1a2": (("es", "th"), ("housed",), ("es", "sh", "th"), False),
    "1b1": (("es", "php", "pre_es", "pre_sh", "pre_ph"), ("th", "housed"), ("es", "sh"), True),
    "1b2": (("es", "th", "php", "pre_es", "pre_sh", "pre_th", "pre_ph"), ("housed",), ("es", "sh", "th"), True),
}


# Active in the period (spec Measure 1 step 1): entry/exit stays with ExitDate > ReportStart and a night;
# night-by-night stays with a bed night in the period; PH (1b) literally homeless stays whose start, move-in or exit
# without move-in falls in the period. FY2022 layout: also PH stays with nights before move-in in the period (as the
# kit reads step 1: a stay entered before the period and housed after ReportEnd is homeless all year).
def m1_active_sql(spec: str) -> str:
    searching = ""
    if spec == "2022":
        searching = """
    UNION
    SELECT PersonalID, 'ph' FROM m1_spans WHERE kind = 'php' AND hi >= spm_start() AND lo <= spm_end()"""
    return f"""CREATE OR REPLACE TABLE m1_active AS
    SELECT e.PersonalID, e.grp FROM spm_enrollments e
    WHERE e.grp IN ('es', 'sh', 'th') AND e.ProjectType <> 1 AND e.EntryDate <= spm_end()
      AND (e.ExitDate IS NULL OR e.ExitDate > spm_start()) AND (e.ExitDate IS NULL OR e.ExitDate > e.EntryDate)
    UNION
    SELECT b.PersonalID, 'es' FROM spm_bed_nights b WHERE b.night BETWEEN spm_start() AND spm_end()
    UNION
    SELECT e.PersonalID, 'ph' FROM spm_enrollments e
    WHERE e.grp = 'ph' AND e.literally_homeless
      AND (e.EntryDate BETWEEN spm_start() AND spm_end() OR e.MoveInDate BETWEEN spm_start() AND spm_end()
           OR (e.MoveInDate IS NULL AND e.ExitDate BETWEEN spm_start() AND spm_end())){searching}"""  # noqa: S608


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def m1_line_sql(line: str) -> str:
    """One line of measure 1 by a sweep over the client's spans (spec Measure 1 steps 1-8).

    Events +1/-1 at each span's first night and the night after its last, per counter: counted nights, counted
    nights of stays (not 3.917, but for FY2022 its project start night: the client end date and the universe come
    from stays' nights, steps 1-3) and negating nights. Between two events the counters are constant: a segment is
    homeless when something counts and nothing negates. The client end date is the last homeless stay night in the
    period; the client start date 365 days before (not before the lookback); the walk backwards takes the run of
    adjacent homeless segments that holds the night before the start date; LOT = the homeless nights from there to
    the end date.
    """
    counted, negating, groups, with_ph = M1_LINES[line]
    active = groups + (("ph",) if with_ph else ())
    stay_kinds = tuple(k for k in counted if not k.startswith("pre_"))
    return f"""INSERT INTO m1_lot
    WITH spans AS (
        SELECT PersonalID, lo, hi, kind IN {_in(counted)} AS c, kind IN {_in(stay_kinds)} OR start_night AS s,
               kind IN {_in(negating)} AS n
        FROM m1_spans
        WHERE kind IN {_in(counted + negating)}
          AND PersonalID IN (SELECT PersonalID FROM m1_active WHERE grp IN {_in(active)})
    ), events AS (
        SELECT PersonalID, lo AS d, c::INTEGER AS dc, s::INTEGER AS ds, n::INTEGER AS dn FROM spans
        UNION ALL
        SELECT PersonalID, hi + 1, -(c::INTEGER), -(s::INTEGER), -(n::INTEGER) FROM spans
    ), points AS (
        SELECT PersonalID, d, sum(dc) AS dc, sum(ds) AS ds, sum(dn) AS dn FROM events GROUP BY PersonalID, d
    ), running AS (
        SELECT PersonalID, d AS lo, lead(d) OVER w - 1 AS hi,
               sum(dc) OVER w AS cc, sum(ds) OVER w AS cs, sum(dn) OVER w AS cn
        FROM points WINDOW w AS (PARTITION BY PersonalID ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ), seg AS (
        SELECT PersonalID, lo, hi, cs > 0 AS stay FROM running WHERE cc > 0 AND cn = 0 AND hi >= lo
    ), ends AS (
        SELECT PersonalID, max(least(hi, spm_end())) AS client_end FROM seg
        WHERE stay AND lo <= spm_end() AND hi >= spm_start() GROUP BY PersonalID
    ), breaks AS (
        SELECT seg.PersonalID, seg.lo, seg.hi,
               CASE WHEN seg.lo = lag(seg.hi) OVER (PARTITION BY seg.PersonalID ORDER BY seg.lo) + 1 THEN 0 ELSE 1
               END AS brk
        FROM seg SEMI JOIN ends USING (PersonalID)
    ), islands AS (
        SELECT PersonalID, min(lo) AS first_night, max(hi) AS last_night FROM (
            SELECT *, sum(brk) OVER (PARTITION BY PersonalID ORDER BY lo ROWS UNBOUNDED PRECEDING) AS island
            FROM breaks)
        GROUP BY PersonalID, island
    ), starts AS (
        SELECT PersonalID, client_end, greatest(client_end - 365, spm_lookback()) AS client_start FROM ends
    ), walked AS (
        SELECT s.PersonalID, s.client_start, s.client_end,
               least(s.client_start, coalesce(i.first_night, s.client_start)) AS walk_start
        FROM starts s LEFT JOIN islands i
          ON i.PersonalID = s.PersonalID AND s.client_start - 1 BETWEEN i.first_night AND i.last_night
    )
    SELECT '{line}' AS line, w.PersonalID, w.client_start, w.client_end, w.walk_start,
           sum(least(g.hi, w.client_end) - greatest(g.lo, w.walk_start) + 1) AS lot
    FROM walked w JOIN seg g ON g.PersonalID = w.PersonalID AND g.lo <= w.client_end AND g.hi >= w.walk_start
    GROUP BY ALL"""  # noqa: S608


M1_LOT_CREATE = """CREATE OR REPLACE TABLE m1_lot (line VARCHAR, PersonalID VARCHAR, client_start DATE,
    client_end DATE, walk_start DATE, lot BIGINT)"""

# ---- Measure 2 ------------------------------------------------------------------------------------------------

# Which later entries are returns (FY2022 layout: 2019 spec v3 step 5; FY2026: spec V1.0 step 5b).
_RETURN_2022 = """(r.grp IN ('so', 'es', 'sh')
               OR (r.grp = 'th' AND r.EntryDate > x.ExitDate + 14)
               OR (r.grp = 'ph' AND r.EntryDate > x.ExitDate + 14
                   AND NOT EXISTS (SELECT 1 FROM spm_enrollments o
                                   WHERE o.PersonalID = r.PersonalID AND o.EnrollmentID <> r.EnrollmentID
                                     AND o.grp IN ('ph', 'th')
                                     AND o.ExitDate BETWEEN r.EntryDate - 14 AND r.EntryDate)))"""
# FY2026: any SO/ES/SH/TH entry; a PH entry more than 14 days after the exit and not within any other PH stay's
# start + 1 .. the earlier of its exit + 14 and ReportEnd.
_RETURN_2026 = """(r.grp IN ('so', 'es', 'sh', 'th')
               OR (r.grp = 'ph' AND r.EntryDate > x.ExitDate + 14
                   AND NOT EXISTS (SELECT 1 FROM spm_enrollments o
                                   WHERE o.PersonalID = r.PersonalID AND o.EnrollmentID <> r.EnrollmentID
                                     AND o.grp = 'ph' AND r.EntryDate >= o.EntryDate + 1
                                     AND r.EntryDate <= least(coalesce(o.ExitDate + 14, spm_end()), spm_end()))))"""


def m2_sql(spec: str) -> str:
    """Measure 2: each client's earliest exit to a permanent destination 2 years before the period, and the days to
    the first later entry that counts as a return (NULL: none)."""
    returns = _RETURN_2022 if spec == "2022" else _RETURN_2026
    return f"""CREATE OR REPLACE TABLE m2 AS
    WITH exits AS (
        SELECT PersonalID, EnrollmentID, grp, ExitDate FROM spm_enrollments
        WHERE grp IN ('so', 'es', 'sh', 'th', 'ph') AND Destination BETWEEN 400 AND 499
          AND ExitDate BETWEEN greatest(spm_lookback(), spm_start() - 730) AND spm_end() - 730
        QUALIFY row_number() OVER (PARTITION BY PersonalID ORDER BY ExitDate, EnrollmentID) = 1
    ), returns AS (
        SELECT x.PersonalID, min(r.EntryDate) AS return_date
        FROM exits x JOIN spm_enrollments r ON r.PersonalID = x.PersonalID AND r.EnrollmentID <> x.EnrollmentID
        WHERE r.EntryDate BETWEEN x.ExitDate AND spm_end() AND {returns}
        GROUP BY x.PersonalID
    )
    SELECT x.PersonalID, x.EnrollmentID, x.grp, x.ExitDate, r.return_date,
           CAST(r.return_date - x.ExitDate AS BIGINT) AS days_to_return
    FROM exits x LEFT JOIN returns r USING (PersonalID)"""  # noqa: S608


# ---- Measure 3.2 ----------------------------------------------------------------------------------------------


def m3_sql(spec: str) -> str:
    """Measure 3.2: (client, group) active in ES, SH or TH. FY2022 layout: Glossary active clients (ExitDate >=
    ReportStart); FY2026: Glossary Method 5, 1+ nights active (ExitDate > ReportStart). Night-by-night: a bed night."""
    exit_after = ">=" if spec == "2022" else ">"
    return f"""CREATE OR REPLACE TABLE m3 AS
    SELECT DISTINCT e.PersonalID, e.grp FROM spm_enrollments e
    WHERE e.grp IN ('es', 'sh', 'th') AND e.ProjectType <> 1 AND e.EntryDate <= spm_end()
      AND (e.ExitDate IS NULL OR e.ExitDate {exit_after} spm_start())
    UNION
    SELECT b.PersonalID, 'es' FROM spm_bed_nights b WHERE b.night BETWEEN spm_start() AND spm_end()"""  # noqa: S608


# ---- Measure 4 ------------------------------------------------------------------------------------------------

# HUD CoC program components (2.06): the 2019 spec v3 (FY2022 layout) and FY2026 spec V1.0 Measure 4 step 1.
M4_FUNDERS = {"2022": (2, 3, 4, 5, 43, 44), "2026": (2, 3, 4, 5, 6, 43, 44, 54, 55, 56)}


def m4_sql(spec: str) -> list[str]:
    funders = ", ".join(str(f) for f in M4_FUNDERS[spec])
    earned = "CASE WHEN i.EarnedAmount > 0 THEN i.EarnedAmount ELSE 0 END"
    record = f"""SELECT i.EnrollmentID, i.InformationDate, i.DataCollectionStage, i.DateUpdated,
                        {TOTAL_INCOME_SQL} AS total, {earned} AS earned
                 FROM IncomeBenefits i"""  # noqa: S608
    return [
        f"""CREATE OR REPLACE TABLE m4_stays AS
            SELECT e.* FROM spm_enrollments e
            WHERE e.ProjectType IN (2, 3, 8, 9, 10, 13) AND e.ProjectID IN (
                SELECT ProjectID FROM Funder WHERE Funder IN ({funders}) AND StartDate <= spm_end()
                   AND (EndDate IS NULL OR EndDate >= spm_start()))""",  # noqa: S608
        f"CREATE OR REPLACE TABLE m4_income AS {record} WHERE i.EnrollmentID IN (SELECT EnrollmentID FROM m4_stays)",  # noqa: S608
        """CREATE OR REPLACE TABLE m4_clients AS
            WITH active AS (
                SELECT * FROM m4_stays WHERE EntryDate <= spm_end() AND (ExitDate IS NULL OR ExitDate > spm_end())
            ), stayers AS (
                SELECT 'stayer' AS kind, * FROM active WHERE spm_end() + 1 - EntryDate >= 365
                QUALIFY row_number() OVER (PARTITION BY PersonalID ORDER BY EntryDate DESC, EnrollmentID DESC) = 1
            ), leavers AS (
                SELECT 'leaver' AS kind, * FROM m4_stays
                WHERE ExitDate BETWEEN spm_start() AND spm_end() AND PersonalID NOT IN (SELECT PersonalID FROM active)
                QUALIFY row_number() OVER (PARTITION BY PersonalID ORDER BY EntryDate DESC, EnrollmentID DESC) = 1
            )
            SELECT * FROM stayers WHERE age >= 18 UNION ALL SELECT * FROM leavers WHERE age >= 18""",
        # Stayers: the later point is the latest annual assessment within 30 days of an anniversary of the start,
        # on or before ReportEnd; the earlier is the annual before it, else the start record.
        """CREATE OR REPLACE TABLE m4_points AS
            WITH annual AS (
                SELECT c.PersonalID, i.* FROM m4_clients c JOIN m4_income i USING (EnrollmentID),
                LATERAL (SELECT CAST(round((i.InformationDate - c.EntryDate) / 365.25) AS INTEGER) AS k) y
                WHERE c.kind = 'stayer' AND i.DataCollectionStage = 5 AND i.InformationDate <= spm_end()
                  AND y.k >= 1 AND abs(i.InformationDate - CAST(c.EntryDate + to_years(y.k) AS DATE)) <= 30
            ), later_s AS (
                SELECT * FROM annual
                QUALIFY row_number() OVER (PARTITION BY PersonalID ORDER BY InformationDate DESC, DateUpdated DESC) = 1
            ), start_rec AS (
                SELECT c.PersonalID, i.* FROM m4_clients c JOIN m4_income i USING (EnrollmentID)
                WHERE i.DataCollectionStage = 1
                QUALIFY row_number() OVER (PARTITION BY c.PersonalID
                                           ORDER BY (i.InformationDate = c.EntryDate) DESC, i.InformationDate,
                                                    i.DateUpdated DESC) = 1
            ), prev_annual AS (
                SELECT c.PersonalID, i.* FROM m4_clients c JOIN m4_income i USING (EnrollmentID)
                JOIN later_s l ON l.PersonalID = c.PersonalID
                WHERE i.DataCollectionStage = 5 AND i.InformationDate < l.InformationDate
                QUALIFY row_number() OVER (PARTITION BY c.PersonalID ORDER BY i.InformationDate DESC,
                                                                               i.DateUpdated DESC) = 1
            ), exit_rec AS (
                SELECT c.PersonalID, i.* FROM m4_clients c JOIN m4_income i USING (EnrollmentID)
                WHERE c.kind = 'leaver' AND i.DataCollectionStage = 3 AND i.InformationDate = c.ExitDate
                QUALIFY row_number() OVER (PARTITION BY c.PersonalID ORDER BY i.DateUpdated DESC) = 1
            ), leaver_start AS (
                SELECT c.PersonalID, i.* FROM m4_clients c JOIN m4_income i USING (EnrollmentID)
                WHERE c.kind = 'leaver' AND i.DataCollectionStage = 1 AND i.InformationDate = c.EntryDate
                QUALIFY row_number() OVER (PARTITION BY c.PersonalID ORDER BY i.DateUpdated DESC) = 1
            )
            SELECT c.PersonalID, c.kind, c.EnrollmentID,
                   CASE WHEN c.kind = 'stayer' THEN coalesce(pa.InformationDate, s.InformationDate)
                        ELSE ls.InformationDate END AS earlier_date,
                   CASE WHEN c.kind = 'stayer' THEN (CASE WHEN pa.PersonalID IS NOT NULL THEN pa.total ELSE s.total END)
                        ELSE ls.total END AS earlier_total,
                   CASE WHEN c.kind = 'stayer'
                        THEN (CASE WHEN pa.PersonalID IS NOT NULL THEN pa.earned ELSE s.earned END)
                        ELSE ls.earned END AS earlier_earned,
                   CASE WHEN c.kind = 'stayer' THEN s.PersonalID IS NOT NULL OR pa.PersonalID IS NOT NULL
                        ELSE ls.PersonalID IS NOT NULL END AS has_earlier,
                   CASE WHEN c.kind = 'stayer' THEN l.InformationDate ELSE x.InformationDate END AS later_date,
                   CASE WHEN c.kind = 'stayer' THEN l.total ELSE x.total END AS later_total,
                   CASE WHEN c.kind = 'stayer' THEN l.earned ELSE x.earned END AS later_earned
            FROM m4_clients c
            LEFT JOIN later_s l ON l.PersonalID = c.PersonalID
            LEFT JOIN start_rec s ON s.PersonalID = c.PersonalID AND c.kind = 'stayer'
            LEFT JOIN prev_annual pa ON pa.PersonalID = c.PersonalID
            LEFT JOIN exit_rec x ON x.PersonalID = c.PersonalID
            LEFT JOIN leaver_start ls ON ls.PersonalID = c.PersonalID""",
        """CREATE OR REPLACE TABLE m4 AS
            SELECT PersonalID, kind, EnrollmentID, earlier_date, later_date,
                   coalesce(later_total IS NOT NULL AND earlier_total IS NOT NULL
                            AND later_earned > earlier_earned, false) AS earned_up,
                   coalesce(later_total IS NOT NULL AND earlier_total IS NOT NULL
                            AND later_total - later_earned > earlier_total - earlier_earned, false) AS other_up,
                   coalesce(later_total > earlier_total, false) AS total_up
            FROM m4_points WHERE has_earlier""",
    ]


# ---- Measure 5 ------------------------------------------------------------------------------------------------

M5 = """CREATE OR REPLACE TABLE m5 AS
    WITH entries AS (
        SELECT PersonalID, min(EntryDate) FILTER (WHERE grp IN ('es', 'sh', 'th')) AS start_51,
               min(EntryDate) AS start_52
        FROM spm_enrollments WHERE grp IN ('es', 'sh', 'th', 'ph') AND EntryDate BETWEEN spm_start() AND spm_end()
        GROUP BY PersonalID
    ), metrics AS (
        SELECT '5.1' AS metric, PersonalID, start_51 AS client_start FROM entries WHERE start_51 IS NOT NULL
        UNION ALL
        SELECT '5.2', PersonalID, start_52 FROM entries
    )
    SELECT m.metric, m.PersonalID, m.client_start,
           EXISTS (SELECT 1 FROM spm_enrollments p
                   WHERE p.PersonalID = m.PersonalID AND p.grp IN ('es', 'sh', 'th', 'ph')
                     AND p.EntryDate < m.client_start
                     AND (p.ExitDate IS NULL OR p.ExitDate >= greatest(spm_lookback(), m.client_start - 730)))
               AS prior
    FROM metrics m"""

# ---- Measure 7 ------------------------------------------------------------------------------------------------

# Appendix A (FY2026 codes): SO excludes hospital (206), residential project/halfway house (329) and deceased (24);
# its "temporary and some institutional" destinations; the other project types exclude foster care (215),
# hospital (206), long-term care (225) and deceased (24).
SO_EXCLUDED = (206, 329, 24)
SO_TEMPORARY = (101, 215, 314, 327, 204, 118, 312, 313, 205, 302, 225, 332)
OTHER_EXCLUDED = (215, 206, 225, 24)


def _codes(codes: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(c) for c in codes) + ")"


# The latest exit; on the same date the lowest EnrollmentID (FY2026 spec, Metric 7b.1 step 2).
_LATEST_EXIT = "ExitDate DESC, EnrollmentID"

# Metric 7a.1 step 1: a leaver was not active in any SO project on ReportEnd. FY2022 layout: SO clients are active
# by date of service (FY2020 Glossary, Method 2: a contact, 4.12), so active on ReportEnd means a contact that day
# in an open stay; FY2026: a stay open on ReportEnd (the spec names no service dates for it).
_SO_ACTIVE_AT_END = {
    "2022": """SELECT s.PersonalID FROM spm_enrollments s
               JOIN CurrentLivingSituation c ON c.EnrollmentID = s.EnrollmentID
               WHERE s.grp = 'so' AND s.EntryDate <= spm_end() AND (s.ExitDate IS NULL OR s.ExitDate > spm_end())
                 AND c.InformationDate = spm_end()""",
    "2026": """SELECT PersonalID FROM spm_enrollments
               WHERE grp = 'so' AND EntryDate <= spm_end() AND (ExitDate IS NULL OR ExitDate > spm_end())""",
}


def m7_sql(spec: str) -> str:
    """Measure 7: one row per metric and client (leavers' latest exit; 7b.2 stayers)."""
    return f"""CREATE OR REPLACE TABLE m7 AS
    WITH so_leavers AS (
        SELECT * FROM spm_enrollments
        WHERE grp = 'so' AND ExitDate BETWEEN spm_start() AND spm_end()
          AND PersonalID NOT IN ({_SO_ACTIVE_AT_END[spec]})
        QUALIFY row_number() OVER (PARTITION BY PersonalID ORDER BY {_LATEST_EXIT}) = 1
    ), b1_leavers AS (
        SELECT * FROM spm_enrollments
        WHERE grp IN ('es', 'sh', 'th', 'ph') AND ExitDate BETWEEN spm_start() AND spm_end()
          AND PersonalID NOT IN (SELECT PersonalID FROM spm_enrollments WHERE grp IN ('es', 'sh', 'th', 'ph')
                                 AND EntryDate <= spm_end() AND (ExitDate IS NULL OR ExitDate > spm_end()))
        QUALIFY row_number() OVER (PARTITION BY PersonalID ORDER BY {_LATEST_EXIT}) = 1
    ), psh_active AS (
        SELECT * FROM spm_enrollments
        WHERE ProjectType IN (3, 9, 10) AND EntryDate <= spm_end() AND (ExitDate IS NULL OR ExitDate > spm_end())
    ), psh_stayers AS (
        SELECT * FROM psh_active
        QUALIFY row_number() OVER (PARTITION BY PersonalID ORDER BY EntryDate DESC, EnrollmentID DESC) = 1
    ), psh_leavers AS (
        SELECT * FROM spm_enrollments
        WHERE ProjectType IN (3, 9, 10) AND ExitDate BETWEEN spm_start() AND spm_end()
          AND PersonalID NOT IN (SELECT PersonalID FROM psh_active)
        QUALIFY row_number() OVER (PARTITION BY PersonalID ORDER BY {_LATEST_EXIT}) = 1
    )
    SELECT '7a.1' AS metric, PersonalID, EnrollmentID, ProjectType, ExitDate, Destination, false AS stayer,
           Destination IN {_codes(SO_TEMPORARY)} AS temporary, Destination BETWEEN 400 AND 499 AS permanent
    FROM so_leavers WHERE Destination IS NULL OR Destination NOT IN {_codes(SO_EXCLUDED)}
    UNION ALL
    SELECT '7b.1', PersonalID, EnrollmentID, ProjectType, ExitDate, Destination, false, false,
           Destination BETWEEN 400 AND 499
    FROM b1_leavers
    WHERE NOT (ProjectType IN (3, 9, 10) AND MoveInDate <= spm_end())
      AND (Destination IS NULL OR Destination NOT IN {_codes(OTHER_EXCLUDED)})
    UNION ALL
    SELECT '7b.2', PersonalID, EnrollmentID, ProjectType, NULL, NULL, true, false, false
    FROM psh_stayers WHERE MoveInDate <= spm_end()
    UNION ALL
    SELECT '7b.2', PersonalID, EnrollmentID, ProjectType, ExitDate, Destination, false, false,
           Destination BETWEEN 400 AND 499
    FROM psh_leavers
    WHERE MoveInDate IS NOT NULL AND (Destination IS NULL OR Destination NOT IN {_codes(OTHER_EXCLUDED)})"""  # noqa: S608


def statements(spec: str) -> list[str]:
    return [
        M1_PRE,
        m1_spans_sql(spec),
        m1_active_sql(spec),
        M1_LOT_CREATE,
        *(m1_line_sql(line) for line in M1_LINES),
        m2_sql(spec),
        m3_sql(spec),
        *m4_sql(spec),
        M5,
        m7_sql(spec),
    ]
