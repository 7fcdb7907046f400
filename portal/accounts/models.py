from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from portal.multilingual import localized
from portal.reference.models import PriorityArea, Region

from .validators import validate_bin, validate_iin


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("email_confirmed_at", timezone.now())  # created on the server by whoever runs it
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Roles are memberships and profiles, never a field on the user."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, default="kk",
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff (administrator)"), default=False)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True, validators=[validate_iin],
                           help_text=_("Individual identification number: the EDS certificate you sign with must "
                                       "carry it."))
    iin_verified_at = models.DateTimeField(_("IIN proven by an EDS signature at"), null=True, blank=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(
            fields=["iin"], condition=~Q(iin=""), name="user_iin_unique",
            violation_error_message=_("This IIN is already linked to another account on the portal."))]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def email_domain(self):
        return self.email.rsplit("@", 1)[-1].lower()


class LegalForm(models.TextChoices):
    PUBLIC_ASSOCIATION = "public_association", _("Public association")
    PUBLIC_FOUNDATION = "public_foundation", _("Public foundation")
    PRIVATE_INSTITUTION = "private_institution", _("Private institution")
    ASSOCIATION_OF_LEGAL_ENTITIES = "association", _("Association (union) of legal entities")
    NONCOMMERCIAL_JSC = "noncommercial_jsc", _("Non-commercial joint-stock company")
    RELIGIOUS_ASSOCIATION = "religious", _("Religious association")
    OTHER = "other", _("Other non-commercial organisation")


class VerificationStatus(models.TextChoices):
    """What the state register said about the organisation the last time it answered."""

    VERIFIED = "verified", _("Verified in the state register")
    UNVERIFIED = "unverified", _("Not verified (register unavailable)")
    NOT_FOUND = "not_found", _("BIN not found in the register")
    MISMATCH = "mismatch", _("Register differs from what was declared")


class OwnershipMethod(models.TextChoices):
    EDS = "eds", _("EDS certificate with the organisation's BIN")
    ADMIN = "admin", _("Approved by an administrator")


class Organization(models.Model):
    """An NGO (applicant). Registration date, NGO-database entry, bankruptcy and liquidation come from the state
    registers when they answer (``verified_at``); otherwise they are the applicant's word, marked unverified."""

    name = models.CharField(_("name"), max_length=300)
    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=400, blank=True)
    registered_on = models.DateField(_("state registration date"))
    in_ngo_database = models.BooleanField(_("registered in the NGO database"), default=False)
    ngo_database_registered_on = models.DateField(_("NGO database registration date"), null=True, blank=True)
    is_bankrupt = models.BooleanField(_("bankrupt"), default=False)
    in_liquidation = models.BooleanField(_("in liquidation"), default=False)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # From the state registers (portal.registers)
    name_kk = models.CharField(_("name in the register (Kazakh)"), max_length=500, blank=True)
    name_ru = models.CharField(_("name in the register (Russian)"), max_length=500, blank=True)
    head_name = models.CharField(_("head (from the register)"), max_length=300, blank=True)
    register_status = models.CharField(_("status in the register"), max_length=30, blank=True)
    verification_status = models.CharField(_("register check"), max_length=20, choices=VerificationStatus.choices,
                                           default=VerificationStatus.UNVERIFIED)
    verified_at = models.DateTimeField(_("verified in the register at"), null=True, blank=True)
    verification_checked_at = models.DateTimeField(_("register last asked at"), null=True, blank=True)
    verification_notes = models.JSONField(_("differences from the register"), default=dict, blank=True)
    # Who proved the organisation is theirs (portal.signatures: an EDS certificate carrying the BIN)
    ownership_verified_at = models.DateTimeField(_("ownership proven at"), null=True, blank=True)
    ownership_verified_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                              related_name="+", verbose_name=_("ownership proven by"))
    ownership_method = models.CharField(_("ownership proven by"), max_length=10, choices=OwnershipMethod.choices,
                                        blank=True)

    members = models.ManyToManyField(User, through="Membership", related_name="organizations",
                                     verbose_name=_("members"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.bin})"

    @property
    def is_verified(self):
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def verification_differences(self):
        """[(field label, declared, register)] of a mismatch found by the register check."""
        names = {f.name: f.verbose_name for f in self._meta.get_fields() if hasattr(f, "verbose_name")}
        return [(names.get(name, name), values.get("declared"), values.get("register"))
                for name, values in (self.verification_notes or {}).items() if isinstance(values, dict)]

    @property
    def register_name(self):
        return localized(self, "name")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        today = timezone.localdate()
        errors = {}
        if self.registered_on and self.registered_on > today:
            errors["registered_on"] = _("The registration date cannot be in the future.")
        if self.in_ngo_database and not self.ngo_database_registered_on:
            errors["ngo_database_registered_on"] = _(
                "Enter the date the organisation was entered in the NGO database, or untick the box.")
        elif self.ngo_database_registered_on and self.ngo_database_registered_on > today:
            errors["ngo_database_registered_on"] = _("The NGO database date cannot be in the future.")
        if not self.in_ngo_database:
            self.ngo_database_registered_on = None
        if errors:
            raise ValidationError(errors)


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.role})"


