"""REST framework defaults: pagination and JSON errors (named in settings.REST_FRAMEWORK)."""

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


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
