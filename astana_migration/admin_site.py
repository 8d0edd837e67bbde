"""The portal's admin site: Django's, with a start page for staff above the list of sections, our
catalogue completing its Kazakh JavaScript strings, and every admin's titles declined."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from kernel.admin_grammar import GrammarAdminMixin
from kernel.admin_numbers import NumbersAdminMixin


class PortalAdminSite(admin.AdminSite):
    site_header = _("Astana migration portal")
    site_title = _("Migration portal")
    index_title = _("Department of Employment and Social Protection of Astana")

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin's titles in whole sentences with the model's name declined (kernel.admin_grammar).
        admin_class = admin_class or admin.ModelAdmin
        # Its lists' numbers written as everywhere else (kernel.admin_numbers).
        if not issubclass(admin_class, GrammarAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (GrammarAdminMixin, NumbersAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    @property
    def login_form(self):
        # Django's login form plus the lockout's message. Imported late: this module is loaded
        # before the app registry is ready, and the form needs the auth models.
        from kernel.security.forms import PortalAuthenticationForm

        return PortalAuthenticationForm

    def index(self, request, extra_context=None):
        # The start page above the list of sections (astana_migration.start_page); imported late
        # like the login form: it reads the apps' models.
        from astana_migration.start_page import start_page

        return super().index(request, {**(extra_context or {}), "start": start_page(request.user)})

    def i18n_javascript(self, request, extra_context=None):
        # Later packages win: astana_migration/locale completes what Django's kk catalogue lacks.
        return JavaScriptCatalog.as_view(packages=["django.contrib.admin", "astana_migration"])(request)


class PortalAdminConfig(AdminConfig):
    default_site = "astana_migration.admin_site.PortalAdminSite"
