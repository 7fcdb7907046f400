"""Public councils (/councils/): everything is public to read. Body A's council has the observer as its
secretary: only they file documents. Only body A's officials answer (administrators do not answer in a body's
name). POSTs send empty forms, so allowed roles meet 400 and nothing changes."""

from .spec import Case

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")
EVERYONE = {"anonymous": "ok", **{role: "ok" for role in SIGNED_IN}}


def document(w):
    return {"pk": w.council_document.pk}


CASES = [
    Case("councils:list", expect=EVERYONE),
    Case("councils:detail", kwargs=lambda w: {"pk": w.council.pk}, expect=EVERYONE),
    Case("councils:document", kwargs=document, expect=EVERYONE),
    Case("councils:document_file", kwargs=document, expect=EVERYONE),
    Case("councils:document_new", kwargs=lambda w: {"pk": w.council.pk}, default="403",
         expect={"anonymous": "login", "observer": "ok"}, note="the council's secretary files"),
    Case("councils:document_new", kwargs=lambda w: {"pk": w.council.pk}, method="post", data=lambda w: {},
         default="403", expect={"anonymous": "login", "observer": "400"}),
    Case("councils:answer", kwargs=document, default="403", expect={"anonymous": "login", "official": "ok"}),
    Case("councils:answer", kwargs=document, method="post", data=lambda w: {}, default="403",
         expect={"anonymous": "login", "official": "400"}),
]
