"""APR/CAPER Q4a: Project Identifiers in HMIS (one row per project in scope)."""

from __future__ import annotations

from hearth.reports.engine.run import Run
from hearth.reports.engine.tables import CellResult, Table, TableResult, col_letter

HEADER = [
    "Organization Name", "Organization ID", "Project Name", "Project ID", "HMIS Project Type",
    "Method for Tracking ES", "Affiliated with a residential project", "Project IDs of affiliations", "CoC Number",
    "Geocode", "Victim Service Provider", "HMIS Software Name", "Report Start Date", "Report End Date",
]  # fmt: skip


class ProjectIdentifiers(Table):
    """Q4a lists the projects, not clients: its rows come from Project/Organization/ProjectCoC/Export."""

    def compute(self, run: Run) -> TableResult:
        self.prepare(run)
        p = run.params
        coc_filter = "" if not p.coc else "AND pc.CoCCode = '" + p.coc.replace("'", "''") + "'"
        rows = run.ds.query(
            f"""
            SELECT o.OrganizationName, pr.OrganizationID, pr.ProjectName, pr.ProjectID, pr.ProjectType,
                   pr.ResidentialAffiliation,
                   (SELECT string_agg(DISTINCT a.ResProjectID, ', ') FROM Affiliation a
                     WHERE a.ProjectID = pr.ProjectID) AS affiliations,
                   (SELECT string_agg(DISTINCT pc.CoCCode, ', ') FROM ProjectCoC pc
                     WHERE pc.ProjectID = pr.ProjectID {coc_filter}) AS cocs,
                   (SELECT string_agg(DISTINCT pc.Geocode, ', ') FROM ProjectCoC pc
                     WHERE pc.ProjectID = pr.ProjectID {coc_filter}) AS geocodes,
                   o.VictimServiceProvider,
                   (SELECT SoftwareName FROM Export LIMIT 1) AS software
            FROM Project pr JOIN r_projects rp ON rp.ProjectID = pr.ProjectID
            LEFT JOIN Organization o ON o.OrganizationID = pr.OrganizationID
            ORDER BY pr.ProjectName, pr.ProjectID
            """  # noqa: S608
        )
        out = [[(h, True) for h in HEADER]]
        cells: dict[str, CellResult] = {}
        for org, org_id, name, pid, ptype, res_aff, affs, cocs, geos, vsp, software in rows:
            # FY2022 layout: ES is project type 1 with tracking method 0 (entry/exit) or 3 (night-by-night).
            hud_type = 1 if ptype in (0, 1) else ptype
            tracking = {0: "0", 1: "3"}.get(ptype, "")
            affiliated = "" if ptype != 6 or res_aff is None else str(res_aff)
            line = [
                (org or "", True), (str(org_id or ""), True), (name or "", True), (str(pid), False),
                (str(hud_type), True), (tracking, False), (affiliated, False), (affs or "", True),
                (cocs or "", True), (geos or "", True), ("" if vsp is None else str(vsp), False),
                (software or "", True), (p.start.isoformat(), False), (p.end.isoformat(), False),
            ]  # fmt: skip
            out.append(line)
        for r, line in enumerate(out[1:], start=2):
            for k, (text, _q) in enumerate(line):
                cells[f"{chr(65 + k)}{r}"] = CellResult(text, "text", None)
        return TableResult(self.name, out, cells)


TABLES = [ProjectIdentifiers("Q4a", header=HEADER, rows=[], columns=[], title="Project Identifiers in HMIS")]


# ---- FY2026 layout -----------------------------------------------------------------------------------------------

HEADER_2026 = [
    "Organization Name", "Organization ID", "Project Name", "Project ID", "HMIS Project Type", "RRH Subtype",
    "Coordinated Entry Access Point", "Affiliated with a Residential Project", "Project IDs of affiliations",
    "CoC Number", "Geocode", "Victim Service Provider", "HMIS Software Name and Version Number", "Report Start Date",
    "Report End Date", "Total Active Clients", "Total Active Households",
]  # fmt: skip


