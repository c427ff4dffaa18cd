"""Users, roles and the small base model every app shares."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tebu_site.fields import RangedPositiveBigIntegerField, RangedPositiveSmallIntegerField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    MANAGER = "manager", _("Manager")
    FIELD_STAFF = "field_staff", _("Field staff (KKW/sinder)")
    QC = "qc", _("QC / mapping")
    WEIGHBRIDGE_CLERK = "weighbridge_clerk", _("Weighbridge clerk")
    CREDIT_OFFICER = "credit_officer", _("Credit officer")
    ANALYST = "analyst", _("Analyst")
    FARMER = "farmer", _("Farmer")


# Roles whose view of the data is their whole mill (domain.md section 2); field staff are narrowed
# further to their regions and farmers to their own records.
MILL_WIDE_ROLES = frozenset(
    {Role.MANAGER, Role.QC, Role.WEIGHBRIDGE_CLERK, Role.CREDIT_OFFICER, Role.ANALYST}
)
STAFF_ROLES = MILL_WIDE_ROLES | {Role.FIELD_STAFF, Role.ADMINISTRATOR}


class User(AbstractUser):
    """A person who logs in. Mill membership and region assignment hang from the partners app
    (Mill.members, Region.field_staff) and a farmer's login from Farmer.user, so this app never
    imports the partnership models."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.FARMER)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when staff create a login with a first password."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def is_farmer(self) -> bool:
        return self.role == Role.FARMER and not self.is_superuser

    @property
    def is_mill_staff(self) -> bool:
        return self.is_superuser or self.role in STAFF_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_administrator or self.role in roles


class NumberSequence(models.Model):
    """The last serial handed out for one series of document numbers (DOs of a mill and season,
    SPTAs...). A row lock makes two clerks at once get two numbers, and a number costs two small
    queries instead of counting every document of the series (tebu_site.numbering)."""

    key = models.CharField(_("series"), max_length=100, unique=True)
    last = RangedPositiveBigIntegerField(_("last serial"), default=0, maximum=10**15)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class ClientSubmission(models.Model):
    """A form sent with an id the browser made (the offline queue, issue 15). The id is kept once
    the submission is accepted, so a queued entry sent twice (a lost answer, two tabs, a retry
    after the network came back) is recorded once and answered with the first outcome."""

    client_id = models.UUIDField(_("client id"), unique=True)
    user = models.ForeignKey(
        "tebu_site.User",
        on_delete=models.CASCADE,
        related_name="client_submissions",
        verbose_name=_("user"),
    )
    path = models.CharField(_("path"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # An HTTP status code.
    response_status = RangedPositiveSmallIntegerField(
        _("response status"), null=True, minimum=100, maximum=599
    )
    result_url = models.CharField(_("result URL"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("client submission")
        verbose_name_plural = _("client submissions")

    def __str__(self) -> str:
        return f"{self.client_id} {self.path}"
