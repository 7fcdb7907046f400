"""Open data (/open-data/ and /api/v1/open-data/): public reads for everyone, no writes. The world generates no
files, so a file by name is 404 for every role (serving is covered in tests/opendata/test_views.py)."""

from .spec import Case

EVERYONE = {role: "ok" for role in ("anonymous", "ngo", "other_ngo", "official", "other_official", "observer",
                                     "expert", "admin")}

CASES = [
    Case("opendata:index", expect=EVERYONE),
    Case("opendata:index", method="post", data=lambda w: {}, default="405"),
    Case("opendata:file", kwargs=lambda w: {"name": "ocds-releases.json"}, default="404",
         note="not generated in the world"),
    Case("api:open-data-grant-list", expect=EVERYONE),
    Case("api:open-data-record-list", expect=EVERYONE),
    Case("api:open-data-file-list", expect=EVERYONE),
    Case("api:open-data-grant-list", method="post", data=lambda w: {}, default="405",
         expect={"anonymous": "login"}),
]
