"""Benchmark: client search latency over 250,000 clients, and page times with 50 concurrent users. Prints figures.

python bench/web.py                        # both parts: (a) search on PostgreSQL and SQLite, (b) 50 users on PostgreSQL
python bench/web.py --skip-sqlite --users 20 --rounds 10
python bench/web.py --clients 20000        # a smaller population (its own databases)

(a) ``search_clients`` is timed in process over a query mix drawn from the data (full names, typos, nicknames,
    swapped names, single surnames, dates of birth in three formats, last four of the SSN, HMIS IDs), for the HMIS
    lead (who sees every client) and for a caseworker (whose search goes through the access funnel's filter).
(b) ``gunicorn config.wsgi`` serves Hearth on 127.0.0.1 from the PostgreSQL database; N threads, one per simulated
    caseworker, each log in through the login form, then go round: search page, two as-you-type partials, a client
    profile, one of that client's stays. A person reads a page before the next click: each user pauses a random
    1-3 s before each request (``--think``, like a locust user's wait_time; ``--think 0,0`` sends requests back to
    back, a stress test rather than a workload). Percentiles are of whole request times as the client sees them.

The databases are made once and kept (PostgreSQL ``hearth_bench_web``, SQLite ``var/bench/web.sqlite3``; with
another --clients N, ``..._N``):
seeding 250,000 clients takes many minutes, re-runs start at once. The figures depend on the machine: say how many
cores it has and what else ran (the figures printed name the core count).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
BENCH_PASSWORD = "bench-web-Hearth-2026!"  # noqa: S105 - synthetic bench logins only
SEED = 7


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def database_urls(clients: int) -> dict[str, str]:
    suffix = "" if clients == 250_000 else f"_{clients}"
    return {
        "postgresql": f"{PG_SERVER}/hearth_bench_web{suffix}",
        "sqlite": f"sqlite:///{ROOT / 'var' / 'bench' / f'web{suffix}.sqlite3'}",
    }


def bench_field_key_file() -> str:
    """The SSN field key of the bench databases (``DEBUG=0`` requires one): made once, kept with them in var/bench."""
    path = ROOT / "var" / "bench" / "field.key"
    if not path.exists():
        import base64

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"bench1:{base64.b64encode(os.urandom(32)).decode()}\n")
    return str(path)


def django_env(database_url: str) -> dict[str, str]:
    """The environment of a process that runs Hearth on ``database_url``, as in production (DEBUG off)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0"}
    env.setdefault("SECRET_KEY", "bench-web-not-secret-" + "x" * 40)
    if not env.get("HEARTH_FIELD_KEY"):
        env.setdefault("HEARTH_FIELD_KEY_FILE", bench_field_key_file())
    return env


