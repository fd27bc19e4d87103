"""The Spanish catalogue is complete: every string of the code and templates is translated, none is fuzzy, and every
translation keeps its message's placeholders, HTML tags and HUD element numbers.

The catalogue is read as text (no gettext library), so these tests need neither `msgfmt` nor a database. When one fails:
run `hearth makemessages -l es --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --no-obsolete`, translate
what it added or marked fuzzy in locale/es/LC_MESSAGES/django.po, and remove the `#, fuzzy` flags.
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


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(CATALOGUE)


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


def test_every_marked_string_is_in_the_catalogue(entries):
    known = {entry.key for entry in entries}
    missing = []
    for path in _source_files(".py"):
        for key, line in _python_messages(path):
            if key not in known:
                missing.append(f"{path.relative_to(ROOT)}:{line} {key[1][:70]!r}")
    for suffix in (".html", ".txt"):
        for path in _source_files(suffix):
            for key in _template_messages(path):
                if key not in known:
                    missing.append(f"{path.relative_to(ROOT)} {key[1][:70]!r}")
    assert not missing, "Not in locale/es (run makemessages and translate):\n" + "\n".join(sorted(set(missing)))


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
