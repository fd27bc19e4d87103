import pytest
from django.core.management import call_command

from hearth.clients.models import Client
from hearth.dedup.keys import client_ids_for_keys, refresh_client_keys
from hearth.dedup.models import ClientKey
from hearth.dedup.names import name_keys


def make_client(first, last, **kwargs):
    return Client.objects.create(
        first_name=first,
        last_name=last,
        name_data_quality=1,
        ssn_data_quality=99,
        dob_data_quality=99,
        am_ind_ak_native=0,
        asian=0,
        black_af_american=0,
        hispanic_latinao=0,
        mid_east_n_african=0,
        native_hi_pacific=0,
        white=1,
        veteran_status=0,
        **kwargs,
    )


@pytest.mark.django_db
def test_refresh_and_lookup():
    bill = make_client("Bill", "Smith")
    keisha = make_client("Keisha", "Okafor")
    assert refresh_client_keys() == len(name_keys("Bill", "Smith")) + len(name_keys("Keisha", "Okafor"))
    found = set(client_ids_for_keys(name_keys("William", "Smyth")))
    assert found == {bill.pk}
    assert set(Client.objects.filter(pk__in=client_ids_for_keys(name_keys("Okafor", "Keisha")))) == {keisha}

    bill.last_name = "Jones"
    bill.save()
    refresh_client_keys([bill.pk])
    assert set(client_ids_for_keys(["l:" + "JNS"])) == {bill.pk}
    assert not set(client_ids_for_keys(name_keys("William", "Smith")).filter(client_id=bill.pk)) - {bill.pk}
    assert bill.pk not in set(client_ids_for_keys(["p:SMT|WLM"]))


@pytest.mark.django_db
def test_soft_deleted_clients_lose_their_keys_and_command_rebuilds():
    gone = make_client("Ana", "Lopez")
    make_client("Ana", "Lopes")
    call_command("dedup_index", stdout=__import__("io").StringIO())
    assert ClientKey.objects.filter(client=gone).exists()
    from django.utils import timezone

    Client.objects.filter(pk=gone.pk).update(date_deleted=timezone.now())
    refresh_client_keys([gone.pk])
    assert not ClientKey.objects.filter(client=gone).exists()
    assert ClientKey.objects.count() == len(name_keys("Ana", "Lopes"))
