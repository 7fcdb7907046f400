from django.db import models
from django.utils.translation import gettext_lazy as _


class DataFileKind(models.TextChoices):
    GIVING_JSON = "360giving_json", _("360Giving grants (JSON package)")
    GIVING_CSV = "360giving_csv", _("360Giving grants (CSV)")
    OCDS_RELEASES = "ocds_releases", _("OCDS release package")
    OCDS_RECORDS = "ocds_records", _("OCDS record package (compiled records)")


# name -> (kind, content type, order on the page)
FILES = {
    "360giving-grants.json": (DataFileKind.GIVING_JSON, "application/json", 10),
    "360giving-grants.csv": (DataFileKind.GIVING_CSV, "text/csv; charset=utf-8", 20),
    "ocds-releases.json": (DataFileKind.OCDS_RELEASES, "application/json", 30),
    "ocds-records.json": (DataFileKind.OCDS_RECORDS, "application/json", 40),
}
