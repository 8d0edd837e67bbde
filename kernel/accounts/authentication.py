"""``Authorization: Api-Key <key>`` for machine clients (mobility centres, career centres)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from kernel.accounts.services import api_key_authenticate


class ApiClient:
    """The ``request.user`` of a machine client: authenticated, never staff, no personal data."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, key):
        self.key = key
        self.code = key.code
        self.scope = key.scope

    def __str__(self):
        return f"api:{self.code}"

    def get_username(self):
        return str(self)

    def has_perm(self, perm, obj=None):
        return False


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _sep, raw = header.partition(" ")
        if keyword != self.keyword:
            return None
        raw = raw.strip()
        if not raw:
            raise exceptions.AuthenticationFailed(_("The API key is missing after 'Api-Key'."))
        key = api_key_authenticate(raw)
        if key is None:
            raise exceptions.AuthenticationFailed(_("The API key is not valid or has been revoked."))
        return ApiClient(key), key

    def authenticate_header(self, request):
        return self.keyword
