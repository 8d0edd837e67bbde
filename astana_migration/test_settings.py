"""Settings for the test suite: the real settings with test defaults for the environment.

Tests run on PostgreSQL and Redis on localhost (standard ports); ``DATABASE_URL`` and
``REDIS_URL`` override. Celery tasks run eagerly unless a test starts a real worker.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/astana_migration")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
os.environ.setdefault("DB_CONN_MAX_AGE", "0")  # a real worker thread must not keep the test DB open
os.environ.setdefault("VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from astana_migration.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests

os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405 - whitenoise warns about a missing root
