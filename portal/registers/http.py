"""The registers over HTTP: the gateway at ``REGISTER_URL`` (legal-entity register and NGO database).

``GET {REGISTER_URL}/legal-entities/{bin}`` and ``GET {REGISTER_URL}/ngo-database/{bin}`` answer 200 with the
JSON of ``base.py`` or 404 when the BIN is not there. Every request has ``REGISTER_TIMEOUT`` seconds; a timeout,
a refused connection or a 5xx is retried ``REGISTER_RETRIES`` times (short, growing pauses), then the lookup
raises ``RegisterUnavailable`` and the register is taken as down for a minute (no one waits on it again in that
time). Answers are kept in the Django cache for ``REGISTER_CACHE_SECONDS`` (a "not found" for ten minutes).
"""

import logging
import time

import requests
from django.conf import settings
from django.core.cache import cache

from .base import Register, RegisterUnavailable, record_from_answers, record_from_json

log = logging.getLogger(__name__)
DOWN_KEY = "registers:http:down"
DOWN_SECONDS = 60
NOT_FOUND_SECONDS = 600


class HttpRegister(Register):
    name = "http"

    def __init__(self, url=None, *, timeout=None, retries=None, backoff=0.2, session=None):
        self.url = (url or settings.REGISTER_URL).rstrip("/")
        self.timeout = settings.REGISTER_TIMEOUT if timeout is None else timeout
        self.retries = max(0, min(settings.REGISTER_RETRIES if retries is None else retries, 5))
        self.backoff = backoff
        self.session = session or requests.Session()

    def _get(self, path):
        """The JSON at ``path``, None for a 404; RegisterUnavailable after the retries."""
        headers = {"Accept": "application/json"}
        if settings.REGISTER_TOKEN:
            headers["Authorization"] = f"Bearer {settings.REGISTER_TOKEN}"
        last = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self.session.get(f"{self.url}{path}", headers=headers, timeout=self.timeout)
            except requests.RequestException as exc:
                last = exc
                continue
            if response.status_code == 404:
                return None
            if response.status_code >= 500 or response.status_code == 429:
                last = f"HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise RegisterUnavailable(f"HTTP {response.status_code} for {path}")
            try:
                return response.json()
            except ValueError as exc:
                raise RegisterUnavailable(f"not JSON for {path}") from exc
        raise RegisterUnavailable(f"{path}: {last}")

    def lookup(self, bin_):
        key = f"registers:http:{bin_}"
        cached = cache.get(key)
        if cached is not None:
            return record_from_json(cached)
        if cache.get(DOWN_KEY):
            raise RegisterUnavailable("register marked down")
        try:
            entity = self._get(f"/legal-entities/{bin_}")
            ngo_entry = self._get(f"/ngo-database/{bin_}") if entity is not None else None
            record = record_from_answers(bin_, entity, ngo_entry)
        except RegisterUnavailable as exc:
            log.warning("state register unavailable: %s", exc)
            cache.set(DOWN_KEY, True, DOWN_SECONDS)
            raise
        cache.set(key, record.as_json(), settings.REGISTER_CACHE_SECONDS if record.found else NOT_FOUND_SECONDS)
        return record
