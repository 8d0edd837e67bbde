"""Writing the audit trail. Every service that changes data calls ``audit_record`` inside its
transaction, so the entry exists exactly when the change does."""

import datetime
import decimal
import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kernel.accounts.actors import actor
from kernel.audit.models import AuditEntry


def _plain(value):
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def audit_snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """Concrete field values of ``instance`` (foreign keys by id), for before/after comparison."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def audit_diff(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for each field whose value changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def audit_record(
    *,
    by,
    action: str,
    target: models.Model | None = None,
    changes: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Record that ``by`` (a user, an API client or None for the system) did ``action``."""
    user, label = actor(by)
    entry = AuditEntry(actor=user, actor_label=label, action=action, changes=changes or {}, note=note)
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.object_id = str(target.pk)
        entry.object_repr = str(target)[:200]
    entry.save()
    return entry
