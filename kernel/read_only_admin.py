"""Admin pages for reading only: the records they show change through services, never by hand."""


class ReadOnlyAdminMixin:
    """No add, change or delete in this model admin or inline, whatever the role's permissions.
    Put it first among the bases."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
