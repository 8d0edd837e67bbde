"""How the settlements API's key authentication appears in the OpenAPI schema: the same
``Api-Key`` scheme as the kernel's (it only remembers successful lookups for a few seconds)."""

from astana_migration.accounts.schema import ApiKeyScheme


class CachedApiKeyScheme(ApiKeyScheme):
    target_class = "settlements.authentication.CachedApiKeyAuthentication"
