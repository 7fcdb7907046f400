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
]
