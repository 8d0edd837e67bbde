"""The WSGI application: Django's, with the settlement list's polling path answered first.

Hundreds of mobility-centre systems poll ``GET /api/v1/settlements/``; nearly every answer is a
304 or a page already rendered on this host. ``SettlementsFastPathMiddleware`` decides those
answers (and adds the security headers); here it is called before Django's request handler, so
such a poll does not pay for the handler's signals and middleware adaptation. Whatever the fast
path is unsure about, or any error in it, goes to Django unchanged.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astana_migration.settings")
django_application = get_wsgi_application()

from django.core.handlers.wsgi import WSGIRequest  # noqa: E402 - after Django is set up

from settlements.middleware import SettlementsFastPathMiddleware  # noqa: E402

_fast_path = SettlementsFastPathMiddleware(lambda request: None)


def _answer(response, environ, start_response):
    """Send a response the way Django's WSGIHandler does."""
    headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    stream = getattr(response, "file_to_stream", None)
    if stream is not None and environ.get("wsgi.file_wrapper"):
        stream.close = response.close
        return environ["wsgi.file_wrapper"](stream, response.block_size)
    return response


def application(environ, start_response):
    if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == _fast_path.path():
        try:
            response = _fast_path(WSGIRequest(environ))
        except Exception:  # noqa: BLE001 - the full path will answer, and report, properly
            response = None
        if response is not None:
            return _answer(response, environ, start_response)
    return django_application(environ, start_response)
