"""API of the registration app (mounted under /api/v1/)."""

urlpatterns: list = []
