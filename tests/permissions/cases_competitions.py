from .spec import Case

EVERYONE = {role: "ok" for role in ("anonymous", "ngo", "other_ngo", "official", "other_official", "observer",
                                     "expert", "admin")}

CASES = [
    Case("competitions:list", expect=EVERYONE),
    Case("competitions:detail", kwargs=lambda w: {"reference": w.open_competition.reference}, expect=EVERYONE,
         note="a published competition is public"),
    Case("competitions:detail", kwargs=lambda w: {"reference": w.draft_competition.reference},
         expect={"official": "ok", "observer": "ok", "admin": "ok"}, default="404",
         note="a draft is visible only to its body"),
]
