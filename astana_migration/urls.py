from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from astana_migration import health, views
from astana_migration.api import ApiRootView
from astana_migration.api_docs import ApiDocsView

api_patterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's initialiser from `docs/?script`, not inline: our CSP forbids inline script.
    # In the reader's language (astana_migration/api_docs.py): ?lang=kk|ru|en, with a switch on the page.
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include("settlements.api")),
    path("", include("quotas.api")),
    path("", include("monitoring.api")),
    path("", include("proposals.api")),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("health/", health.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]

# The portal's own error pages (JSON under /api/): astana_migration/error_pages.py.
handler403 = "astana_migration.error_pages.refused"
handler404 = "astana_migration.error_pages.not_found"
handler500 = "astana_migration.error_pages.server_failure"
