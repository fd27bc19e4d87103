"""APR/CAPER Q4a: Project Identifiers in HMIS (one row per project in scope)."""

from __future__ import annotations

from hearth.reports.engine.run import Run
from hearth.reports.engine.tables import CellResult, Table, TableResult

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
