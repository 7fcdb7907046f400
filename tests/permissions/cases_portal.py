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
    # SMS and Telegram on the profile page: each person links their own; a GET never writes.
    Case("notifications:telegram_link", method="post", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("notifications:telegram_link", expect={"anonymous": "login"}, default="405"),
    Case("notifications:telegram_webhook", method="post", default="404",
         note="off until TELEGRAM_WEBHOOK_SECRET is set; then only with the secret header"),
    Case("notifications:sms_start", method="post", data=lambda w: {"phone": "+7 701 234 56 78"},
         expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("notifications:sms_start", method="post", data=lambda w: {"phone": "12"}, expect={"anonymous": "login"},
         default="400", note="a bad number is shown beside the field"),
    Case("notifications:sms_confirm", method="post", data=lambda w: {"code": "000000"},
         expect={"anonymous": "login"}, default="400", note="no code was sent"),
    Case("notifications:preferences", method="post", data=lambda w: {"telegram:applications": "on"},
         expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("notifications:unlink", kwargs=lambda w: {"channel": "sms"}, method="post",
         expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("notifications:unlink", kwargs=lambda w: {"channel": "fax"}, method="post",
         expect={"anonymous": "login"}, default="404"),
    Case("audit:heads", expect={"anonymous": "ok", **ALL_SIGNED_IN}, note="the published heads are public"),
    Case("audit:heads_json", expect={"anonymous": "ok", **ALL_SIGNED_IN}),
    Case("audit:heads_txt", expect={"anonymous": "ok", **ALL_SIGNED_IN}),
    Case("audit:heads", method="post", default="405", note="read-only"),
]
