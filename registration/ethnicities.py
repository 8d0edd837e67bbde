"""Ethnicity (ұлты / национальность) as a reference list, not free text.

A registration record holds the stable code; people read the name in their language. Free text
let whatever was typed there (a name, an IIN) reach analysts through the monitoring values and
reports; a code from this list cannot. An import accepts the code, or the Kazakh, Russian or
English name (a Russian feminine form too), in any letter case; anything else is a row error.

The list follows the nationalities of the 2021 national census of Kazakhstan that Astana's
registers meet; ``other`` stands for the rest. Codes never change once records hold them.
"""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import get_language


@dataclass(frozen=True)
class Ethnicity:
    code: str
    kk: str
    ru: str
    en: str
    aliases: tuple[str, ...] = ()


ETHNICITIES = (
    Ethnicity("kazakh", "қазақ", "казах", "Kazakh", ("казашка",)),
    Ethnicity("russian", "орыс", "русский", "Russian", ("русская",)),
    Ethnicity("uzbek", "өзбек", "узбек", "Uzbek", ("узбечка",)),
    Ethnicity("ukrainian", "украин", "украинец", "Ukrainian", ("украинка",)),
    Ethnicity("uyghur", "ұйғыр", "уйгур", "Uyghur", ("уйгурка",)),
    Ethnicity("german", "неміс", "немец", "German", ("немка",)),
    Ethnicity("tatar", "татар", "татарин", "Tatar", ("татарка",)),
    Ethnicity("azerbaijani", "әзірбайжан", "азербайджанец", "Azerbaijani", ("азербайджанка",)),
    Ethnicity("korean", "корей", "кореец", "Korean", ("кореянка",)),
    Ethnicity("turkish", "түрік", "турок", "Turkish", ("турчанка",)),
    Ethnicity("belarusian", "белорус", "белорус", "Belarusian", ("белоруска",)),
    Ethnicity("chechen", "шешен", "чеченец", "Chechen", ("чеченка",)),
    Ethnicity("kyrgyz", "қырғыз", "киргиз", "Kyrgyz", ("киргизка", "кыргыз")),
    Ethnicity("tajik", "тәжік", "таджик", "Tajik", ("таджичка",)),
    Ethnicity("turkmen", "түрікмен", "туркмен", "Turkmen", ("туркменка",)),
    Ethnicity("chinese", "қытай", "китаец", "Chinese", ("китаянка",)),
    Ethnicity("dungan", "дүнген", "дунганин", "Dungan", ("дунганка",)),
    Ethnicity("bashkir", "башқұрт", "башкир", "Bashkir", ("башкирка",)),
    Ethnicity("kurdish", "күрд", "курд", "Kurdish", ("курдянка",)),
    Ethnicity("armenian", "армян", "армянин", "Armenian", ("армянка",)),
    Ethnicity("moldovan", "молдаван", "молдаванин", "Moldovan", ("молдаванка",)),
    Ethnicity("polish", "поляк", "поляк", "Polish", ("полька",)),
    Ethnicity("mongolian", "моңғол", "монгол", "Mongolian", ("монголка",)),
    Ethnicity("other", "басқа ұлт", "другая национальность", "Other", ("басқа", "другая", "другой")),
)

BY_CODE = {ethnicity.code: ethnicity for ethnicity in ETHNICITIES}
CODES = frozenset(BY_CODE)

_BY_WORD = {
    word.casefold(): ethnicity.code
    for ethnicity in ETHNICITIES
    for word in (ethnicity.code, ethnicity.kk, ethnicity.ru, ethnicity.en, *ethnicity.aliases)
}


def ethnicity_code(text: str) -> str | None:
    """The code for what a file or form says: a code or a name, any letter case. "" for nothing
    stated; None when the text is not on the list."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    return _BY_WORD.get(text.casefold())


def ethnicity_name(code: str, language: str | None = None) -> str:
    """The name of ``code`` in ``language`` (the active one by default): Kazakh, Russian, else English.
    An unknown code is shown as it is."""
    ethnicity = BY_CODE.get(code)
    if ethnicity is None:
        return code
    language = (language or get_language() or "en")[:2]
    return {"kk": ethnicity.kk, "ru": ethnicity.ru}.get(language, ethnicity.en)


_lazy_name = lazy(ethnicity_name, str)

# Model and form choices: the name follows the reader's language.
CHOICES = [(ethnicity.code, _lazy_name(ethnicity.code)) for ethnicity in ETHNICITIES]
