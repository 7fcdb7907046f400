from .spec import Case

EVERYONE_OK = {role: "ok" for role in ("anonymous", "ngo", "other_ngo", "official", "other_official", "observer",
                                      "expert", "admin")}

CASES = [
    Case("healthz", expect=EVERYONE_OK, note="liveness probe: no data, no sign-in"),
    Case("readyz", expect=EVERYONE_OK, note="readiness probe: component names and timings only"),
    # By client address or bearer token, never by role: the test client's 127.0.0.1 is in the development
    # default of METRICS_ALLOWED_IPS (production's default is empty). tests/portal/test_ops.py checks the 403.
    Case("metrics", expect=EVERYONE_OK, note="allowed from loopback outside production"),
]
