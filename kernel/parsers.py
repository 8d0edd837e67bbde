"""The API's request parsers (named in settings.REST_FRAMEWORK).

Kept apart from ``rest.py``: DRF reads ``DEFAULT_PARSER_CLASSES`` while it defines ``APIView``, so
this module must not import ``rest_framework.views`` (that would be a circular import).
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with a body nested deeper than Python's parser follows answered 400
    (``ParseError``) instead of escaping as a ``RecursionError`` and a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON body is nested too deeply.")) from None
