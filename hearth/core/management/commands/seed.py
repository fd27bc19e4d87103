"""``hearth seed``: a synthetic CoC as HMIS CSV files, loaded into the database, or as the demo for ``make run``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone

from hearth import standards
from hearth.synth import COC_CODE, FILES, Options, Rows, build_directory, write_csv
from hearth.synth.households import generate_block

DEMO_PASSWORD = "hearth-demo-2026"  # noqa: S105 - the published password of the local demo logins
DEMO_URL = "http://127.0.0.1:8000/"
DEMO_LEAD_ORGANIZATION = "Demo HMIS Lead"
# (username, first name, role, which organization: "lead" or the n-th generated agency)
DEMO_PERSONAS = (
    ("dana", "Dana", "lead_admin", "lead"),
    ("alice", "Alice", "caseworker", 0),
    ("bob", "Bob", "caseworker", 1),
    ("charlie", "Charlie", "caseworker", 2),
    ("erin", "Erin", "agency_admin", 0),
    ("rita", "Rita", "reporting", "lead"),
)
DEMO_OPTIONS = {"clients": 300, "years": 3, "seed": 1}
DEMO_SOURCE = "Demo City CoC (synthetic)"
BATCH_SIZE = 2000
# Users before organizations: Organization.csv names the user who last changed it (UserID), and a user's
# owning organization is filled in once the organizations exist.
LOAD_ORDER = ("Export.csv", "User.csv", *(file for file in FILES if file not in ("Export.csv", "User.csv")))

# HMIS CSV reference columns and the model's foreign key they fill.
REFERENCES = {
    "PersonalID": "client",
    "EnrollmentID": "enrollment",
    "ProjectID": "project",
    "OrganizationID": "organization",
    "UserID": "hud_user",
    "ExportID": "export",
    "AssessmentID": "assessment",
    "ResProjectID": "residential_project",
}


class Command(BaseCommand):
    help = "Make a synthetic CoC: write it as HMIS CSV (--csv DIR), load it into the database, or set up the demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, help="how many clients to make")
        parser.add_argument("--years", type=int, default=3, help="length of the export period in years (default 3)")
        parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
        parser.add_argument("--csv", metavar="DIR", help="write the 24 HMIS CSV FY2026 files here instead of loading")
        parser.add_argument("--workers", type=int, default=1, help="processes for --csv (the output is the same)")
        parser.add_argument(
            "--demo", action="store_true", help="set up the demo CoC and its logins once (for `make run`)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["demo"]:
            self.demo()
            return
        if not opts["clients"]:
            raise CommandError("say how many clients to make (--clients N), or use --demo")
        try:
            options = Options(clients=opts["clients"], years=opts["years"], seed=opts["seed"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        started = time.perf_counter()
        if opts["csv"]:
            counts = write_csv(options, opts["csv"], workers=opts["workers"])
            where = opts["csv"]
        else:
            counts = load(options)
            where = "the database"
            _index_clients()
        if opts["verbosity"] >= 1:
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"{options.clients} clients over {options.years} years (seed {options.seed}) "
                f"written to {where} in {seconds:.1f} s:"
            )
            for file in FILES:
                self.stdout.write(f"  {file:<28}{counts[file]:>12,}")
            self.stdout.write(f"  {'total':<28}{sum(counts.values()):>12,}")

    def demo(self) -> None:
        from hearth.accounts.models import Membership, User
        from hearth.directory.models import CoC, Organization

        if CoC.objects.filter(code=COC_CODE).exists() or User.objects.filter(username="dana").exists():
            self.stdout.write("The demo CoC is already set up.")
            self.print_logins()
            return
        with transaction.atomic():
            CoC.objects.create(code=COC_CODE, name="Demo City CoC")
            options = Options(**DEMO_OPTIONS)
            load(options, source_name=DEMO_SOURCE)
            lead = Organization.objects.create(organization_name=DEMO_LEAD_ORGANIZATION, victim_service_provider=0)
            Organization.objects.filter(pk=lead.pk).update(owner_org=lead)
            agencies = [org for org in _loaded_organizations(DEMO_SOURCE) if not org.victim_service_provider]
            for username, first_name, role, where in DEMO_PERSONAS:
                organization = lead if where == "lead" else agencies[int(where)]
                is_admin = username == "dana"  # the HMIS lead also runs Django's admin site
                user = User.objects.create_user(
                    username=username,
                    password=DEMO_PASSWORD,
                    first_name=first_name,
                    last_name="Demo",
                    email=f"{username}@example.org",
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
                Membership.objects.create(user=user, organization=organization, role=role)
                _clear_demo_user(user, role)
            _index_clients()
        self.stdout.write(f"Demo CoC {COC_CODE} set up with {options.clients} synthetic clients.")
        self.print_logins()

    def print_logins(self) -> None:
        from hearth.accounts.models import Membership

        rows = [("username", "password", "role", "agency")]
        for username, *_rest in DEMO_PERSONAS:
            for membership in Membership.objects.filter(user__username=username, is_active=True).select_related(
                "organization"
            ):
                rows.append(
                    (
                        username,
                        DEMO_PASSWORD,
                        str(membership.get_role_display()),
                        membership.organization.organization_name,
                    )
                )
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for index, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write(f"Open {DEMO_URL} and sign in with one of these.")
        from hearth.accounts.models import TOTPDevice

        for device in TOTPDevice.objects.filter(user__username__in=[p[0] for p in DEMO_PERSONAS]).select_related(
            "user"
        ):
            self.stdout.write(
                f"{device.user.username} also needs a code from an authenticator app: add the key {device.secret}."
            )


def _clear_demo_user(user: Any, role: str) -> None:
    """Demo logins pass the training gate, and the administrators get an authenticator with a published key."""
    from hearth.accounts.models import Clearance, TOTPDevice
    from hearth.core.testing import persona_totp_secret

    today = timezone.localdate()
    Clearance.objects.update_or_create(
        user=user,
        defaults={
            "training_completed_on": today,
            "quiz_passed_on": today,
            "quiz_score": 100,
            "agreement_signed_on": today,
            "agreement_signature": user.get_full_name(),
        },
    )
    if role in ("lead_admin", "agency_admin"):
        TOTPDevice.objects.get_or_create(user=user, defaults={"secret": persona_totp_secret(user.username)})


def data_source_name(options: Options) -> str:
    return f"Synthetic CoC {COC_CODE} (seed {options.seed}, {options.clients} clients, {options.years} years)"


def _loaded_organizations(source_name: str) -> list:
    from hearth.directory.models import Organization

    organizations = Organization.objects.filter(data_source__name=source_name)
    return sorted(organizations, key=lambda org: int(org.hud_id))


@transaction.atomic
def load(options: Options, *, source_name: str = "") -> dict[str, int]:
    """Load the generated CoC into the database (one transaction); return the rows created per HMIS CSV file.

    The records belong to their own data source, so their HMIS IDs cannot clash with other records.
    """
    from hearth.hudcsv.models import DataSource

    source, created = DataSource.objects.get_or_create(
        name=source_name or data_source_name(options), defaults={"source_type": 1, "source_id": COC_CODE}
    )
    if not created:
        raise CommandError(f"{source.name} is already in the database.")
    loader = Loader(source)
    directory = build_directory(options)
    loader.set_user_organizations(
        {user_id: org.organization_id for org in directory.organizations for user_id in org.user_ids}
    )
    loader.load(directory.rows)
    for block in range(options.blocks):
        loader.load(generate_block(options, directory, block))
    return loader.counts


def _model_for(file: str) -> type[models.Model]:
    for model in apps.get_models():
        if getattr(model, "HUD_FILE", None) == file:
            return model
    raise LookupError(f"no model stores {file}")


class Loader:
    """Turns generated rows into model instances: typed values, foreign keys by HMIS ID, and the owning agency."""

    def __init__(self, source: Any) -> None:
        self.source = source
        self.counts = dict.fromkeys(FILES, 0)
        self.tz = timezone.get_current_timezone()
        self.plans = {file: self._plan(file) for file in FILES}
        self.models = {file: _model_for(file) for file in FILES}
        # HMIS ID -> primary key. Directory-level maps live for the whole load, client-level ones for a batch
        # (every block holds all of its clients' records).
        self.keys: dict[str, dict[str, int]] = {name: {} for name in REFERENCES.values()}
        self.owner_of_project: dict[int, int] = {}
        self.owner_of_enrollment: dict[int, int] = {}
        self.organization_of_user_id: dict[str, str] = {}

    def set_user_organizations(self, organization_of_user: dict[str, str]) -> None:
        self.organization_of_user_id = organization_of_user

    def _plan(self, file: str) -> list[tuple[int, str, Callable[[Any], Any] | None, str | None]]:
        """(position, model attribute, converter, or the ID map a reference is looked up in) for each column."""
        model = _model_for(file)
        plan: list[tuple[int, str, Callable[[Any], Any] | None, str | None]] = []
        for position, column in enumerate(standards.layout(file)):
            if position == 0:
                plan.append((position, "hud_id", str, None))
            elif column.name in REFERENCES:
                field = model._meta.get_field(REFERENCES[column.name])
                target = "project" if column.name == "ResProjectID" else REFERENCES[column.name]
                plan.append((position, field.attname, None, target))
            else:
                field = model._meta.get_field(standards.field_name(column.name))
                plan.append((position, field.attname, self._converter(column.base_type, field), None))
        return plan

    def _converter(self, base_type: str, field: models.Field) -> Callable[[Any], Any]:
        blank = None if field.null else ""
        tz = self.tz
        if base_type == "integer":
            return lambda v: None if v == "" else int(v)
        if base_type == "date":
            return lambda v: None if v == "" else date.fromisoformat(v)
        if base_type == "datetime":
            return lambda v: None if v == "" else datetime.fromisoformat(v).replace(tzinfo=tz)
        if base_type == "money":
            return lambda v: None if v == "" else Decimal(v)
        return lambda v: blank if v == "" else str(v)

    def load(self, batch: Rows) -> None:
        owner_of_client = self._client_owners(batch)
        for file in LOAD_ORDER:
            rows = batch[file]
            if rows:
                self._load_file(file, rows, owner_of_client)
        for name in ("client", "enrollment", "assessment"):
            self.keys[name].clear()
        self.owner_of_enrollment.clear()

    def _client_owners(self, batch: Rows) -> dict[str, str]:
        """Each client's owning agency: that of the project of their first enrollment (PersonalID -> ProjectID)."""
        first: dict[str, tuple[str, str]] = {}
        for row in batch["Enrollment.csv"]:
            person, project, entry = row[1], row[2], row[3]
            if person not in first or entry < first[person][0]:
                first[person] = (entry, project)
        return {person: project for person, (_entry, project) in first.items()}

    def _load_file(self, file: str, rows: list[list], owner_of_client: dict[str, str]) -> None:
        model = self.models[file]
        plan = self.plans[file]
        keys = self.keys
        instances = []
        for row in rows:
            values: dict[str, Any] = {}
            for position, attribute, convert, key_map in plan:
                raw = row[position]
                if key_map is not None:
                    values[attribute] = keys[key_map][raw] if raw != "" else None
                else:
                    values[attribute] = convert(raw)  # type: ignore[misc]
            if file != "Export.csv":
                values["data_source_id"] = self.source.pk
                values["owner_org_id"] = self._owner(file, values, row, owner_of_client)
            else:
                values["direction"] = "import"
                values["data_source_id"] = self.source.pk
            instances.append(model(**values))
        created = model.objects.bulk_create(instances, batch_size=BATCH_SIZE)
        self.counts[file] += len(created)
        self._remember(file, created, rows)

    def _owner(self, file: str, values: dict[str, Any], row: list, owner_of_client: dict[str, str]) -> int | None:
        if file == "Organization.csv":
            return None  # set to itself once it has a primary key
        if file == "User.csv":
            return None  # set once the organizations exist
        if file == "Project.csv":
            return values["organization_id"]
        if file == "Client.csv":
            project = owner_of_client.get(row[0])
            return self.owner_of_project[self.keys["project"][project]] if project else None
        if "enrollment_id" in values and values["enrollment_id"] is not None and file != "Enrollment.csv":
            return self.owner_of_enrollment[values["enrollment_id"]]
        if "project_id" in values:
            return self.owner_of_project[values["project_id"]]
        return None

    def _remember(self, file: str, created: Iterable[models.Model], rows: list[list]) -> None:
        name = {
            "Organization.csv": "organization",
            "User.csv": "hud_user",
            "Project.csv": "project",
            "Client.csv": "client",
            "Enrollment.csv": "enrollment",
            "Assessment.csv": "assessment",
            "Export.csv": "export",
        }.get(file)
        if name is None:
            return
        created = list(created)
        if any(instance.pk is None for instance in created):  # databases that cannot return keys from bulk inserts
            by_hud_id = dict(
                type(created[0])
                .objects.filter(data_source=self.source, hud_id__in=[r[0] for r in rows])
                .values_list("hud_id", "pk")
            )
            pks = [by_hud_id[row[0]] for row in rows]
        else:
            pks = [instance.pk for instance in created]
        self.keys[name].update(zip((row[0] for row in rows), pks, strict=True))
        if file == "Organization.csv":
            type(created[0]).objects.filter(pk__in=pks).update(owner_org_id=models.F("pk"))
            user_model = self.models["User.csv"]
            staff: dict[int, list[int]] = {}
            for user_id, organization_id in self.organization_of_user_id.items():
                if user_id in self.keys["hud_user"] and organization_id in self.keys["organization"]:
                    staff.setdefault(self.keys["organization"][organization_id], []).append(
                        self.keys["hud_user"][user_id]
                    )
            for organization_pk, user_pks in staff.items():
                user_model.objects.filter(pk__in=user_pks).update(owner_org_id=organization_pk)
        elif file == "Project.csv":
            for instance in created:
                self.owner_of_project[instance.pk] = instance.organization_id
        elif file == "Enrollment.csv":
            for instance in created:
                self.owner_of_enrollment[instance.pk] = instance.owner_org_id


def _index_clients() -> None:
    """Build the name keys that search and duplicate matching look clients up by (bulk-loaded rows skip services)."""
    from hearth.dedup.keys import refresh_client_keys

    refresh_client_keys()
