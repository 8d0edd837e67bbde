"""The admin speaks grammatical Kazakh and Russian (issue 13): titles, buttons and counters are
whole sentences with the model's name declined, not Django's nominative slotted in ("Выберите
квота для изменения", "Добавить квота", "19 көрсеткіштер")."""

import re

import pytest
from django.contrib import admin
from django.utils import translation
from django.utils.translation import npgettext

from kernel import admin_grammar
from monitoring.models import Indicator

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_model_has_its_declined_forms(model, language):
    opts = model._meta
    english, plural = admin_grammar.english_name(opts), admin_grammar.english_name(opts, plural=True)
    with translation.override(language):
        for case in ("accusative", "added"):
            assert translation.pgettext(case, english) != english, f"{opts.label}: no {case} in {language}"
        for count in (1, 3, 7):
            assert npgettext("counted", f"%(count)s {english}", f"%(count)s {plural}", count) not in (
                f"%(count)s {english}",
                f"%(count)s {plural}",
            ), f"{opts.label}: no counted form in {language}"
        for which in ("select_to_change", "select_to_view", "add", "change", "view"):
            sentence = admin_grammar.phrase(which, opts)
            assert not re.search(r"[A-Za-z]{3}", sentence.replace("API", "")), sentence


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "ru",
            {
                "select_to_change": "Выберите квоту для изменения",
                "add": "Добавить квоту",
                "change": "Изменить квоту",
                "view": "Просмотреть квоту",
            },
        ),
        (
            "kk",
            {
                "select_to_change": "Өзгерту үшін квотаны таңдаңыз",
                "add": "Квота қосу",
                "change": "Квотаны өзгерту",
                "view": "Квотаны қарау",
            },
        ),
    ],
)
def test_a_quota_s_sentences(language, phrases):
    from quotas.models import Quota

    with translation.override(language):
        assert {which: admin_grammar.phrase(which, Quota._meta) for which in phrases} == phrases


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["1 показатель", "3 показателя", "19 показателей", "21 показатель", "1\u00a0234 показателя"]),
        ("kk", ["1 көрсеткіш", "3 көрсеткіш", "19 көрсеткіш", "21 көрсеткіш", "1\u00a0234 көрсеткіш"]),
        ("en", ["1 indicator", "3 indicators", "19 indicators", "21 indicators", "1,234 indicators"]),
    ],
)
def test_a_counter_agrees_with_its_number(language, expected):
    with translation.override(language):
        assert [admin_grammar.counted(n, Indicator._meta) for n in (1, 3, 19, 21, 1234)] == expected


@pytest.mark.parametrize(
    ("language", "title", "button", "counter"),
    [
        ("ru", "Выберите квоту для изменения", "Добавить квоту", "1 квота"),
        ("kk", "Өзгерту үшін квотаны таңдаңыз", "Квота қосу", "1 квота"),
    ],
)
def test_the_quota_list_reads_as_sentences(client, staff_user, language, title, button, counter):
    from tests.role_matrix_objects import make_quota

    make_quota()
    client.force_login(staff_user)
    client.cookies["django_language"] = language
    html = client.get("/admin/quotas/quota/").content.decode()
    assert f"<h1>{title}</h1>" in html
    assert re.search(rf'class="addlink">\s*{button}\s*</a>', html)
    assert re.search(rf'<p class="paginator">\s*{counter}\s', html)


def test_the_add_page_and_its_crumb_say_add_in_russian(client, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "ru"
    html = client.get("/admin/settlements/recipient/add/").content.decode()
    assert "<h1>Добавить получателя</h1>" in html
    assert re.search(r"&rsaquo; Добавить получателя\s*</div>", html)


def test_a_saved_record_s_message_needs_no_gender_in_russian(client, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "ru"
    response = client.post(
        "/admin/settlements/recipient/add/",
        {
            "code": "akimat-7",
            "kind": "rural_akimat",
            "name": "Әкімдік",
            "language": "kk",
            "email": "a7@example.kz",
            "is_active": "on",
        },
        follow=True,
    )
    text = " ".join(str(message) for message in response.context["messages"])
    assert text.startswith("Добавлено: получатель «"), text
    assert "был успешно" not in text


@pytest.mark.parametrize(("language", "word"), [("kk", "Аты"), ("ru", "Имя")])
def test_a_person_s_first_name_is_a_name_not_a_title(client, staff_user, language, word):
    client.force_login(staff_user)
    client.cookies["django_language"] = language
    html = client.get("/admin/registration/registrationrecord/add/").content.decode()
    assert re.search(rf'<label[^>]*for="id_name"[^>]*>{word}:', html)


def test_cancelling_an_admission_is_boldyrmau_in_kazakh(client, staff_user):
    with translation.override("kk"):
        from quotas.admin.admission import AdmissionAdmin

        labels = [str(getattr(action, "short_description", "")) for action in AdmissionAdmin.actions or []]
        labels.append(translation.gettext("Cancel this admission"))
    assert any("болдырмау" in label for label in labels)
    assert not any("жою" in label for label in labels)
