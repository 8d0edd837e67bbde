"""The WSGI app the settlements API benchmark serves with gunicorn: the portal itself, plus one
URL that returns a file's bytes (the baseline the API is compared with, on the same server)."""

import os

from astana_migration.wsgi import application as portal

STATIC_URL = "/bench/static-page.json"
CHUNK = 256 * 1024


def application(environ, start_response):
    if environ.get("PATH_INFO") != STATIC_URL:
        return portal(environ, start_response)
    handle = open(os.environ["BENCH_STATIC_FILE"], "rb")  # noqa: SIM115 - closed by the server
    size = os.fstat(handle.fileno()).st_size
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(size))])
    wrapper = environ.get("wsgi.file_wrapper")
    return wrapper(handle, CHUNK) if wrapper else iter(lambda: handle.read(CHUNK), b"")
