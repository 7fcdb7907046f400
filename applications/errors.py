"""Domain errors of the application journey; views turn each into a 4xx page with the message beside the field."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError


class SubmissionRefused(DomainError):
    """Submission found problems; ``problems`` lists every one of them (validators.Problem)."""

    status_code = 400

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(_("The application cannot be submitted yet: fix the problems listed."),
                         code="submission_refused")


class NotEligible(DomainError):
    """The organisation may not apply to the competition; ``problems`` says exactly why."""

    status_code = 400

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(_("This organisation is not eligible for the competition."), code="not_eligible")


class UploadRefused(DomainError):
    """An attachment was refused (type, size, empty file, active content, virus); the message is shown beside the
    file field, and the API's 400 names the field (``problems``)."""

    status_code = 400

    def __init__(self, message="", *, code="invalid"):
        super().__init__(message, code=code)
        self.problems = [("file", message)]


class NotEditable(DomainError):
    """The application is no longer a draft (or returned for correction): it cannot be changed."""

    status_code = 403

    def __init__(self):
        super().__init__(_("This application has been submitted and can no longer be changed."), code="not_editable")
