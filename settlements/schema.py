"""How the settlement list endpoints' key authentication appears in the OpenAPI schema.

It is the kernel's ``Api-Key`` scheme (same header, same keys); the class differs only in
remembering a successful lookup for a few seconds, and drf-spectacular wants a name per class.
"""

from django.utils.translation import gettext

from kernel.accounts.schema import ApiKeyScheme


class CachedApiKeyScheme(ApiKeyScheme):
    target_class = "settlements.authentication.CachedApiKeyAuthentication"
    name = "SettlementsApiKeyAuth"

    def get_security_definition(self, auto_schema):
        definition = super().get_security_definition(auto_schema)
        definition["description"] = gettext(
            "`Api-Key <key>` with a key of the settlements scope (the same keys as ApiKeyAuth); "
            "keys are issued with `manage.py create_api_key <code> --scope settlements`."
        )
        return definition
