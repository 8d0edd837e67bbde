"""Astana migration portal: project package and shared kernel."""

from astana_migration.celery import app as celery_app

__all__ = ["celery_app"]
