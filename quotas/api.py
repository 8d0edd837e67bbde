"""API of the quotas app (mounted under /api/v1/)."""

urlpatterns: list = []
