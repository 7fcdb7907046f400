"""Loaded with ``-p tests.djangoenv`` (pyproject's addopts) before pytest-django reads the settings: the tests run
in the ``test`` environment (development-like keys, in-memory cache), whatever the shell says."""

import os

os.environ["DJANGO_ENV"] = "test"
