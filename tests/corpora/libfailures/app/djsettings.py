"""Django settings for the shop's back office."""

from __future__ import annotations

from pathlib import Path

SECRET_KEY = "corpus-not-a-secret"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "app.djshop"]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    "legacy": {"ENGINE": "django.db.backends.oracle_legacy", "NAME": "erp"},
}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [str(Path(__file__).resolve().parent / "templates")],
    }
]
ROOT_URLCONF = "app.djurls"
USE_I18N = True
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
