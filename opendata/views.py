"""The open-data page (files, data dictionary, licence, how to cite) and the files themselves. Public reads only."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from .common import absolute
from .dictionary import GIVING_FIELDS, OCDS_FIELDS
from .selectors import data_file_named, data_files


@require_GET
def index(request):
    files = list(data_files())
    generated = max((f.generated_at for f in files if f.generated_at), default=None)
    return render(request, "opendata/index.html", {
        "files": files, "generated": generated, "cite_url": absolute(reverse("opendata:index")),
        "giving_fields": GIVING_FIELDS, "ocds_fields": OCDS_FIELDS})


@require_GET
def data_file(request, name):
    row = get_object_or_404(data_file_named(name))
    response = FileResponse(row.file.open("rb"), content_type=row.content_type, as_attachment=False,
                            filename=row.name)
    response["ETag"] = f'"{row.sha256}"'
    if row.generated_at:
        response["Last-Modified"] = http_date(row.generated_at.timestamp())
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    response["X-Checksum-SHA256"] = row.sha256
    return response
