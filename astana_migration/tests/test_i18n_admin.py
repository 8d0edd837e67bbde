"""The admin speaks Kazakh (the default) and Russian: no English on the pages staff use.

Two checks. A list of the English phrases Django 5.2's admin templates render on the index, a
changelist and a change form must not appear. And, on pages that show only the kernel's territory
models (a clerk who may edit nothing else), no Latin-script word may appear at all.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation

from astana_migration.tests.test_i18n_catalogues import DJANGO, read_po
from kernel.territory.models import District, Region

# What Django 5.2's admin templates (base, index, app_list, nav_sidebar, change_list, search_form,
# actions, filter, change_form, submit_line, object_history, delete_confirmation) and admin
# Python code render in English.
ENGLISH_ADMIN_PHRASES = [
    "Skip to main content",
    "Welcome,",
    "View site",
    "Change password",
    "Log out",
    "Toggle theme",
    "Breadcrumbs",
    "Home",
    "Site administration",
    "Toggle navigation",
    "Sidebar",
    "Start typing to filter",
    "Filter navigation items",
    "Models in the",
    "Model name",
    "Add link",
    "Change or view list link",
    "Add",
    "Change",
    "View",
    "Recent actions",
    "My actions",
    "None available",
    "Select",
    "to change",
    "Search",
    "result",
    "results",
    "total",
    "Show all",
    "Action:",
    "Run the selected action",
    "Go",
    "selected",
    "Delete selected",
    "Select all objects on this page for an action",
    "Select this object for an action",
    "Remove from sorting",
    "Toggle sorting",
    "Sorting priority",
    "Filter",
    "Show counts",
    "Hide counts",
    "Clear all filters",
    "By",
    "All",
    "Yes",
    "No",
    "History",
    "Save",
    "Save and add another",
    "Save and continue editing",
    "Delete",
    "Please correct the error below.",
    "This field is required.",
    "Date/time",
    "User",
    "Cannot delete",
    "Are you sure?",
    "Yes, I’m sure",
    "No, take me back",
    "Objects",
    "protected related objects",
    "This object doesn’t have a change history.",
    "Change history",
]


class VisibleText(HTMLParser):
    """Text a user sees or hears: text nodes, and title / aria-label / placeholder / alt / button
    values; scripts and styles left out."""

    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self, html):
        super().__init__()
        self.hidden = 0
        self.parts = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self.hidden += 1
        attrs = dict(attrs)
        self.parts += [attrs[name] for name in self.ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(" ".join(data.split()))

    @property
    def text(self):
        return "\n".join(self.parts)


def english_phrases_in(html):
    text = VisibleText(html).text
    return [phrase for phrase in ENGLISH_ADMIN_PHRASES if re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text)]


def get(client, url, language, **kwargs):
    client.cookies["django_language"] = language
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def superuser(reference_data, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.kz", "test-password-123")


LANGUAGES = ["kk", "ru"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_index_has_no_english_for_staff(client, staff_user, language):
    client.force_login(staff_user)
    html = get(client, "/admin/", language)
    assert english_phrases_in(html) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("user", ["head_user", "superuser"])  # the head may only view; root sees actions
def test_the_region_changelist_has_no_english(client, request, user, language):
    client.force_login(request.getfixturevalue(user))
    for url in ("/admin/territory/region/", "/admin/territory/region/?q=71&receives_migrants__exact=1"):
        assert english_phrases_in(get(client, url, language)) == [], url


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_region_change_form_has_no_english(client, superuser, language):
    client.force_login(superuser)
    region = Region.objects.get(kato="710000000")
    for url in (
        f"/admin/territory/region/{region.pk}/change/",
        "/admin/territory/region/add/",
        f"/admin/territory/region/{region.pk}/history/",
        f"/admin/territory/region/{region.pk}/delete/",
    ):
        assert english_phrases_in(get(client, url, language)) == [], url


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_and_actions_have_no_english(client, superuser, language):
    client.force_login(superuser)
    client.cookies["django_language"] = language
    invalid = client.post("/admin/territory/region/add/", {"kato": "12", "name_kk": "", "name_ru": ""})
    assert invalid.status_code == 200
    assert english_phrases_in(invalid.content.decode()) == []
    region = Region.objects.get(kato="710000000")
    confirm = client.post("/admin/territory/region/", {"action": "delete_selected", "_selected_action": [region.pk]})
    assert confirm.status_code == 200
    assert english_phrases_in(confirm.content.decode()) == []


# --- no Latin-script word at all on the kernel's pages ------------------------------------------
# Kept on purpose: "English" is the English button of the language switcher, named in its own
# language. "True"/"False" are the alt texts of the admin's boolean icons, which Django 5.2
# hard-codes (django.contrib.admin.templatetags.admin_list._boolean_icon): no catalogue reaches them.
ALLOWED_LATIN = {"English", "True", "False"}


def latin_words_in(html):
    return sorted(set(re.findall(r"[A-Za-z][A-Za-z’']+", VisibleText(html).text)) - ALLOWED_LATIN)


@pytest.fixture
def territory_clerk(reference_data, django_user_model):
    """A staff member who may do everything with territories and nothing else: the admin shows
    only the kernel's models, so every word on the page comes from Django or the kernel."""
    user = django_user_model.objects.create_user(username="қызметкер", password="test-password-123", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="territory"))
    return user


