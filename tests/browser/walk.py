"""A bounded crawl of the portal as one signed-in role sees it, with axe-core and an overflow check on each page.

Used by tests/browser/test_axe_walk.py; also runnable by hand against a running portal (see ``main``)::

    python -m tests.browser.walk http://127.0.0.1:8000 kk 360 ngo1@example.kz
"""

import re
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.filter(v => ["serious", "critical"].includes(v.impact))
    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""
# Links: same-site, GET pages only. Not followed: signing out, the language switch, files (PDF, CSV, XLSX, ZIP,
# JSON, the API), Django admin's inner pages (its own templates, not the portal's) and the media files.
SKIP = re.compile(r"^/(accounts/logout|i18n/|api/|media/|static/|admin/.+)"
                  r"|\.(pdf|csv|xlsx|zip|json|xml|sig|txt|pem|cer|crt)$"
                  r"|/(download|export|receipt\.pdf|file|files)/?$|/(download|files?|documents|attachments)/\d+/?$")
SKIP_QUERY = {"language", "lang", "next", "format", "download"}
ID = re.compile(r"(?<=/)(\d+|[A-Z]{2,4}-\d{4}-\d{3,5}[A-Z0-9-]*|[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{16,})(?=/|$)")
HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')
LINKS = """() => [...document.querySelectorAll("a[href]")].map(a => a.href)"""
OVERFLOW = """() => document.documentElement.scrollWidth - window.innerWidth"""


def pattern(path, query=""):
    """One representative per URL shape: ids and references collapse, the query keeps only its keys."""
    keys = sorted({key for key, _ in parse_qsl(query, keep_blank_values=True)} - {"page"})
    return ID.sub("#", path) + ("?" + "&".join(keys) if keys else "")


@dataclass
class Walk:
    base: str
    language: str
    width: int
    limit: int = 60
    seen: dict = field(default_factory=dict)       # pattern -> path visited
    problems: list = field(default_factory=list)
    seconds: float = 0.0

    def follow(self, href):
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != self.base or SKIP.search(parts.path):
            return None
        query = "&".join(f"{k}={v}" for k, v in parse_qsl(parts.query, keep_blank_values=True)
                         if k not in SKIP_QUERY)
        return parts.path + ("?" + query if query else "")

    def run(self, page, starts, label, instances=2):
        """Walk from ``starts``; a URL shape is opened for up to ``instances`` representatives (a draft and a
        submitted application link to different pages), checked on the first. Returns the shapes reached."""
        started = time.monotonic()
        queue, done, mine = list(starts), set(), {}
        while queue and len(mine) < self.limit:
            path = queue.pop(0)
            key = pattern(*(path.split("?", 1) + [""])[:2])
            if path in done or mine.get(key, 0) >= instances:
                continue
            done.add(path)
            mine[key] = mine.get(key, 0) + 1
            queue.extend(self.check(page, path, label))
        self.seconds += time.monotonic() - started
        return set(mine)

    def check(self, page, path, label):
        """Open one page; return the paths of the links on it. A page shape another role already checked in
        this language and width is fetched without rendering (cheaper), only for its status and its links."""
        where = f"{label} {self.language}@{self.width} {path}"
        key = pattern(*(path.split("?", 1) + [""])[:2])
        if key in self.seen:
            response = page.context.request.get(self.base + path, max_redirects=5)
            status, url = response.status, response.url
            html = response.text() if "text/html" in response.headers.get("content-type", "") else ""
            lang = (re.search(r'<html[^>]*\blang="([^"]*)"', html) or [None, None])[1]
            hrefs = [urljoin(url, unescape(href)) for href in HREF.findall(html)]
        else:
            self.seen[key] = path
            try:
                response = page.goto(self.base + path)
            except Exception as error:      # a file served as a download: not a page
                if "Download is starting" in str(error):
                    return []
                raise
            status, url = (response.status if response else 0), page.url
            html = "text/html"
            lang = page.evaluate("document.documentElement.lang")
            hrefs = None
        if status >= 400 or not status:
            self.problems.append(f"{where}: HTTP {status}")
            return []
        if not html:
            return []           # not a page (a file)
        if urlsplit(url).path.startswith("/accounts/login") and not path.startswith("/accounts/"):
            if label != "anonymous":
                self.problems.append(f"{where}: a link that sends a signed-in user to the sign-in page")
            return []
        if lang != self.language:
            self.problems.append(f"{where}: html lang={lang!r}")
        if urlsplit(url).path.startswith("/admin/"):
            return []           # Django admin's own pages: its index is walked, its links are not followed
        if hrefs is None:
            self.check_page(page, where)
            hrefs = page.evaluate(LINKS)
        return [target for target in map(self.follow, hrefs) if target is not None]

    def check_page(self, page, where):
        for violation in page.evaluate(RUN_AXE, TAGS):
            self.problems.append(f"{where}: {violation}")
        if self.width <= 360:
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                self.problems.append(f"{where}: {overflow} px wider than the screen")


def new_context(browser, base, language, width):
    """One context per role/language/width: axe-core injected on every page (bypassing the CSP, which would
    refuse an inline script), images and fonts not loaded (they change no axe result the walk checks)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True, locale="en-GB")
    context.set_default_timeout(20_000)
    context.add_init_script(path=str(AXE))
    context.route(re.compile(r"\.(png|jpe?g|gif|webp|woff2?|ttf)(\?|$)"), lambda route: route.abort())
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return context


def sign_in(page, base, email, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def main(argv):
    from playwright.sync_api import sync_playwright

    base, language, width, *emails = argv
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        walk = Walk(base=base, language=language, width=int(width))
        for email in emails or ["anonymous"]:
            context = new_context(browser, base, language, int(width))
            page = context.new_page()
            starts = ["/"]
            if email != "anonymous":
                sign_in(page, base, email, "demo-portal-2026")
                context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                starts = ["/dashboard/", "/"]
            visited = walk.run(page, starts, email)
            print(f"{email}: {len(visited)} patterns", flush=True)
            context.close()
        browser.close()
    print("\n".join(sorted(walk.seen)))
    print("\n".join(walk.problems))
    print(f"{len(walk.seen)} patterns, {len(walk.problems)} problems, {walk.seconds:.0f} s")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
