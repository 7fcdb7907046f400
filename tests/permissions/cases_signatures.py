"""Signatures and the seal: claiming an organisation with EDS (pages and API), the public seal page, an
application's signature endpoint. World users have confirmed e-mail addresses: any of them may open the claim
form (200); a claim with a CMS that is not a signature is refused beside the field (400)."""

from .spec import Case

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")
EVERYONE = {role: "ok" for role in ("anonymous", *SIGNED_IN)}


def _application(world):
    return {"pk": world.application.pk}


CASES = [
    Case("signatures:claim", expect={"anonymous": "login"}, default="ok",
         note="any signed-in person with a confirmed e-mail address may claim an organisation with EDS"),
    Case("signatures:claim", method="post", data=lambda w: {"bin": w.organization.bin, "cms": "x"},
         expect={"anonymous": "login"}, default="400", note="'x' is not a CMS signature: 400 beside the field"),
    Case("signatures:seal", expect=EVERYONE, note="public: how to check the portal's seal"),
    Case("signatures:seal", method="post", data=lambda w: {}, default="400",
         note="public check of an uploaded PDF; no file: 400"),
    Case("signatures:seal_certificate", expect=EVERYONE),
    Case("api:organization-claim", expect={"anonymous": "login"}, default="400", note="no BIN given: 400"),
    Case("api:organization-claim", method="post", data=lambda w: {}, expect={"anonymous": "login"}, default="400"),
    Case("api:application-signature", kwargs=_application, expect={"ngo": "ok", "admin": "ok"},
         note="a draft: members of the applicant (and administrators) read what to sign"),
    Case("api:application-signature", method="post", kwargs=_application, data=lambda w: {},
         expect={"ngo": "400", "admin": "403"}, note="an administrator does not sign an NGO's application"),
]
