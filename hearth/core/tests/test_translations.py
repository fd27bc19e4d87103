"""The Spanish catalogues are complete: every string of the code and templates is translated, none is fuzzy, and every
translation keeps its message's placeholders, HTML tags and HUD element numbers.

Two catalogues: locale/es for the pages, hearth/standards/locale/es for HUD's code-list labels (the answers of every
dropdown, listed by the generated hearth/standards/labels.py). A string goes to the catalogue of the nearest folder
above it that holds a `locale` folder, as `makemessages` does. The catalogues are read as text (no gettext library),
so these checks need neither `msgfmt` nor a database; the last tests render pages and export CSV in Spanish.
When one fails: run `hearth makemessages -l es --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*'
--no-obsolete`, translate what it added or marked fuzzy, and remove the `#, fuzzy` flags.
"""

import ast
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
STANDARDS_CATALOGUE = ROOT / "hearth" / "standards" / "locale" / "es" / "LC_MESSAGES" / "django.po"
CATALOGUES = (CATALOGUE, STANDARDS_CATALOGUE)
# What `makemessages` skips: the ignore patterns of the Makefile's call and its own defaults.
SKIPPED_DIRS = {".venv", "node_modules", "var", "locale", "__pycache__", "CVS"}
FIELD_RE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")
# %(name)s, %s, %d, %%, and str.format's {name} / {}.
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%%|\{\w*\}")
TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")
# HUD element and list numbers: 3.917, 4.02, 2.02.A, 3.04.1, 4.12.2.
HUD_NUMBER_RE = re.compile(r"(?<![\d.])\d\.\d{2,3}(?:\.[0-9A-Z]{1,2})?(?![\d])")
GETTEXT_NAMES = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
# A Python string literal as templatize() writes it (repr), or as a template constant ("..." or '...').
LITERAL = r"u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
TEMPLATE_CALL_RE = re.compile(rf"\b(gettext|ngettext|pgettext|npgettext|_)\(\s*((?:{LITERAL}\s*,?\s*)+)")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.fields.get("msgctxt"), self.fields["msgid"]

    @property
    def translations(self) -> dict[str, str]:
        return {name: value for name, value in self.fields.items() if name.startswith("msgstr")}


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header included, as the entry whose msgid is empty)."""
    entries: list[Entry] = []
    current: Entry | None = None
    name = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, name = None, None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := FIELD_RE.match(line):
            name = match.group(1)
            current.fields[name] = _unquote(match.group(2))
        elif line.startswith('"') and name:
            current.fields[name] += _unquote(line)
        else:
            raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")
    return [entry for entry in entries if "msgid" in entry.fields and not entry.obsolete]


def catalogue_of(path: Path) -> Path:
    """The catalogue makemessages gives a source file's strings: its nearest `locale` folder's, else the root's."""
    for folder in path.parents:
        if folder == ROOT:
            break
        if (folder / "locale").is_dir():
            return folder / "locale" / "es" / "LC_MESSAGES" / "django.po"
    return CATALOGUE


