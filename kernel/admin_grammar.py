"""A model's name declined as the admin's sentences need it (issue 13).

Django builds the admin's titles, buttons and counters from a model's name in the nominative:
"Выберите квота для изменения", "Добавить квота", "19 көрсеткіштер". Here every such phrase is a
whole translatable sentence with the model's name in the form it takes:

- ``%(accusative)s``: the object of "select", "add", "change", "view" (ru «квоту», kk «квотаны»);
  the catalogue gives it with the context "accusative" and the model's English name as msgid;
- ``%(added)s``: the object of "add", a new item (ru «квоту», kk «квота»: «Квота қосу»);
- a count with its noun (``counted``): the catalogue's plural forms, with the context "counted" —
  Russian agrees the noun with the number («19 показателей»), Kazakh keeps it singular
  («19 көрсеткіш»).

The catalogue entries are in ``locale/`` (the project's, which wins over every app);
``astana_migration/tests/test_admin_grammar.py`` checks that every registered model has them.
"""

from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, npgettext, override, pgettext

from kernel.numbers import count_text


def english_name(opts, *, plural: bool = False) -> str:
    """The model's name in English: the msgid its declined forms are filed under."""
    with override("en"):
        return str(opts.verbose_name_plural if plural else opts.verbose_name)


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def declined(opts, case: str) -> str:
    """The name in ``case`` (the catalogue's context): ``accusative``, the object of "select",
    "change", "view"; ``added``, the object of "add" (a new item: the accusative in Russian, the
    nominative in Kazakh). The nominative where the catalogue has no form."""
    msgid = english_name(opts)
    found = pgettext(case, msgid)
    return str(opts.verbose_name) if found == msgid and not _english() else found


def accusative(opts) -> str:
    return declined(opts, "accusative")


def counted(count: int, opts) -> str:
    """``count`` with the model's noun agreeing with it: "19 показателей", "19 көрсеткіш"."""
    singular, plural = english_name(opts), english_name(opts, plural=True)
    template = npgettext("counted", f"%(count)s {singular}", f"%(count)s {plural}", count)
    if template in (f"%(count)s {singular}", f"%(count)s {plural}") and not _english():
        name = opts.verbose_name if count == 1 else opts.verbose_name_plural
        return f"{count_text(count)} {name}"
    return template % {"count": count_text(count)}


def phrase(which: str, opts) -> str:
    """One of the admin's sentences about a model, capitalised: ``select_to_change``,
    ``select_to_view``, ``add``, ``change``, ``view``."""
    names = {"accusative": accusative(opts), "added": declined(opts, "added")}
    sentences = {
        "select_to_change": pgettext("admin", "Select %(accusative)s to change"),
        "select_to_view": pgettext("admin", "Select %(accusative)s to view"),
        "add": pgettext("admin", "Add %(added)s"),
        "change": pgettext("admin", "Change %(accusative)s"),
        "view": pgettext("admin", "View %(accusative)s"),
    }
    return capfirst(sentences[which] % names)


if TYPE_CHECKING:  # the mixin sits before ModelAdmin among an admin's bases
    from django.contrib.admin import ModelAdmin as _ModelAdmin
else:
    _ModelAdmin = object


class GrammarAdminMixin(_ModelAdmin):
    """Titles of the list and form pages in those sentences. Put on every ModelAdmin by the
    portal's admin site; a title an admin sets itself is left as it is."""

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if "title" not in extra_context:
            which = "select_to_change" if self.has_change_permission(request) else "select_to_view"
            extra_context = {**extra_context, "title": phrase(which, self.model._meta)}
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        opts = self.model._meta
        defaults = {gettext("Add %s") % opts.verbose_name, gettext("Change %s") % opts.verbose_name}
        defaults.add(gettext("View %s") % opts.verbose_name)
        if context.get("title") in defaults:
            may_change = not add and self.has_change_permission(request, obj)
            which = "add" if add else "change" if may_change else "view"
            context["title"] = phrase(which, opts)
        return super().render_change_form(request, context, add, change, form_url, obj)
