"""REST framework defaults: pagination and JSON errors (named in settings.REST_FRAMEWORK)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    """``page`` and ``page_size`` (1…1000); a page size that is not such a number is a 400 naming
    it, rather than silently the default, so a client's mistake is visible. An empty value is the
    same as none (as for every query parameter of the API)."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(max)d.") % {"max": self.max_page_size},
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


def exception_handler(exc, context):
    """DRF's handler, plus a stable machine-readable ``code`` beside ``detail``."""
    response = drf_exception_handler(exc, context)
    if (
        response is not None
        and isinstance(exc, exceptions.APIException)
        and isinstance(response.data, dict)
        and "detail" in response.data
        and "code" not in response.data
        and isinstance(exc.get_codes(), str)
    ):
        response.data["code"] = exc.get_codes()
    return response
