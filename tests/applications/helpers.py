"""Builders for the application tests: sample files of every accepted type and a complete draft."""

import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Activity, Attachment, BudgetLine, Indicator
from tests import factories as f

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def xlsx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def odt_bytes():
    return zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


def upload(name="charter.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data)


def fill_application(application, *, with_attachments=True):
    """Make a draft complete for submission against a CompetitionFactory competition (limits 1-5 million)."""
    application.title = "Молодёжный медиацентр — Жастар медиа орталығы"
    application.summary = "A media centre for young people in Kostanay."
    application.problem = "Young people lack media skills."
    application.goals = "Teach 200 young people."
    application.target_group = "Young people aged 14-29."
    application.beneficiaries_count = 200
    application.team = "Project lead, two trainers, an accountant."
    application.sustainability = "The centre continues with volunteers."
    application.save()
    Activity.objects.create(application=application, title="Trainings", order=0)
    Indicator.objects.create(application=application, name="Trained", unit="people", baseline=Decimal("0"),
                             target=Decimal("200"), order=0)
    years = application.competition.project_years or []
    BudgetLine.objects.create(application=application, category="services", description="Trainers",
                              quantity=Decimal("10"), unit_cost=Decimal("150000.00"),
                              year=years[0] if len(years) > 1 else None)
    BudgetLine.objects.create(application=application, category="administrative", description="Rent",
                              quantity=Decimal("5"), unit_cost=Decimal("100000.00"),
                              year=years[0] if len(years) > 1 else None)
    if with_attachments:
        for doc in application.competition.required_documents.all():
            add_attachment(application, doc.document_type)
    return application


def add_attachment(application, document_type="charter", name="charter.pdf", data=PDF_BYTES):
    import hashlib

    attachment = Attachment(application=application, document_type=document_type, original_name=name,
                            content_type="application/pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest())
    attachment.file.save(name, SimpleUploadedFile(name, data), save=False)
    attachment.save()
    return attachment


def ngo_with_application(**competition_kwargs):
    """(user, application) with a fresh NGO owner and a draft on an open competition requiring a charter."""
    membership = f.MembershipFactory(role="owner")
    competition = f.CompetitionFactory(**competition_kwargs)
    f.RequiredDocumentFactory(competition=competition, document_type="charter", mandatory=True)
    application = f.ApplicationFactory(competition=competition, organization=membership.organization,
                                       title="", summary="", requested_amount=Decimal("0"))
    return membership.user, application
