"""The data dictionary shown on the open-data page: each published field, what it means, where it comes from."""

from django.utils.translation import gettext_lazy as _

GIVING_FIELDS = [
    ("id", _("Grant identifier: the portal's 360Giving prefix and the application's registration number.")),
    ("title", _("Project title as written by the applicant.")),
    ("description", _("The competition (programme) and the project title.")),
    ("currency", _("Always KZT (tenge).")),
    ("amountAppliedFor", _("Amount requested in the application, KZT.")),
    ("amountAwarded", _("Amount awarded by the published results, KZT.")),
    ("amountDisbursed", _("Amount paid out under the grant agreement (paid tranches), KZT; 0 until the first payment. "
                         "Each payment is a disbursementTransaction: the payment order's number and date.")),
    ("awardDate", _("When the results of the competition were published.")),
    ("plannedDates", _("Project start and end set by the competition, and the duration in months.")),
    ("recipientOrganization", _("The NGO: KZ-BIN-<BIN> identifier, name, region.")),
    ("fundingOrganization", _("The government body or akimat: KZ-BIN-<BIN> identifier and name.")),
    ("beneficiaryLocation", _("Regions of the competition, where the beneficiaries live.")),
    ("grantProgramme", _("The competition: its reference, title and page.")),
    ("fromOpenCall", _("Yes: every competition on the portal is an open published call.")),
    ("classifications", _("Priority area of the competition.")),
    ("dataSource", _("The public results page the record was built from.")),
]

OCDS_FIELDS = [
    ("ocid", _("Contracting process identifier: the OCDS prefix and the competition reference.")),
    ("tag: planning", _("The plan item the competition implements: budget and legal basis.")),
    ("tag: tender", _("The published call: budget, minimum amount, application window, regions, priority area.")),
    ("tag: award", _("The published results: one award per winner with the awarded amount and the NGO.")),
    ("tag: tenderCancellation", _("The competition was cancelled.")),
    ("tag: contract", _("Grant agreements (number, amount, period, status, date signed), their milestones (tranches, "
                          "reports) and payments (the payment order's number and date).")),
    ("parties", _("The government body (buyer) and the winners (suppliers), identified as KZ-BIN-<BIN>.")),
    ("compiledRelease", _("The latest state of the process, merged from its releases by the OCDS rules.")),
]
