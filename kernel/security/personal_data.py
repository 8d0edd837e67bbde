"""Marking what shows personal data, so it is never stored by a browser or proxy cache.

Personal data (IINs, names, addresses of registration records and admissions) must not stay on a
shared office computer's disk or in a proxy. A view or admin class marks itself, and the response
then carries ``Cache-Control: no-store`` (Django's ``never_cache`` headers):

- a function view: ``@personal_data_view``;
- a class-based or DRF view: ``class RecordViewSet(PersonalDataViewMixin, viewsets.ModelViewSet)``;
- an admin class: ``class RecordAdmin(PersonalDataAdminMixin, admin.ModelAdmin)`` — every view of
  that model admin, including the views an app adds in ``get_urls`` (imports, exports, downloads).

The mark (``personal_data = True``) is also read by ``SecurityHeadersMiddleware``, which sends no-store
for every marked view and for every page of the admin, and by the role matrix test, which checks
that analysts and machine keys are denied every marked URL.
"""

from functools import wraps
from typing import TYPE_CHECKING

from django.utils.cache import add_never_cache_headers


def no_store(response):
    """Give ``response`` the headers that forbid any cache to keep it."""
    add_never_cache_headers(response)
    return response


def personal_data_view(view_func):
    """Decorator for a function view that shows personal data."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        return no_store(view_func(request, *args, **kwargs))

    wrapper.personal_data = True  # type: ignore[attr-defined]
    return wrapper


if TYPE_CHECKING:  # the mixins sit before a view or a ModelAdmin among the bases
    from django.contrib.admin import ModelAdmin as _ModelAdmin
    from django.views import View as _View
else:
    _ModelAdmin = _View = object


class PersonalDataViewMixin(_View):
    """For class-based views and DRF views/viewsets that show personal data."""

    personal_data = True

    def dispatch(self, request, *args, **kwargs):
        return no_store(super().dispatch(request, *args, **kwargs))


class PersonalDataAdminMixin(_ModelAdmin):
    """For a ModelAdmin whose pages show personal data; put it first among the bases."""

    personal_data = True

    @property
    def urls(self):
        # ``urls`` (not ``get_urls``) so that the views a subclass adds in its own get_urls are marked too.
        patterns = self.get_urls()
        for pattern in patterns:
            if getattr(pattern, "callback", None) is not None:
                pattern.callback = personal_data_view(pattern.callback)
        return patterns


def is_personal_data_view(callback) -> bool:
    """Whether a URL's view is marked as showing personal data (see the module docstring)."""
    if getattr(callback, "personal_data", False):
        return True
    model_admin = getattr(callback, "model_admin", None)
    if getattr(model_admin, "personal_data", False):
        return True
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return bool(getattr(view_class, "personal_data", False))
