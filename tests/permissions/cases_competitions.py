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

# --- questions from applicants (accounts helper) --------------------------------------------------
NO_ORGANISATION = {role: "403" for role in ("official", "other_official", "observer", "expert", "admin")}
CASES += [
    Case("competitions:ask", kwargs=lambda w: {"reference": w.open_competition.reference},
         expect={"anonymous": "login", "ngo": "ok", "other_ngo": "ok", **NO_ORGANISATION},
         note="any member of an organisation may ask while the competition is open"),
    Case("competitions:ask", kwargs=lambda w: {"reference": w.open_competition.reference}, method="post",
         data=lambda w: {"question": "Can a branch office apply?"},
         expect={"anonymous": "login", "ngo": "ok", "other_ngo": "ok", **NO_ORGANISATION}),
    Case("competitions:ask", kwargs=lambda w: {"reference": w.draft_competition.reference},
         expect={"anonymous": "login", "official": "403", "observer": "403", "admin": "403"}, default="404",
         note="a draft is invisible to applicants; the body's people see it but have no organisation"),
]

CASES += [
    Case("competitions:document",
         kwargs=lambda w: {"reference": w.draft_competition.reference, "pk": w.draft_document.pk},
         expect={"official": "ok", "observer": "ok", "admin": "ok"}, default="404",
         note="a draft competition's document is visible only to its body"),
]