class GovernmentBody(models.Model):
    """A ministry, an akimat or its department: the organiser of competitions."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    short_code = models.SlugField(_("short code"), max_length=30, unique=True)
    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=400, blank=True)
    officials = models.ManyToManyField(User, through="OfficialMembership", related_name="bodies",
                                       verbose_name=_("officials"))

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("government body")
        verbose_name_plural = _("government bodies")

    @property
    def name(self):
        return localized(self, "name")

    def __str__(self):
        return self.name


class OfficialRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    SECRETARY = "secretary", _("Secretary")


class OfficialMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="official_memberships",
                             verbose_name=_("user"))
    body = models.ForeignKey(GovernmentBody, on_delete=models.CASCADE, related_name="official_memberships",
                             verbose_name=_("government body"))
    role = models.CharField(_("role"), max_length=10, choices=OfficialRole.choices, default=OfficialRole.SECRETARY)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="official_membership_unique")]

    def __str__(self):
        return f"{self.user} @ {self.body} ({self.role})"


class ObserverMembership(models.Model):
    """A public-council member who follows a body's competitions read-only."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="observer_memberships",
                             verbose_name=_("user"))
    body = models.ForeignKey(GovernmentBody, on_delete=models.CASCADE, related_name="observer_memberships",
                             verbose_name=_("government body"))
    council = models.CharField(_("public council"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("observer")
        verbose_name_plural = _("observers")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="observer_membership_unique")]

    def __str__(self):
        return f"{self.user} observes {self.body}"


class ExpertProfile(models.Model):
    """An entry in the expert register."""

    LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="expert_profile", verbose_name=_("user"))
    priority_areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas"), blank=True)
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True)
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    bio = models.TextField(_("experience"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    max_load = models.PositiveSmallIntegerField(_("maximum applications per competition"), default=10)
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("invited by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["user__email"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self):
        return str(self.user)


class AffiliationKind(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    FOUNDER = "founder", _("Founder")
    BOARD_MEMBER = "board_member", _("Board member")
    HEAD = "head", _("Head")
    PAID = "paid", _("Paid by the organisation")
    RELATIVE = "relative", _("A relative works there")
    OTHER = "other", _("Other")


class ExpertAffiliation(models.Model):
    """An organisation the expert is or was tied to; used by the automatic conflict checks."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="affiliations",
                               verbose_name=_("expert"))
    organization_bin = models.CharField(_("organisation BIN"), max_length=12, validators=[validate_bin])
    organization_name = models.CharField(_("organisation name"), max_length=300)
    kind = models.CharField(_("relation"), max_length=20, choices=AffiliationKind.choices)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while it lasts."))

    class Meta:
        ordering = ["expert", "-started_on"]
        verbose_name = _("expert affiliation")
        verbose_name_plural = _("expert affiliations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="affiliation_dates_ordered",
            )
        ]

    def __str__(self):
        return f"{self.organization_name} ({self.organization_bin})"


class Invitation(models.Model):
    """An owner's invitation for someone to join an organisation; the link carries a signed token (7 days)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations",
                                     verbose_name=_("organisation"))
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("accepted by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} -> {self.organization.name}"

    def is_pending_at(self, moment):
        return self.accepted_at is None and self.expires_at > moment

    @property
    def is_pending(self):
        return self.is_pending_at(timezone.now())


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): only its SHA-512 digest is stored; it expires; its owner lists and revokes
    it on the profile page, and changing or resetting the password revokes all of them."""

    name = models.CharField(_("name"), max_length=100, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.token_key}… ({self.user})"
