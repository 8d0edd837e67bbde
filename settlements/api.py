"""API of the settlements app (mounted under /api/v1/)."""

urlpatterns: list = []
