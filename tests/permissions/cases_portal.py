from .spec import Case

ALL_SIGNED_IN = {role: "ok" for role in ("ngo", "other_ngo", "official", "other_official", "observer",
                                          "expert", "admin")}

CASES = [
    Case("home", expect={"anonymous": "ok", **ALL_SIGNED_IN}),
    Case("dashboard", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("login", expect={"anonymous": "ok", **ALL_SIGNED_IN}),
    Case("logout", method="post", default="ok"),
    Case("set_language", method="post", data=lambda w: {"language": "kk"}, default="any"),
    Case("notifications:list", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("notifications:mark_read", method="post", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("audit:heads", expect={"anonymous": "ok", **ALL_SIGNED_IN}, note="the published heads are public"),
    Case("audit:heads_json", expect={"anonymous": "ok", **ALL_SIGNED_IN}),
    Case("audit:heads_txt", expect={"anonymous": "ok", **ALL_SIGNED_IN}),
    Case("audit:heads", method="post", default="405", note="read-only"),
]
