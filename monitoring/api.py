"""API of the monitoring app (mounted under /api/v1/)."""

urlpatterns: list = []
