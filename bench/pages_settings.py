"""Settings of the page benchmark's server only (bench/pages.py): the portal's, with the floor views added."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
