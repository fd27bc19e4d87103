"""The SSN at rest: encrypted in the database, found by exact value and last four, rotated, converted by migration."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hearth.clients.models import Client
from hearth.clients.search import search_clients
from hearth.core import crypto
from hearth.core.models import AuditEvent
from hearth.core.testing import make_client_record
from hearth.dedup.matching import likely_matches
from hearth.hudcsv.exporter import export_csv, hash_ssn
from hearth.hudcsv.importer import import_export
from hearth.hudcsv.tests.test_exporter import population  # noqa: F401 - the fixture

KEY_1 = "k1:" + base64.b64encode(b"1" * 32).decode()
KEY_2 = "k2:" + base64.b64encode(b"2" * 32).decode()


@pytest.fixture
def use_keys(settings):
    """Switch the configured field keys for one test (the keyring is read once per process, so it is reset)."""

    def use(text: str) -> None:
        settings.FIELD_KEY = text
        crypto.keyring.cache_clear()

    yield use
    crypto.keyring.cache_clear()


def raw_ssns() -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, ssn FROM clients_client")
        return dict(cursor.fetchall())


# --- the stored form ------------------------------------------------------------------------------------------------


def test_the_stored_form_keeps_the_last_four_and_no_other_digit(use_keys):
    use_keys(KEY_1)
    stored = crypto.seal_ssn("123456789")
    assert stored.startswith("6789:") and crypto.is_sealed(stored)
    assert "12345" not in stored and "123456789" not in stored
    assert crypto.stored_key_id(stored) == "k1"
    assert crypto.open_ssn(stored) == "123456789"
    # A fresh nonce each time: the same SSN never gives the same ciphertext (but the same digest).
    again = crypto.seal_ssn("123456789")
    assert again != stored and again[:27] == stored[:27]
    assert crypto.seal_ssn("") == "" and crypto.open_ssn("") == ""
    assert crypto.seal_ssn(stored) == stored  # already stored: not encrypted twice
    assert Client._meta.get_field("ssn").get_db_prep_save(stored, connection) == stored  # the importer's rows


def test_partial_and_hashed_ssns_keep_their_clear_last_four(use_keys):
    use_keys(KEY_1)
    assert crypto.seal_ssn("xxxxx1234")[:4] == "1234"
    assert crypto.seal_ssn("XXXXX1234")[:27] == crypto.seal_ssn("xxxxx1234")[:27]  # x and X are the same unknown digit
    hashed = "6789" + hashlib.sha256(b"123456789").hexdigest()  # HUD's HashStatus 4 form
    assert crypto.seal_ssn(hashed)[:4] == "6789"
    assert crypto.open_ssn(crypto.seal_ssn(hashed)) == hashed


def test_a_value_under_an_unlisted_key_is_an_error_naming_the_key(use_keys):
    use_keys(KEY_1)
    stored = crypto.seal_ssn("123456789")
    use_keys(KEY_2)
    with pytest.raises(crypto.FieldKeyError, match="'k1'"):
        crypto.open_ssn(stored)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no field key"),
        ("k1:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
        (f"{KEY_1},{KEY_1}", "appears twice"),
        ("bad!:" + base64.b64encode(b"1" * 32).decode(), "key id"),
    ],
)
def test_bad_key_configuration_is_refused(text, message):
    with pytest.raises(crypto.FieldKeyError, match=message):
        crypto.parse_keyring(text)


def test_a_key_file_is_read(settings, tmp_path, use_keys):
    path = tmp_path / "keys"
    path.write_text(f"# rotated 2026\n{KEY_2}\n{KEY_1}\n")
    settings.FIELD_KEY, settings.FIELD_KEY_FILE = "", str(path)
    crypto.keyring.cache_clear()
    assert [k.id for k in crypto.keyring().keys] == ["k2", "k1"]


def test_the_development_key_is_made_once(settings, tmp_path, use_keys):
    settings.FIELD_KEY, settings.FIELD_KEY_FILE = "", ""
    settings.FIELD_KEY_DEV_FILE = tmp_path / "var" / "field.key"
    crypto.keyring.cache_clear()
    first = crypto.keyring().current
    crypto.keyring.cache_clear()
    assert crypto.keyring().current.mac_key == first.mac_key
    assert settings.FIELD_KEY_DEV_FILE.read_text().startswith("dev1:")


# --- in the database ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_write_path_stores_ciphertext(personas):
    a = personas.agency_a
    saved = make_client_record(a, ssn="123456789")
    bulk = Client.objects.bulk_create(
        [Client(**{**_fields(saved), "ssn": "234567891", "hud_id": "bulk-1"}), Client(**{**_fields(saved), "ssn": ""})]
    )
    changed = make_client_record(a, ssn="345678912")
    changed.ssn = "456789123"
    Client.objects.bulk_update([changed], ["ssn"])
    updated = make_client_record(a, ssn="")
    Client.objects.filter(pk=updated.pk).update(ssn="567891234")

    raw = raw_ssns()
    for pk, plain in [(saved.pk, "123456789"), (bulk[0].pk, "234567891"), (changed.pk, "456789123"),
                      (updated.pk, "567891234")]:  # fmt: skip
        assert crypto.is_sealed(raw[pk]) and plain[:5] not in raw[pk] and raw[pk][:4] == plain[5:]
        assert Client.objects.get(pk=pk).ssn == plain
    assert raw[bulk[1].pk] == ""
    assert not any(plain in value for value in raw.values() for plain in ("123456789", "456789123"))


def _fields(client: Client) -> dict:
    names = ("first_name", "last_name", "name_data_quality", "ssn_data_quality", "dob", "dob_data_quality", "sex",
             "am_ind_ak_native", "asian", "black_af_american", "hispanic_latinao", "mid_east_n_african",
             "native_hi_pacific", "white", "veteran_status", "owner_org")  # fmt: skip
    return {name: getattr(client, name) for name in names}


@pytest.mark.django_db
def test_queries_by_exact_ssn_and_last_four_use_the_stored_parts(personas):
    ana = make_client_record(personas.agency_a, ssn="123456789")
    ben = make_client_record(personas.agency_a, ssn="xxxxx6789", ssn_data_quality=2, first_name="Ben")
    none = make_client_record(personas.agency_a, ssn="", ssn_data_quality=99, first_name="Cy")
    assert list(Client.objects.filter(ssn="123456789")) == [ana]
    assert list(Client.objects.filter(ssn="123-45-6789".replace("-", ""))) == [ana]
    assert set(Client.objects.filter(ssn__last4="6789")) == {ana, ben}
    assert list(Client.objects.filter(ssn="")) == [none]
    assert set(Client.objects.filter(ssn__in=["123456789", "xxxxx6789"])) == {ana, ben}
    assert not Client.objects.filter(ssn="987654321").exists()
    # Comparing ciphertext would be silently wrong: such lookups are refused.
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(Client.objects.filter(ssn__startswith="123"))


@pytest.mark.django_db
def test_search_and_duplicate_detection_still_find_by_ssn(personas):
    alice = personas.alice
    ana = make_client_record(personas.agency_a, ssn="123456789", first_name="Ana", last_name="Lopez")
    make_client_record(personas.agency_a, ssn="223456780", first_name="Zed", last_name="Quill", dob=date(1970, 1, 1))
    assert [hit.client.pk for hit in search_clients(alice, "123-45-6789")] == [ana.pk]
    assert [hit.client.pk for hit in search_clients(alice, "6789")] == [ana.pk]
    # 123-45-6789 is a known fake SSN the matcher ignores; a plausible one matches on the SSN alone.
    bea = make_client_record(personas.agency_a, ssn="234567891", first_name="Bea", last_name="Ortiz")
    matches = likely_matches(alice, first_name="", last_name="", ssn="234-56-7891")
    assert [m.client.pk for m in matches] == [bea.pk]


# --- rotation -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rotation_reencrypts_with_the_new_key_and_keeps_every_ssn_findable(personas, use_keys):
    use_keys(KEY_1)
    clients = [make_client_record(personas.agency_a, ssn=f"12345{i:04d}", first_name=f"P{i}") for i in range(1, 4)]
    use_keys(f"{KEY_2},{KEY_1}")  # the new key first; the old one still listed
    assert Client.objects.filter(ssn="123450002").get() == clients[1]  # found under the old key's digest
    out = io.StringIO()
    call_command("rotate_field_key", "--check", stdout=out)
    assert "3 SSN(s) to re-encrypt with k2" in out.getvalue()
    assert {crypto.stored_key_id(v) for v in raw_ssns().values() if v} == {"k1"}
    call_command("rotate_field_key", stdout=out)
    assert {crypto.stored_key_id(v) for v in raw_ssns().values() if v} == {"k2"}
    use_keys(KEY_2)  # the old key removed
    assert [c.ssn for c in Client.objects.order_by("pk")] == ["123450001", "123450002", "123450003"]
    assert Client.objects.filter(ssn="123450003").get() == clients[2]
    assert AuditEvent.objects.filter(object_type="core.FieldKey", object_id="k2", detail__reencrypted=3).exists()


def test_new_key_prints_an_entry():
    out = io.StringIO()
    call_command("rotate_field_key", "--new-key", "k9", stdout=out)
    assert crypto.parse_keyring(out.getvalue()).current.id == "k9"


# --- the migration --------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_ssns_and_reverses(personas):
    client = make_client_record(personas.agency_a, ssn="123456789")
    blank = make_client_record(personas.agency_a, ssn="", ssn_data_quality=99, first_name="Blank")
    before, after = [("clients", "0003_client_ssn_last4_index")], [("clients", "0004_ssn_encrypted")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        assert raw_ssns()[client.pk] == "123456789"  # reversed: plain again
        with connection.cursor() as cursor:
            cursor.execute("UPDATE clients_client SET ssn = %s WHERE id = %s", ["xxxxx4321", client.pk])
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
    finally:
        executor.migrate(after)
    raw = raw_ssns()
    assert crypto.is_sealed(raw[client.pk]) and raw[client.pk][:4] == "4321" and raw[blank.pk] == ""
    assert Client.objects.get(pk=client.pk).ssn == "xxxxx4321"


# --- import and export ----------------------------------------------------------------------------------------------


def _csv_ssns(folder) -> Counter:
    with open(folder / "Client.csv", encoding="utf-8", newline="") as handle:
        return Counter(row["SSN"] for row in csv.DictReader(handle))


@pytest.mark.django_db
def test_import_encrypts_and_export_gives_back_the_same_and_huds_hashed_ssns(population, tmp_path):  # noqa: F811
    source = tmp_path / "source"
    export_csv(output=source)
    plain = _csv_ssns(source)
    assert {"123456789", "xxxxx6789"} <= set(plain)

    export = import_export(path=source, data_source_name="North HMIS")  # PostgreSQL: COPY
    assert export.report["status"] == "imported", export.report["errors"]
    raw = raw_ssns()
    imported = Client.objects.filter(data_source=export.data_source)
    assert sorted(c.ssn for c in imported) == sorted(plain.elements())
    for c in imported.exclude(ssn=""):
        assert crypto.is_sealed(raw[c.pk]) and c.ssn not in raw[c.pk] and raw[c.pk][:4] == c.ssn[-4:]

    again, hashed = tmp_path / "again", tmp_path / "hashed"
    export_csv(output=again)
    export_csv(output=hashed, hash_pii=True)
    both = plain + plain  # the population and its imported copy
    assert _csv_ssns(again) == both
    assert _csv_ssns(hashed) == Counter({hash_ssn(ssn): n for ssn, n in both.items()})


# --- merge and unmerge ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_merge_record_keeps_ssns_encrypted_and_unmerge_restores_them(personas):
    from hearth.dedup.models import Merge
    from hearth.dedup.services import MERGED, client_merge, client_unmerge

    survivor = make_client_record(personas.agency_a, ssn="234567891")
    merged = make_client_record(personas.agency_a, ssn="345678912", first_name="Anna")
    merge = client_merge(survivor=survivor, merged=merged, field_choices={"ssn": MERGED}, acting_user=personas.dana)
    survivor.refresh_from_db()
    assert survivor.ssn == "345678912"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM dedup_merge WHERE id = %s", [merge.pk])
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert "234567891" not in stored and "345678912" not in stored
    assert Merge.objects.get(pk=merge.pk).applied["ssn"][:4] == "8912"  # the encrypted form, last four in clear

    client_unmerge(merge=Merge.objects.get(pk=merge.pk), acting_user=personas.dana)
    assert Client.objects.get(pk=survivor.pk).ssn == "234567891"
    assert Client._base_manager.get(pk=merged.pk).ssn == "345678912"


@pytest.mark.django_db
def test_serialized_clients_hold_the_encrypted_form(personas):
    from django.core import serializers

    ana = make_client_record(personas.agency_a, ssn="234567891")
    text = serializers.serialize("json", [ana])
    assert "234567891" not in text and "7891:" in text
    (restored,) = serializers.deserialize("json", text)
    assert restored.object.ssn == "234567891"
