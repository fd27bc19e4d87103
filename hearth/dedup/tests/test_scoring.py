from datetime import date

from hearth.dedup import scoring
from hearth.dedup.scoring import (
    QUEUE_THRESHOLD,
    candidate_pairs,
    compare,
    dob_relation,
    dob_variants,
    make_person,
    scan_people,
    valid_ssn,
)


def person(pid, first="Maria", last="Gonzalez", dob=date(1984, 3, 12), ssn="", **kw):
    return make_person(
        pid,
        first_name=first,
        last_name=last,
        name_data_quality=kw.pop("name_dq", 1),
        ssn=ssn,
        ssn_data_quality=kw.pop("ssn_dq", 1 if ssn else 99),
        dob=dob,
        dob_data_quality=kw.pop("dob_dq", 1 if dob else 99),
        sex=kw.pop("sex", 0),
    )


def test_invalid_ssns_are_not_signals():
    for bad in ("000123456", "666123456", "912345678", "123456789", "111111111", "123001234", "123450000", "12345"):
        assert not valid_ssn(bad), bad
    assert valid_ssn("123451234")
    assert person(1, ssn="111111111").ssn == ""
    assert person(1, ssn="xxxxx1234", ssn_dq=2).last4 == "1234"
    assert person(1, ssn="123451234", ssn_dq=8).ssn == ""  # data quality other than 1: not a signal


def test_data_quality_other_than_full_is_not_a_signal():
    a = person(1, ssn="123451234")
    b = person(2, first="Tom", last="Ng", dob=date(1950, 1, 2), ssn="123451234", ssn_dq=9)
    assert b.ssn == "" and compare(a, b)[0] < 0.01
    approx = person(3, dob=date(1984, 1, 1), dob_dq=2)
    assert approx.dob is None
    street = person(4, first="Shorty", last="", name_dq=2)
    assert street.first == "" and street.block_first == "shorty"


def test_dob_variants_and_relations():
    d = date(1984, 3, 12)
    assert date(1984, 12, 3) in dob_variants(d)  # day and month swapped
    assert date(1948, 3, 12) in dob_variants(d)  # year digits transposed
    assert date(1984, 3, 21) in dob_variants(d)  # day digits transposed
    assert dob_relation(d, date(1984, 12, 3)) == scoring.DOB_DAY_MONTH
    assert dob_relation(d, date(1984, 3, 21)) == scoring.DOB_TRANSPOSED
    assert dob_relation(d, date(1985, 3, 12)) == scoring.DOB_ONE_PART
    assert dob_relation(d, date(1956, 3, 12)) == scoring.DIFFERENT_DOB  # a generation apart: a namesake
    assert dob_relation(d, date(1991, 7, 30)) == scoring.DIFFERENT_DOB


def test_duplicates_outscore_different_people():
    base = person(1, ssn="123451234")
    duplicates = [
        person(2, first="Mari", ssn="123451234"),  # typo
        person(3, first="Gonzalez", last="Maria"),  # swapped
        person(4, dob=date(1984, 12, 3)),  # day/month
        person(5, last="Gonzales", ssn="123451243"),  # spelling + SSN transposition
        person(6, last="Gonzalez-Ruiz", ssn="xxxxx1234", ssn_dq=2),  # two-part surname + last four
    ]
    different = [
        person(7, first="Lucia", ssn="987651234"),  # sister with the same birthday (twin): other name, other SSN
        person(8, dob=date(1956, 3, 12)),  # namesake, a generation apart
        person(9, first="Mario", sex=1, dob=date(1984, 3, 13)),
    ]
    for dup in duplicates:
        assert compare(base, dup)[0] >= QUEUE_THRESHOLD, dup
    for other in different:
        assert compare(base, other)[0] < QUEUE_THRESHOLD, other


def test_nickname_and_reasons():
    score, reasons = compare(person(1, first="William", last="Smith"), person(2, first="Bill", last="Smith"))
    assert score >= QUEUE_THRESHOLD
    assert reasons[0] == scoring.SAME_DOB and scoring.NICKNAME in reasons


def test_scan_finds_pairs_through_every_block():
    people = [
        person(1, first="Jose", last="Ramirez", dob=date(1970, 5, 6)),
        person(2, first="Pepe", last="Ramirez", dob=date(1970, 6, 5)),  # nickname + day/month swap
        person(3, first="Keisha", last="Okafor", dob=None),
        person(4, first="Keisha", last="Okafor", dob=date(1999, 1, 5)),  # one record without a DOB
        person(5, first="Ann", last="Lee", dob=date(2001, 2, 3), ssn="234567890"),
        person(6, first="Anne", last="Li", dob=None, ssn="234567890"),  # SSN alone
        person(7, first="Tom", last="Baker", dob=date(1960, 1, 2)),
    ]
    pairs = {(people[i].id, people[j].id) for i, j in candidate_pairs(people)}
    assert {(1, 2), (3, 4), (5, 6)} <= pairs
    assert not any(7 in pair for pair in pairs)
    found = {(p.a, p.b) for p in scan_people(people)}
    assert (1, 2) in found and (5, 6) in found
    only = {(p.a, p.b) for p in scan_people(people, only=[2])}
    assert only == {(1, 2)}