def child(role: str, database_url: str, *args: str) -> dict:
    """Run a part of this script in a fresh process bound to ``database_url``; return its JSON answer."""
    env = django_env(database_url)
    out = subprocess.run(
        [sys.executable, __file__, "--role", role, *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    sys.stderr.write(out.stderr)
    out.check_returncode()
    return json.loads(out.stdout.strip().splitlines()[-1])


def create_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# --- parts run inside Django (child processes) ------------------------------------------------------------------------


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# The HMIS CSV files the bench loads from the synthetic CoC: what search, the access funnel and the profile read.
# (``hearth seed`` loads all 24 files, which on a busy 2-core machine takes over an hour for 250,000 clients.)
LOADED_FILES = ("Client.csv", "Enrollment.csv", "Exit.csv")


def load_clients_and_stays(clients: int) -> None:
    """The synthetic CoC of ``hearth seed --clients N --years 1 --seed 1``: its directory, clients, stays and exits,
    one block of clients per transaction."""
    from django.db import transaction

    from hearth.core.management.commands.seed import Loader, data_source_name
    from hearth.hudcsv.models import DataSource
    from hearth.synth import COC_CODE, Options, build_directory
    from hearth.synth.households import generate_block

    options = Options(clients=clients, years=1, seed=1)
    source, created = DataSource.objects.get_or_create(
        name=data_source_name(options) + " (bench: clients and stays)",
        defaults={"source_type": 1, "source_id": COC_CODE},
    )
    if not created:
        raise SystemExit(f"a load into this database was interrupted: drop it ({os.environ['DATABASE_URL']})")
    loader = Loader(source)
    directory = build_directory(options)
    loader.set_user_organizations(
        {user_id: org.organization_id for org in directory.organizations for user_id in org.user_ids}
    )
    with transaction.atomic():
        loader.load(directory.rows)
    for block in range(options.blocks):
        rows = generate_block(options, directory, block)
        with transaction.atomic():
            loader.load({file: (batch if file in LOADED_FILES else []) for file, batch in rows.by_file.items()})
        if block % 25 == 24:
            sys.stderr.write(f"  {(block + 1) * 1000:,} clients loaded\n")


def role_prepare(clients: int) -> dict:
    """Migrate, seed once, index the names for search, make the bench logins; answer what the load test needs."""
    django_setup()
    from django.core.management import call_command
    from django.db.models import Count

    call_command("migrate", verbosity=0)
    from hearth.accounts.models import Role, User
    from hearth.clients.models import Client
    from hearth.dedup.keys import refresh_client_keys
    from hearth.dedup.models import ClientKey
    from hearth.directory.models import Organization

    timings = {}
    if Client.objects.count() < clients:
        sys.stderr.write(f"loading {clients:,} synthetic clients (once; this takes a while)...\n")
        started = time.perf_counter()
        load_clients_and_stays(clients)
        timings["seed_s"] = round(time.perf_counter() - started, 1)
    named = Client.objects.alive().exclude(first_name="", last_name="").count()
    if ClientKey.objects.values("client_id").distinct().count() < named * 0.99:
        sys.stderr.write("indexing client names for search (once)...\n")
        started = time.perf_counter()
        refresh_client_keys(None)
        timings["keys_s"] = round(time.perf_counter() - started, 1)
    # The agencies that own the most clients: the bench caseworkers work there.
    agencies = [
        row["owner_org_id"]
        for row in Client.objects.exclude(owner_org=None)
        .values("owner_org_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:10]
    ] or list(Organization.objects.values_list("pk", flat=True)[:10])
    from hearth.core.testing import clear_for_client_data, make_user

    users = []
    for i in range(50):
        username = f"bench{i:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            org = Organization.objects.get(pk=agencies[i % len(agencies)])
            user = make_user(username, org, Role.CASEWORKER)
            user.set_password(BENCH_PASSWORD)
            user.save()
        clear_for_client_data(user)
        users.append(username)
    lead = User.objects.filter(username="benchlead").first()
    if lead is None:
        lead_org = Organization.objects.get(pk=agencies[0])
        lead = make_user("benchlead", lead_org, Role.LEAD_ADMIN)
    clear_for_client_data(lead)
    return {"users": users, "clients": Client.objects.count(), **timings}


# What the SQLite copy of the PostgreSQL bench database holds: what search, the access funnel and the profile read.
COPIED_TABLES = (
    "hudcsv_datasource",
    "directory_organization",
    "directory_project",
    "clients_client",
    "enrollments_enrollment",
    "enrollments_exit",
    "dedup_clientkey",
)


def _sqlite_value(value: object) -> object:
    import datetime as dt
    import decimal
    import uuid

    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def role_copy(source_url: str) -> dict:
    """Fill this (SQLite) database with the PostgreSQL bench database's clients, stays and name keys.

    Seeding 250,000 clients straight into SQLite takes very long on a busy machine; the same rows copied over make
    the two databases' figures comparable.
    """
    django_setup()
    import psycopg
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    copied = {}
    with psycopg.connect(source_url) as pg, transaction.atomic(), connection.constraint_checks_disabled():
        cursor = connection.cursor()
        for table in COPIED_TABLES:
            cursor.execute(f'PRAGMA table_info("{table}")')
            columns = [row[1] for row in cursor.fetchall()]
            cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 - our table names
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(["%s"] * len(columns))})'  # noqa: S608
            count = 0
            with pg.cursor(name=f"copy_{table}") as source:
                source.itersize = 20000
                source.execute(f'SELECT {names} FROM "{table}"')  # noqa: S608
                while rows := source.fetchmany(20000):
                    cursor.executemany(insert, [tuple(_sqlite_value(v) for v in row) for row in rows])
                    count += len(rows)
            copied[table] = count
    return {"copied": copied, "copy_s": round(time.perf_counter() - started, 1)}


def make_queries(sample: list, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, query) pairs for a sample of clients: what caseworkers type."""
    from hearth.dedup.names import NICKNAMES, normalize

    def typo(word: str) -> str:
        if len(word) < 4:
            return word
        i = rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    queries = []
    for c in sample:
        first, last = c.first_name or "", c.last_name or ""
        kinds = []
        if first and last:
            kinds += [
                ("full name", f"{first} {last}"),
                ("typo", f"{typo(first)} {typo(last)}"),
                ("swapped", f"{last} {first}"),
                ("last, first", f"{last}, {first}"),
            ]
            nicks = [n for n, roots in NICKNAMES.items() if normalize(first) in roots and n != normalize(first)]
            if nicks:
                kinds.append(("nickname", f"{rng.choice(nicks).title()} {last}"))
        if last:
            kinds.append(("surname only", last))
        if c.dob:
            d = c.dob
            kinds += [
                ("dob iso", d.isoformat()),
                ("dob m/d/yyyy", f"{d.month}/{d.day}/{d.year}"),
                ("dob mmddyyyy", f"{d.month:02d}{d.day:02d}{d.year}"),
            ]
            if first and last:
                kinds.append(("name + dob", f"{first} {last} {d.month}/{d.day}/{d.year}"))
        if c.ssn and c.ssn[5:9].isdigit():
            kinds.append(("last four", c.ssn[5:9]))
        kinds.append(("hmis id", str(c.pk)))
        queries.extend(kinds)
    rng.shuffle(queries)
    return queries


def role_count() -> dict:
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hearth.clients.models import Client

    return {"clients": Client.objects.count()}


def role_search(samples: int) -> dict:
    """Time search_clients for the HMIS lead and a caseworker over a query mix drawn from the data."""
    django_setup()
    from hearth.accounts.models import User
    from hearth.clients.access import visible_clients
    from hearth.clients.models import Client
    from hearth.clients.search import search_clients

    rng = random.Random(SEED)
    out = {}
    for label, username in (("HMIS lead (all clients)", "benchlead"), ("caseworker (access funnel)", "bench00")):
        user = User.objects.get(username=username)
        pool = list(visible_clients(user).order_by("pk").values_list("pk", flat=True)[:300000])
        ids = rng.sample(pool, min(samples, len(pool)))
        sample = list(Client.objects.filter(pk__in=ids))
        queries = make_queries(sample, rng)
        for _kind, q in queries[:20]:  # warm the caches and the connection
            search_clients(user, q)
        by_kind: dict[str, list[float]] = {}
        found = 0
        for kind, q in queries:
            started = time.perf_counter()
            hits = search_clients(user, q)
            by_kind.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
            found += bool(hits)
        every = [ms for values in by_kind.values() for ms in values]
        out[label] = {
            "visible": len(pool),
            "queries": len(every),
            "found": found,
            "median": statistics.median(every),
            "p95": percentile(every, 95),
            "by_kind": {k: (statistics.median(v), percentile(v, 95), len(v)) for k, v in sorted(by_kind.items())},
        }
    return out


def role_pages_data(samples: int) -> dict:
    """Queries for the load test, drawn from the clients the bench caseworkers may see."""
    django_setup()
    from hearth.accounts.models import User
    from hearth.clients.access import visible_clients
    from hearth.enrollments.access import visible_enrollments

    rng = random.Random(SEED + 1)
    per_user = {}
    for user in User.objects.filter(username__startswith="bench").exclude(username="benchlead"):
        clients = list(visible_clients(user).order_by("?")[:samples])
        queries = [q for _k, q in make_queries(clients, rng)]
        stays = dict(
            visible_enrollments(user)
            .filter(client__in=clients)
            .order_by("client_id", "-entry_date")
            .values_list("client_id", "pk")
        )
        per_user[user.username] = {
            "queries": queries,
            "profiles": [c.pk for c in clients],
            "stays": [stays[c.pk] for c in clients if c.pk in stays],
        }
    return per_user


def role_page_costs(requests_per_page: int) -> dict:
    """What one page costs, in process (Django's test client, one caseworker): SQL queries, and the median Python
    CPU time and wall time per request. CPU time hardly depends on what else the machine runs; wall time does."""
    django_setup()
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    from hearth.accounts.models import User

    data = role_pages_data(requests_per_page)
    user = User.objects.get(username="bench00")
    mine = data["bench00"]
    browser = TestClient(SERVER_NAME="127.0.0.1")
    browser.force_login(user)
    partial = {"HX-Request": "true", "HX-Target": "search-results"}
    pages = {
        "search page": [("/clients/?" + urllib.parse.urlencode({"q": q}), {}) for q in mine["queries"]],
        "search as you type": [("/clients/?" + urllib.parse.urlencode({"q": q}), partial) for q in mine["queries"]],
        "client profile": [(f"/clients/{pk}/", {}) for pk in mine["profiles"]],
        "enrollment page": [(f"/enrollments/{pk}/", {}) for pk in mine["stays"]],
    }
    out = {}
    for kind, requests in pages.items():
        requests = requests[:requests_per_page]
        browser.get(requests[0][0], headers=requests[0][1])  # warm-up
        queries, cpu, wall = [], [], []
        for path, headers in requests:
            with CaptureQueriesContext(connection) as captured:
                started_cpu, started = time.process_time(), time.perf_counter()
                response = browser.get(path, headers=headers)
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} -> {response.status_code}")
            queries.append(len(captured.captured_queries))
        out[kind] = {
            "n": len(requests),
            "queries": (min(queries), statistics.median(queries), max(queries)),
            "cpu": statistics.median(cpu),
            "wall": statistics.median(wall),
        }
    return out


# --- the load test (plain threads and urllib) -------------------------------------------------------------------------


class Session:
    """One simulated caseworker: a cookie jar and a timed GET/POST."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> tuple[int, str, float]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})  # noqa: S310 - our server
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as resp:
                text = resp.read().decode()
                status = resp.status
        except urllib.error.HTTPError as error:
            text, status = error.read().decode(errors="replace"), error.code
        return status, text, (time.perf_counter() - started) * 1000

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def log_in(self, username: str) -> bool:
        self.request("/accounts/login/")
        status, _text, _ms = self.request(
            "/accounts/login/",
            {"username": username, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.base + "/accounts/login/"},
        )
        status, text, _ms = self.request("/clients/")
        return status == 200 and 'id="client-search"' in text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> tuple[int, float]:
    """(parent pid, seconds of CPU used so far, all threads) of a process; (0, 0.0) once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0, 0.0
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server_pid: int, database_url: str) -> dict[str, dict[int, float]]:
    """CPU seconds used so far by each gunicorn process and each PostgreSQL backend serving the bench database."""
    import psycopg

    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    server = {pid: cpu for pid in pids for ppid, cpu in [_cpu_seconds(pid)] if pid == server_pid or ppid == server_pid}
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'", [name]
        ).fetchall()
    return {"gunicorn": server, "postgresql": {pid: _cpu_seconds(pid)[1] for (pid,) in rows}}


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    return {part: sum(cpu - before[part].get(pid, 0.0) for pid, cpu in after[part].items()) for part in after}


def serve(database_url: str, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    """Start gunicorn (gthread workers: a page mostly waits on PostgreSQL, so threads overlap those waits; the app is
    imported once, before the fork, with --preload)."""
    port = free_port()
    # Persistent database connections (as production runs): no connection set-up per request, and the backends
    # live through the test, so their CPU time can be read at the end.
    env = {**django_env(database_url), "ALLOWED_HOSTS": "127.0.0.1,localhost", "DB_CONN_MAX_AGE": "3600"}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--preload",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()  # noqa: S310 - our server
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("gunicorn did not start")
    return proc, base


PAGE_KINDS = ("search page", "search as you type", "client profile", "enrollment page")


def load_test(
    base: str, users: list[str], data: dict, rounds: int, think: tuple[float, float], on_start: Callable[[], None]
) -> dict:
    """Each user logs in, then does ``rounds`` rounds of: search page, two as-you-type partials, a client profile and
    one of that client's stays, pausing ``think`` seconds (uniformly at random in the range) before each request, as
    a person reading the page does (a "closed" workload like a locust user's wait_time; 0,0: no pause at all)."""
    timings: dict[str, list[float]] = {kind: [] for kind in PAGE_KINDS}
    errors: list[str] = []
    lock = threading.Lock()
    started = [0.0]

    def start() -> None:
        on_start()
        started[0] = time.perf_counter()

    start_line = threading.Barrier(len(users), action=start)  # once all have logged in and warmed up

    def work(username: str) -> None:
        session = Session(base)
        if not session.log_in(username):
            with lock:
                errors.append(f"{username}: log-in failed")
            start_line.abort()
            return
        mine = data[username]
        queries, profiles, stays = mine["queries"], mine["profiles"], mine["stays"]
        # Untimed warm-up (each gunicorn worker compiles its templates and opens its database connection once): the
        # figures are of a server that has been up for a while, as an agency's is.
        session.request(f"/clients/{profiles[0]}/")
        if stays:
            session.request(f"/enrollments/{stays[0]}/")
        try:
            start_line.wait(timeout=600)
        except threading.BrokenBarrierError:
            return
        rng = random.Random(username)
        local: dict[str, list[float]] = {k: [] for k in timings}
        for i in range(rounds):
            q = queries[i % len(queries)]
            steps = [
                ("search page", "/clients/?" + urllib.parse.urlencode({"q": q}), {}),
                (
                    "search as you type",
                    "/clients/?" + urllib.parse.urlencode({"q": q[: max(3, len(q) // 2)]}),
                    {"HX-Request": "true", "HX-Target": "search-results"},
                ),
                (
                    "search as you type",
                    "/clients/?" + urllib.parse.urlencode({"q": q}),
                    {"HX-Request": "true", "HX-Target": "search-results"},
                ),
                ("client profile", f"/clients/{profiles[i % len(profiles)]}/", {}),
            ]
            if stays:
                steps.append(("enrollment page", f"/enrollments/{stays[i % len(stays)]}/", {}))
            for kind, path, headers in steps:
                if think[1] > 0:
                    time.sleep(rng.uniform(*think))
                status, _text, ms = session.request(path, headers=headers)
                local[kind].append(ms)
                if status != 200:
                    with lock:
                        errors.append(f"{username}: {path} -> {status}")
        with lock:
            for kind, values in local.items():
                timings[kind].extend(values)

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started[0]
    every = [ms for values in timings.values() for ms in values]
    return {"timings": timings, "every": every, "errors": errors, "seconds": seconds}


# --- main -----------------------------------------------------------------------------------------------------------


def print_search(backend: str, result: dict) -> None:
    for label, r in result.items():
        print(
            f"  {backend:<11} {label:<28} {r['queries']:>5} queries over {r['visible']:>7,} visible clients: "
            f"median {r['median']:6.1f} ms, p95 {r['p95']:6.1f} ms ({r['found']} found something)"
        )
        for kind, (median, p95, n) in r["by_kind"].items():
            print(f"      {kind:<16} n={n:<4} median {median:6.1f} ms  p95 {p95:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=250_000)
    parser.add_argument("--samples", type=int, default=40, help="clients the search queries are drawn from")
    parser.add_argument("--users", type=int, default=50, help="concurrent users in the load test")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of 4 requests per user")
    parser.add_argument(
        "--think",
        default="1,3",
        help="seconds a user pauses before each request, uniformly at random: MIN,MAX (0,0: none, back to back)",
    )
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--seed-sqlite", action="store_true", help="seed SQLite itself instead of copying the PostgreSQL bench rows"
    )
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-search", action="store_true", help="prepare the databases, then only the load test")
    parser.add_argument(
        "--page-costs", action="store_true", help="also measure each page's queries and CPU time in process"
    )
    args = parser.parse_args()

    if args.role:
        answer = {
            "prepare": lambda: role_prepare(args.clients),
            "search": lambda: role_search(args.samples),
            "pages": lambda: role_pages_data(10),
            "costs": lambda: role_page_costs(20),
            "copy": lambda: role_copy(args.source),
            "count": role_count,
        }[args.role]()
        print(json.dumps(answer, default=str))
        return

    urls = database_urls(args.clients)
    backends = ["postgresql"] if args.skip_sqlite else ["postgresql", "sqlite"]
    print(f"machine: {os.cpu_count()} cores (shared with whatever else runs); {args.clients:,} clients")
    if not args.skip_search:
        print("(a) client search, in process (search_clients):")
    for backend in backends:
        if backend == "postgresql":
            create_postgres_database(urls[backend])
        else:
            (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
            if not args.seed_sqlite and child("count", urls[backend])["clients"] < args.clients:
                copy = child("copy", urls[backend], "--source", urls["postgresql"])
                print(f"  sqlite: copied from PostgreSQL in {copy['copy_s']} s: {copy['copied']}")
        prep = child("prepare", urls[backend], "--clients", str(args.clients))
        if prep.get("seed_s") or prep.get("keys_s"):
            print(
                f"  {backend}: prepared {prep['clients']:,} clients (seed {prep.get('seed_s', 0)} s, name keys "
                f"{prep.get('keys_s', 0)} s)"
            )
        if not args.skip_search:
            print_search(backend, child("search", urls[backend], "--samples", str(args.samples)))

    if args.page_costs:
        load = os.getloadavg()[0]
        print(f"(c) what one page costs, in process, caseworker bench00 (load average {load:.1f}):")
        for kind, cost in child("costs", urls["postgresql"]).items():
            low, median, high = cost["queries"]
            print(
                f"  {kind:<18} n={cost['n']:<3} SQL queries {low}-{high} (median {median:g}); "
                f"median Python CPU {cost['cpu']:6.1f} ms, wall {cost['wall']:6.1f} ms"
            )
    if args.skip_load:
        return
    users = [f"bench{i:02d}" for i in range(args.users)]
    data = child("pages", urls["postgresql"])
    proc, base = serve(urls["postgresql"], args.workers, args.threads)
    load_before = os.getloadavg()
    cpu_before: dict = {}

    def measure_from_here() -> None:
        cpu_before.update(cpu_snapshot(proc.pid, urls["postgresql"]), bench=resource.getrusage(resource.RUSAGE_SELF))

    try:
        think = tuple(float(x) for x in args.think.split(","))
        result = load_test(base, users, data, args.rounds, (think[0], think[1]), measure_from_here)
        cpu = cpu_used(cpu_before, cpu_snapshot(proc.pid, urls["postgresql"])) if cpu_before else {}
        bench_usage = resource.getrusage(resource.RUSAGE_SELF)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    load_after = os.getloadavg()
    every = result["every"]
    pause = (
        "no think time: each request right after the last"
        if think[1] <= 0
        else f"think time: a pause of {think[0]:g}-{think[1]:g} s (uniform at random) before each request"
    )
    print(
        f"(b) {args.users} concurrent users against gunicorn ({args.workers} workers x {args.threads} threads, "
        f"gthread) on PostgreSQL: each logs in, then {args.rounds} rounds of search page, 2 as-you-type partials, "
        f"client profile, enrollment page; {pause}; one untimed warm-up "
        f"visit first. Load average before/after: {load_before[0]:.1f}/{load_after[0]:.1f} on {os.cpu_count()} cores."
    )
    if every:
        print(
            f"  all pages         n={len(every):<5} median {statistics.median(every):6.1f} ms  "
            f"p95 {percentile(every, 95):6.1f} ms  p99 {percentile(every, 99):6.1f} ms  "
            f"({len(every) / result['seconds']:.1f} requests/s over {result['seconds']:.0f} s)"
        )
        for kind, values in result["timings"].items():
            if values:
                print(
                    f"  {kind:<17} n={len(values):<5} median {statistics.median(values):6.1f} ms  "
                    f"p95 {percentile(values, 95):6.1f} ms"
                )
    if every and cpu:
        n = len(every)
        load_generator = (
            bench_usage.ru_utime + bench_usage.ru_stime - cpu_before["bench"].ru_utime - cpu_before["bench"].ru_stime
        )
        per_request = (cpu["gunicorn"] + cpu["postgresql"]) / n
        print(
            f"  CPU per request: {cpu['gunicorn'] / n * 1000:.1f} ms in gunicorn (Python) + "
            f"{cpu['postgresql'] / n * 1000:.1f} ms in PostgreSQL = {per_request * 1000:.1f} ms "
            f"(the load generator itself: {load_generator / n * 1000:.1f} ms). At that cost {os.cpu_count()} idle "
            f"cores serve at most ~{(os.cpu_count() or 1) / per_request:.0f} requests/s; this run asked for "
            f"{n / result['seconds']:.1f}."
        )
    if result["errors"]:
        print(f"  errors: {len(result['errors'])}, e.g. {result['errors'][:3]}")


if __name__ == "__main__":
    main()
