import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kernel.env import env_bool, env_int, env_url

ROOT = Path(__file__).resolve().parents[2]


def test_it_refuses_a_misspelt_boolean(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", False)


def test_it_refuses_a_non_integer(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "a year")
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS"):
        env_int("SECURE_HSTS_SECONDS", 0)


def test_it_refuses_a_database_url_of_an_unknown_kind(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://localhost/x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_url("DATABASE_URL", schemes=("postgres", "sqlite"))


def _manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_it_passes_check_deploy_in_production_mode():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "astana_migration.settings",
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": "k8#Qv2!pZ7m@Lr4^tW9x$Ny6&Bc3*Hf5(Jd1)Gs0-Ua8+Ee7=Ki2_Ol4~Rp6",
            "ALLOWED_HOSTS": "migration.astana.kz",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = _manage("check", env_extra={"DJANGO_SETTINGS_MODULE": "astana_migration.settings", "DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