@pytest.mark.parametrize("language", LANGUAGES)
def test_kernel_admin_pages_have_no_latin_words(client, territory_clerk, language):
    client.force_login(territory_clerk)
    region = Region.objects.get(kato="710000000")
    district = District.objects.filter(region=region).first()
    pages = [
        "/admin/",
        "/admin/territory/",
        "/admin/territory/region/",
        "/admin/territory/region/?q=71&receives_migrants__exact=1",
        f"/admin/territory/region/{region.pk}/change/",
        "/admin/territory/region/add/",
        f"/admin/territory/region/{region.pk}/history/",
        f"/admin/territory/region/{region.pk}/delete/",
        "/admin/territory/district/",
        f"/admin/territory/district/{district.pk}/change/",
        "/admin/territory/ruraldistrict/",
        "/admin/password_change/",
    ]
    for url in pages:
        assert latin_words_in(get(client, url, language)) == [], url
    client.cookies["django_language"] = language
    invalid = client.post("/admin/territory/region/add/", {"kato": "7100", "name_kk": "", "name_ru": ""})
    assert latin_words_in(invalid.content.decode()) == []
    saved = client.post(
        f"/admin/territory/region/{region.pk}/change/",
        {"kato": region.kato, "name_kk": region.name_kk, "name_ru": region.name_ru, "_continue": "1"},
        follow=True,
    )
    assert latin_words_in(saved.content.decode()) == []
    logged_out = client.post("/admin/logout/")
    assert latin_words_in(logged_out.content.decode()) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_page_and_its_errors_have_no_latin_words(client, db, language):
    assert latin_words_in(get(client, "/admin/login/", language)) == []
    failed = client.post("/admin/login/", {"username": "nobody", "password": "wrong-password-1"})
    assert latin_words_in(failed.content.decode()) == []


# --- the admin's JavaScript -----------------------------------------------------------------------
def javascript_catalogue(client, language):
    source = get(client, "/admin/jsi18n/", language)
    match = re.search(r"const newcatalog = (\{.*?\n  \});", source, re.S)
    plural = re.search(r"const v = (.*?);\n", source).group(1)
    return json.loads(match.group(1)), plural


def test_the_admin_javascript_speaks_kazakh(client, territory_clerk):
    client.force_login(territory_clerk)
    catalogue, plural = javascript_catalogue(client, "kk")
    assert plural == "(n!=1)"
    expected = {
        "Choose all %s": "Барлығын таңдау (%s)",
        "Remove all %s": "Барлығын алып тастау (%s)",
        "Available %s": "Қолжетімді %s",
        "Chosen %s": "Таңдалған %s",
        "Now": "Қазір",
        "Today": "Бүгін",
        "Choose a Date": "Күнді таңдаңыз",
        "January": "Қаңтар",
        "abbrev. month May\x04May": "Мам",
        "one letter Monday\x04M": "Д",
        "Sunday": "Жексенбі",
        "%(sel)s of %(cnt)s selected": ["%(cnt)s ішінен %(sel)s таңдалды"] * 2,
        "Show": "Көрсету",
        "Hide": "Жасыру",
    }
    assert {msgid: catalogue.get(msgid) for msgid in expected} == expected


def test_every_admin_javascript_string_is_kazakh(client, territory_clerk):
    """Each string the admin's scripts ask for (Django 5.2's en template) comes back translated."""
    client.force_login(territory_clerk)
    catalogue, _plural = javascript_catalogue(client, "kk")
    wanted = read_po(DJANGO / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES" / "djangojs.po")
    missing = [key for key in wanted if not catalogue.get(key[1] if key[0] is None else f"{key[0]}\x04{key[1]}")]
    assert missing == []


def test_the_admin_javascript_speaks_russian(client, territory_clerk):
    client.force_login(territory_clerk)
    catalogue, _plural = javascript_catalogue(client, "ru")
    assert catalogue["Choose all %s"] == "Выбрать все %s"
    assert catalogue["January"] == "Январь"


@pytest.mark.parametrize(
    ("language", "names"), [("kk", ["Қазақша", "Орысша", "Ағылшынша"]), ("ru", ["Казахский", "Русский", "Английский"])]
)
def test_the_language_names_are_translated(language, names):
    with translation.override(language):
        assert [str(name) for _code, name in settings.LANGUAGES] == names


def test_the_checks_do_see_english(client, territory_clerk):
    """The same pages in English trip both checks, so a silent parser cannot pass them."""
    client.force_login(territory_clerk)
    region = Region.objects.get(kato="710000000")
    html = get(client, f"/admin/territory/region/{region.pk}/change/", "en")
    assert {"Save", "Delete", "History", "Log out", "View site"} <= set(english_phrases_in(html))
    assert {"Save", "KATO", "Breadcrumbs"} <= set(latin_words_in(html))
    changelist = get(client, "/admin/territory/region/", "en")
    assert {"Action:", "Go", "Filter", "Search"} <= set(english_phrases_in(changelist))
