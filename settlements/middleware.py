"""The hot path of ``GET /api/v1/settlements/``, ahead of the whole middleware stack.

Hundreds of mobility-centre systems poll the current list; nearly every answer is a 304 or a
page already rendered on this host. This middleware, first in ``MIDDLEWARE``, answers exactly
those requests (a key checked in this process seconds ago, see ``settlements.authentication``)
and adds the security headers the skipped middleware would have added. Every other request,
including anything it is unsure about, goes through the normal stack unchanged.
"""

from django.conf import settings
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import reverse

from settlements import pages, selectors


class SettlementsFastPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.security = SecurityMiddleware(get_response)
        self.frame_options = XFrameOptionsMiddleware(get_response)
        self._path = None

    def path(self) -> str:
        if self._path is None:
            self._path = reverse("api:settlement-list")
        return self._path

    def __call__(self, request):
        # An HTTPS redirect, if due, is the security middleware's to give: take the normal path.
        wanted = request.method == "GET" and request.path == self.path()
        if wanted and not (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
            response = pages.fast_items_response(request, selectors.current_list)
            if response is not None:
                self.security.process_response(request, response)
                return self.frame_options.process_response(request, response)
        return self.get_response(request)
