"""The portal's catalogues complete Django's, DRF's and django-filter's Kazakh (and Russian).

Upstream Kazakh catalogues leave many strings untranslated; ours (``locale/kk`` for the server
side, ``astana_migration/locale/kk/…/djangojs.po`` for the admin's JavaScript) must cover every one
of them, keep their placeholders and plural forms, and hold every string of the kernel and the
project templates in Kazakh and Russian.
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import django
import django_filters
import pytest
import rest_framework
from django.conf import settings
from django.utils import translation

REPO = Path(settings.BASE_DIR)
DJANGO = Path(django.__file__).parent
DRF = Path(rest_framework.__file__).parent
FILTERS = Path(django_filters.__file__).parent

PROJECT = {lang: REPO / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("kk", "ru")}
KERNEL = {lang: REPO / "astana_migration" / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("kk", "ru")}
KERNEL_JS = REPO / "astana_migration" / "locale" / "kk" / "LC_MESSAGES" / "djangojs.po"
OURS = [*PROJECT.values(), *KERNEL.values(), KERNEL_JS]

PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n!=1);",
    "ru": "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : "
    "n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);",
}


# --- a tiny .po reader ------------------------------------------------------------------------
class Entry:
    def __init__(self):
        self.ctx = None
        self.msgid = None
        self.plural = None
        self.msgstr = {}
        self.flags = set()

    @property
    def key(self):
        return (self.ctx, self.msgid)

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr.values()) and "fuzzy" not in self.flags


def _start(entry, keyword, value) -> tuple:
    """A line opening a field (``msgid "…"``); returns the field its continuation lines extend."""
    if keyword == "msgctxt":
        entry.ctx = value
        return ("ctx",)
    if keyword in ("msgid", "msgid_plural"):
        name = "msgid" if keyword == "msgid" else "plural"
        setattr(entry, name, value)
        return (name,)
    index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
    entry.msgstr[index] = value
    return ("msgstr", index)


def _extend(entry, field, value) -> None:
    if field[0] == "msgstr":
        entry.msgstr[field[1]] += value
    else:
        setattr(entry, field[0], getattr(entry, field[0]) + value)


def read_po(path) -> dict:
    """{(msgctxt, msgid): Entry}, the header and obsolete (#~) entries left out."""
    entries, entry, field = {}, Entry(), None

    def close():
        nonlocal entry
        if entry.msgid:
            entries[entry.key] = entry
        entry = Entry()

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry.msgid is not None:
                close()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword, _sep, rest = line.partition(" ")
        if line.startswith('"'):
            value, keyword = ast.literal_eval(line), None
        else:
            value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and entry.msgid is not None and (keyword == "msgctxt" or entry.msgstr):
            close()
        if keyword is None:
            _extend(entry, field, value)
        else:
            field = _start(entry, keyword, value)
    close()
    return entries


def read_header(path) -> str:
    text = Path(path).read_text(encoding="utf-8")
    match = re.search(r'^msgid ""\nmsgstr ""\n((?:".*"\n)+)', text, re.M)
    return "".join(ast.literal_eval(line) for line in match.group(1).splitlines())


def read_mo(path) -> dict:
    """{msgid: translated?} of a compiled catalogue (contexts do not occur in DRF's)."""
    with open(path, "rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    result = {}
    for key, value in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:
            result[msgid] = result.get(msgid, True) and bool(value)
    return result


def source_msgids(package: Path) -> set:
    """The string literals a package passes to gettext & co. (what upgrades add first)."""
    names = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
    found = set()
    for path in package.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                args = node.args[1:] if node.func.id.startswith("pgettext") else node.args
                found.update(a.value for a in args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def untranslated_in_ours(needed, ours: dict) -> list:
    """Keys (ctx, msgid) neither upstream nor our catalogue translate."""
    by_msgid = {entry.msgid: entry for entry in ours.values() if entry.ctx is None}
    missing = []
    for key in sorted(needed, key=str):
        entry = ours.get(key) or (by_msgid.get(key[1]) if key[0] is None else None)
        if entry is None or not entry.translated:
            missing.append(key)
    return missing


# --- Django's own catalogues (kk) -------------------------------------------------------------
DJANGO_CATALOGUES = [
    ("contrib/admin", "django", PROJECT["kk"]),
    ("contrib/auth", "django", PROJECT["kk"]),
    ("contrib/contenttypes", "django", PROJECT["kk"]),
    ("conf", "django", PROJECT["kk"]),
    # The admin's JavaScript catalogue is served by PortalAdminSite from the kernel's package.
    ("contrib/admin", "djangojs", KERNEL_JS),
]


@pytest.mark.parametrize(
    ("where", "domain", "ours"), DJANGO_CATALOGUES, ids=[f"{w}-{d}" for w, d, _o in DJANGO_CATALOGUES]
)
def test_every_django_string_has_kazakh(where, domain, ours):
    """Every msgid of Django's kk catalogue, and of its current (en) template, is translated in
    Django's kk or in ours: the en template lists what Django 5.2 really says, the kk file what
    its translators last saw."""
    base = DJANGO / where / "locale"
    upstream_kk = read_po(base / "kk" / "LC_MESSAGES" / f"{domain}.po")
    current = read_po(base / "en" / "LC_MESSAGES" / f"{domain}.po")
    needed = {
        key for key in current.keys() | upstream_kk.keys() if key not in upstream_kk or not upstream_kk[key].translated
    }
    assert needed  # Django's kk really is incomplete: the test reads the right files
    assert untranslated_in_ours(needed, read_po(ours)) == []


def drf_msgids() -> set:
    catalogues = [DRF / "locale" / lang / "LC_MESSAGES" / "django.mo" for lang in ("en", "kk", "ru")]
    return set().union(*(read_mo(path) for path in catalogues)) | source_msgids(DRF)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_rest_framework_string_is_translated(lang):
    upstream = read_mo(DRF / "locale" / lang / "LC_MESSAGES" / "django.mo")
    needed = {(None, msgid) for msgid in drf_msgids() if not upstream.get(msgid)}
    assert untranslated_in_ours(needed, read_po(PROJECT[lang])) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_django_filter_string_is_translated(lang):
    catalogues = sorted((FILTERS / "locale").glob("*/LC_MESSAGES/django.po"))
    all_msgids = set().union(*(read_po(path).keys() for path in catalogues))
    all_msgids |= {(None, msgid) for msgid in source_msgids(FILTERS)}
    upstream_path = FILTERS / "locale" / lang / "LC_MESSAGES" / "django.po"
    upstream = read_po(upstream_path) if upstream_path.exists() else {}
    needed = {key for key in all_msgids if key not in upstream or not upstream[key].translated}
    assert untranslated_in_ours(needed, read_po(PROJECT[lang])) == []


# --- our catalogues are well formed ---------------------------------------------------------
PLACEHOLDER = re.compile(r"%\([A-Za-z_0-9]+\)[sdr]|%[sdr]|\{[A-Za-z_0-9]*(?::[^{}]*)?\}")


@pytest.mark.parametrize("path", OURS, ids=lambda p: str(p.relative_to(REPO)))
def test_our_catalogues_keep_placeholders_and_plural_forms(path):
    lang = path.parts[-3]
    assert f"Plural-Forms: {PLURAL_FORMS[lang]}" in read_header(path)
    assert f"Language: {lang}" in read_header(path)
    nplurals = int(PLURAL_FORMS[lang].split(";")[0].split("=")[1])
    problems = []
    for entry in read_po(path).values():
        if not entry.translated:
            problems.append(("untranslated or fuzzy", entry.msgid))
            continue
        if entry.plural is not None and sorted(entry.msgstr) != list(range(nplurals)):
            problems.append(("plural forms", entry.msgid))
        expected = sorted(PLACEHOLDER.findall(entry.plural if entry.plural is not None else entry.msgid))
        for text in entry.msgstr.values():
            if sorted(PLACEHOLDER.findall(text)) != expected:
                problems.append(("placeholders", entry.msgid, text))
    assert problems == []


@pytest.mark.parametrize("path", [PROJECT["kk"], KERNEL["kk"], KERNEL_JS], ids=lambda p: str(p.relative_to(REPO)))
def test_kazakh_is_written_in_kazakh_cyrillic(path):
    """Kazakh-specific letters show the text is Kazakh, not Russian pasted in (each long entry)."""
    russian_only = []
    for entry in read_po(path).values():
        text = " ".join(set(entry.msgstr.values()))  # plural forms that repeat a phrase count once
        words = re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{4,}", text)
        if len(words) >= 4 and not re.search(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]", text):
            russian_only.append(entry.msgid)
    assert russian_only == []


# --- the kernel's and the templates' own strings ------------------------------------------------
def extract(tmp_path: Path, tree: str) -> dict:
    """Run makemessages over a copy of ``tree`` (as a developer would) and read what it found."""
    work = tmp_path / "tree"
    work.mkdir()
    shutil.copytree(
        REPO / tree,
        work / tree,
        ignore=shutil.ignore_patterns("tests", "locale", "static", "__pycache__", "*.mo"),
    )
    (work / "locale").mkdir()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    django_admin = [sys.executable, "-m", "django", "makemessages", "-l", "kk", "-v", "0"]
    subprocess.run(django_admin, cwd=work, env=env, check=True)
    return read_po(work / "locale" / "kk" / "LC_MESSAGES" / "django.po")


@pytest.mark.parametrize(("tree", "catalogues"), [("astana_migration", KERNEL), ("templates", PROJECT)])
def test_every_kernel_and_template_string_has_kazakh_and_russian(tmp_path, tree, catalogues):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    found = extract(tmp_path, tree)
    assert found, "makemessages found nothing: is the tree right?"
    for lang, path in catalogues.items():
        assert untranslated_in_ours(found.keys(), read_po(path)) == [], lang


# --- and the running portal uses them ---------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "msgid", "expected"),
    [
        ("kk", "Recent actions", "Соңғы әрекеттер"),
        ("kk", "Authentication credentials were not provided.", "Аутентификация деректері берілмеген."),
        ("kk", "Range query expects two values.", "Аралық бойынша сұрау екі мәнді талап етеді."),
        ("kk", "That page number is less than 1", "Бет нөмірі 1-ден кіші"),
        ("kk", "KATO code", "ҚАТО коды"),
        ("ru", "KATO code", "код КАТО"),
        ("ru", "Must be a valid boolean.", "Должно быть логическим значением."),
        ("ru", "Select a lookup.", "Выберите условие поиска."),
    ],
)
def test_the_running_portal_uses_the_catalogues(lang, msgid, expected):
    with translation.override(lang):
        assert translation.gettext(msgid) == expected


def test_kazakh_plural_forms_follow_djangos():
    with translation.override("kk"):
        assert translation.ngettext("%(num)d year", "%(num)d years", 1) % {"num": 1} == "1 жыл"
        assert translation.ngettext("%(num)d year", "%(num)d years", 5) % {"num": 5} == "5 жыл"
        one = translation.ngettext("Please correct the error below.", "Please correct the errors below.", 1)
        many = translation.ngettext("Please correct the error below.", "Please correct the errors below.", 2)
        assert (one, many) == ("Төмендегі қатені түзетіңіз.", "Төмендегі қателерді түзетіңіз.")
