from .spec import Case

EVERYONE = {role: "ok" for role in ("anonymous", "ngo", "other_ngo", "official", "other_official", "observer",
                                     "expert", "admin")}

CASES = [
    Case("schema", expect=EVERYONE),
    Case("api-docs", expect=EVERYONE),
    Case("api:token", method="post", data=lambda w: {"email": "nobody@example.kz", "password": "wrong"},
         default="login", note="wrong credentials are refused with 401/403 for everyone"),
    Case("api:token", method="delete", default="login",
         note="revokes the token the request is signed with; a session is not a token"),
    Case("api:region-list", expect=EVERYONE),
    Case("api:region-detail", kwargs=lambda w: {"pk": w.organization.region_id}, expect=EVERYONE),
    Case("api:priority-area-list", expect=EVERYONE),
    Case("api:priority-area-detail", kwargs=lambda w: {"pk": w.open_competition.priority_area_id}, expect=EVERYONE),
]