@pytest.fixture(scope="module", params=CATALOGUES, ids=["pages", "hud-labels"])
def catalogue(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def entries(catalogue) -> list[Entry]:
    return parse_po(catalogue)


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    return [entry for entry in entries if entry.fields["msgid"]]


def where(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.fields['msgid'][:70]!r}"


def test_the_header_declares_utf8_and_two_plural_forms(entries):
    header = next(entry for entry in entries if entry.fields["msgid"] == "")
    text = header.fields["msgstr"]
    assert "Language: es" in text
    assert "charset=UTF-8" in text
    assert "nplurals=2; plural=(n != 1);" in text
    assert "fuzzy" not in header.flags


def test_no_message_is_untranslated_or_fuzzy(messages):
    problems = [f"fuzzy: {where(e)}" for e in messages if "fuzzy" in e.flags]
    problems += [
        f"untranslated: {where(e)}" for e in messages if any(not value.strip() for value in e.translations.values())
    ]
    problems += [f"no msgstr: {where(e)}" for e in messages if not e.translations]
    assert not problems, "\n".join(problems)


def test_plural_messages_fill_both_forms(messages):
    for entry in messages:
        if "msgid_plural" in entry.fields:
            assert set(entry.translations) == {"msgstr[0]", "msgstr[1]"}, where(entry)
        else:
            assert set(entry.translations) == {"msgstr"}, where(entry)


def _sources(entry: Entry) -> dict[str, str]:
    """Each translation with the English text it must match: msgstr[0] the singular, the others the plural."""
    singular = entry.fields["msgid"]
    plural = entry.fields.get("msgid_plural", singular)
    return {name: singular if name in ("msgstr", "msgstr[0]") else plural for name in entry.translations}


@pytest.mark.parametrize(
    ("what", "pattern"),
    [("placeholders", PLACEHOLDER_RE), ("HTML tags", TAG_RE), ("HUD element numbers", HUD_NUMBER_RE)],
    ids=["placeholders", "html-tags", "hud-numbers"],
)
def test_translations_keep_what_the_code_fills_in(messages, what, pattern):
    problems = []
    for entry in messages:
        for name, english in _sources(entry).items():
            expected = Counter(pattern.findall(english))
            found = Counter(pattern.findall(entry.translations[name]))
            if expected != found:
                problems.append(f"{where(entry)} {name}: {what} {dict(expected)} became {dict(found)}")
    assert not problems, "\n".join(problems)


def test_the_checks_catch_a_broken_catalogue(tmp_path):
    broken = tmp_path / "django.po"
    broken.write_text(
        'msgid ""\nmsgstr "Language: es\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hola %(nombre)s"\n\n'
        'msgid "Bye"\nmsgstr ""\n\n'
        'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "Uno"\nmsgstr[1] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    parsed = [e for e in parse_po(broken) if e.fields["msgid"]]
    assert [e.fields["msgid"] for e in parsed] == ["Hello %(name)s", "Bye", "One"]
    with pytest.raises(AssertionError, match="fuzzy: .*Hello"):
        test_no_message_is_untranslated_or_fuzzy(parsed)
    with pytest.raises(AssertionError, match="untranslated: .*One"):
        test_no_message_is_untranslated_or_fuzzy(parsed[1:])
    with pytest.raises(AssertionError, match="name"):
        test_translations_keep_what_the_code_fills_in(parsed[:1], "placeholders", PLACEHOLDER_RE)


# --- every string the code marks for translation is in the catalogue -------------------------------------------------


def _source_files(suffix: str):
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(suffix):
                yield Path(folder) / name


def _python_messages(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_NAMES:
            continue
        context, singular, plural = GETTEXT_NAMES[name]
        args = node.args
        wanted = [i for i in (context, singular, plural) if i is not None]
        if len(args) <= max(wanted) or not all(
            isinstance(args[i], ast.Constant) and isinstance(args[i].value, str) for i in wanted
        ):
            continue
        yield (args[context].value if context is not None else None, args[singular].value), node.lineno


def _template_messages(path: Path):
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in TEMPLATE_CALL_RE.finditer(code):
        literals = [ast.literal_eval(text) for text in re.findall(LITERAL, match.group(2))]
        if match.group(1) in ("pgettext", "npgettext"):
            yield literals[0], literals[1]
        else:
            yield None, literals[0]


def test_every_marked_string_is_in_the_catalogue(catalogue, entries):
    known = {entry.key for entry in entries}
    missing = []
    for path in _source_files(".py"):
        if catalogue_of(path) != catalogue:
            continue
        for key, line in _python_messages(path):
            if key not in known:
                missing.append(f"{path.relative_to(ROOT)}:{line} {key[1][:70]!r}")
    for suffix in (".html", ".txt"):
        for path in _source_files(suffix):
            if catalogue_of(path) != catalogue:
                continue
            for key in _template_messages(path):
                if key not in known:
                    missing.append(f"{path.relative_to(ROOT)} {key[1][:70]!r}")
    where_to = catalogue.relative_to(ROOT)
    assert not missing, f"Not in {where_to} (run makemessages and translate):\n" + "\n".join(sorted(set(missing)))


def test_the_scan_reads_strings_as_makemessages_does(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "from django.utils.translation import gettext as _, pgettext_lazy\n"
        "A = _('Saved %(n)s.') % {'n': 1}\n"
        "B = pgettext_lazy('month', 'May')\n"
        "C = _(name)\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    page.write_text(
        "{% load i18n %}{% translate 'Hello' %}{{ x|default:_('none') }}\n"
        "{% blocktranslate trimmed count n=items|length %}\n  {{ n }} item\n  of 100%\n"
        "{% plural %}{{ n }} items{% endblocktranslate %}",
        encoding="utf-8",
    )
    assert {key for key, _line in _python_messages(module)} == {(None, "Saved %(n)s."), ("month", "May")}
    assert list(_template_messages(page)) == [(None, "Hello"), (None, "none"), (None, "%(n)s item of 100%%")]


def test_strings_go_to_the_catalogue_of_their_nearest_locale_folder():
    assert catalogue_of(ROOT / "hearth" / "standards" / "labels.py") == STANDARDS_CATALOGUE
    assert catalogue_of(ROOT / "hearth" / "enrollments" / "forms.py") == CATALOGUE
    assert catalogue_of(ROOT / "templates" / "base.html") == CATALOGUE


# --- HUD code-list labels --------------------------------------------------------------------------------------------


def test_labels_module_lists_every_hud_label_once():
    """labels.py is what scripts/sync_standards.py writes from the code lists (rerun it after a data change)."""
    from hearth import standards

    marked = [key for key, _line in _python_messages(ROOT / "hearth" / "standards" / "labels.py")]
    assert marked == [(standards.LABEL_CONTEXT, text) for text in standards.translatable_labels()]
    assert len(marked) > 450  # every list but the proper names of CoCs and VA medical centers


def test_every_hud_label_has_a_spanish_translation():
    from hearth import standards

    translated = {
        entry.fields["msgid"]: entry.fields["msgstr"]
        for entry in parse_po(STANDARDS_CATALOGUE)
        if entry.fields.get("msgctxt") == standards.LABEL_CONTEXT and "fuzzy" not in entry.flags
    }
    missing = [text for text in standards.translatable_labels() if not translated.get(text, "").strip()]
    assert not missing, "Untranslated HUD labels:\n" + "\n".join(missing)
    # The missing-data answers read the same in every list (two English spellings of "doesn't").
    assert translated["Client doesn’t know"] == translated["Client doesn't know"] == "El cliente no sabe"
    assert translated["Client prefers not to answer"] == "El cliente prefirió no responder"
    assert translated["Data not collected"] == "Datos no recopilados"


def _compiled(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is missing or stale: run compilemessages"


def test_display_labels_follow_the_language_and_hud_labels_stay_english():
    from django.utils import translation

    from hearth import standards
    from hearth.enrollments.models import Enrollment

    _compiled(STANDARDS_CATALOGUE)
    field = Enrollment._meta.get_field("living_situation")
    with translation.override("es"):
        assert str(standards.display_label("1.8", 9)) == "El cliente prefirió no responder"
        assert str(dict(field.choices)[116]).startswith("Lugar no destinado a ser habitado")
        assert standards.label("1.8", 9) == "Client prefers not to answer"  # CSV, reports: HUD's wording
        assert dict(standards.choices("3.12.1"))[116].startswith("Place not meant for habitation")
        assert standards.display_label("V6.1", "402") == "(402) Togus, ME"  # proper names are not translated
    with translation.override("en"):
        assert str(dict(field.choices)[116]).startswith("Place not meant for habitation")
    # Translated labels are not part of the field's database shape: no migration follows from them.
    assert "choices" not in field.deconstruct()[3]


@pytest.fixture
def back_to_english():
    """A Spanish user's request leaves Spanish active in this thread: later tests expect the default language."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.mark.django_db
@pytest.mark.usefixtures("back_to_english")
def test_a_spanish_users_enrollment_form_offers_spanish_answers(client, personas):
    from django.urls import reverse

    from hearth.enrollments.tests.test_services import make_client

    _compiled(CATALOGUE)
    _compiled(STANDARDS_CATALOGUE)
    personas.alice.language = "es"
    personas.alice.save(update_fields=["language"])
    person = make_client(personas.agency_a, "Maria", "Reyes", sex=0)
    client.force_login(personas.alice)
    household = {
        "step": "household",
        "client": [person.pk],
        "project": personas.project_a.pk,
        "entry_date": "2026-03-02",
        f"rel_{person.pk}": "1",
    }
    page = client.get(reverse("enrollments:start") + f"?client={person.pk}").content.decode()
    assert "La propia persona (jefe/a de hogar)" in page and "Self (Head of Household)" not in page  # 3.15.1
    form = client.post(reverse("enrollments:start"), household).content.decode()
    assert "m0-enrollment__living_situation" in form
    assert "Lugar no destinado a ser habitado" in form and "Place not meant for habitation" not in form  # 3.12.1
    assert "El cliente no sabe" in form and "Client doesn’t know" not in form and "Client doesn&#x27;t" not in form
    assert "Datos no recopilados" in form and "Data not collected" not in form
    profile = client.get(reverse("clients:detail", args=[person.pk])).content.decode()
    assert "Femenino" in profile  # 4.21 Sex


@pytest.mark.django_db
def test_the_hud_csv_export_writes_codes_whatever_the_language(personas, tmp_path):
    import csv

    from django.utils import translation

    from hearth import standards
    from hearth.enrollments.tests.test_services import make_client, make_enrollment
    from hearth.hudcsv.exporter import export_csv

    _compiled(STANDARDS_CATALOGUE)
    person = make_client(personas.agency_a, "Maria", "Reyes", sex=0, dob_data_quality=8, dob=None)
    stay = make_enrollment(person, personas.project_a, living_situation=116, length_of_stay=9)
    with translation.override("es"):
        export_csv(output=tmp_path / "out")
    with open(tmp_path / "out" / "Enrollment.csv", encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["EnrollmentID"] == stay.hud_id)
    assert (row["LivingSituation"], row["LengthOfStay"], row["RelationshipToHoH"]) == ("116", "9", "1")
    with open(tmp_path / "out" / "Client.csv", encoding="utf-8", newline="") as handle:
        client_row = next(r for r in csv.DictReader(handle) if r["PersonalID"] == person.hud_id)
    assert (client_row["Sex"], client_row["DOBDataQuality"]) == ("0", "8")
    spanish = {"El cliente no sabe", "Femenino", "Lugar no destinado a ser habitado", "Refugio de emergencia"}
    for file in standards.files():
        text = (tmp_path / "out" / file).read_text(encoding="utf-8")
        assert not [word for word in spanish if word in text], file