class ProjectIdentifiers2026(Table):
    """Q4a, FY2026 spec: FY2026 project types as they are, RRH subtype (2.02.6A), Coordinated Entry access point
    (2.09.1) in effect on the operating end date when the project closed within the period, else on ReportEnd, and
    per project the active clients and households (its rows add up to Q5a C2 and C15 + C16: each client counted at
    the project of their latest stay)."""

    def compute(self, run: Run) -> TableResult:
        self.prepare(run)
        p = run.params
        coc_filter = "" if not p.coc else "AND pc.CoCCode = '" + p.coc.replace("'", "''") + "'"
        rows = run.ds.query(
            f"""
            WITH as_of AS (
                SELECT pr.ProjectID,
                       CASE WHEN pr.OperatingEndDate >= r_start() AND pr.OperatingEndDate < r_end()
                            THEN pr.OperatingEndDate ELSE r_end() END AS d
                FROM Project pr
            )
            SELECT o.OrganizationName, pr.OrganizationID, pr.ProjectName, pr.ProjectID, pr.ProjectType,
                   pr.RRHSubType, pr.ResidentialAffiliation,
                   (SELECT arg_max(ce.AccessPoint, ce.CEParticipationStatusStartDate) FROM CEParticipation ce
                     WHERE ce.ProjectID = pr.ProjectID AND ce.CEParticipationStatusStartDate <= a.d
                       AND (ce.CEParticipationStatusEndDate IS NULL OR ce.CEParticipationStatusEndDate >= a.d))
                       AS access_point,
                   (SELECT string_agg(DISTINCT a.ResProjectID, ', ') FROM Affiliation a
                     WHERE a.ProjectID = pr.ProjectID) AS affiliations,
                   (SELECT string_agg(DISTINCT pc.CoCCode, ', ') FROM ProjectCoC pc
                     WHERE pc.ProjectID = pr.ProjectID {coc_filter}) AS cocs,
                   (SELECT string_agg(DISTINCT pc.Geocode, ', ') FROM ProjectCoC pc
                     WHERE pc.ProjectID = pr.ProjectID {coc_filter}) AS geocodes,
                   o.VictimServiceProvider,
                   (SELECT trim(concat_ws(' ', SoftwareName, SoftwareVersion)) FROM Export LIMIT 1) AS software,
                   (SELECT count(*) FROM client_detail c WHERE c.ProjectID = pr.ProjectID) AS clients,
                   (SELECT count(*) FROM client_detail c WHERE c.ProjectID = pr.ProjectID AND c.is_hoh) AS households
            FROM Project pr JOIN r_projects rp ON rp.ProjectID = pr.ProjectID
            JOIN as_of a ON a.ProjectID = pr.ProjectID
            LEFT JOIN Organization o ON o.OrganizationID = pr.OrganizationID
            ORDER BY pr.ProjectName, pr.ProjectID
            """  # noqa: S608
        )
        out = [[(h, True) for h in HEADER_2026]]
        for (org, org_id, name, pid, ptype, subtype, res_aff, access, affs, cocs, geos, vsp, software, clients,
             households) in rows:  # fmt: skip
            services_only = ptype == 6 or (ptype == 13 and subtype == 1)
            affiliated = "" if not services_only or res_aff is None else str(res_aff)
            line = [
                (org or "", True), (str(org_id or ""), True), (name or "", True), (str(pid), True),
                (str(ptype), False), ("" if ptype != 13 or subtype is None else str(subtype), False),
                ("0" if access is None else str(access), False), (affiliated, False),
                (affs if affiliated == "1" and affs else "", True), (cocs or "", True), (geos or "", True),
                ("" if vsp is None else str(vsp), False), (software or "", True), (p.start.isoformat(), False),
                (p.end.isoformat(), False), (str(clients), False), (str(households), False),
            ]  # fmt: skip
            out.append(line)
        cells = {
            f"{col_letter(k)}{r}": CellResult(text, "text", None)
            for r, line in enumerate(out[1:], start=2)
            for k, (text, _q) in enumerate(line)
        }
        return TableResult(self.name, out, cells)


TABLES_2026 = [
    ProjectIdentifiers2026("Q4a", header=HEADER_2026, rows=[], columns=[], specs=("2026",),
                           title="Project Identifiers in HMIS")
]  # fmt: skip
