"""Partner (and non-partner) cane farmers (petani tebu rakyat)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.org import Desa, FarmerGroup, Mill, Region
from partners.validators import (
    EARLIEST_BIRTH_DATE,
    FARMING_FROM_AGE,
    FARMING_SINCE_YEAR_VALIDATORS,
    FIRST_FARMING_YEAR,
    normalize_nik,
    normalize_phone,
    validate_birth_date,
)
from tebu_site.access import Scoping
from tebu_site.fields import RangedPositiveSmallIntegerField
from tebu_site.models import TimeStampedModel

nik_validator = RegexValidator(r"^\d{16}$", _("NIK must be exactly 16 digits."))


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    SD = "sd", _("Primary (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA)")
    DIPLOMA = "diploma", _("Diploma")
    S1 = "s1", _("Bachelor or higher (S1+)")


# Years of schooling per level, as the studies code education (domain.md section 3).
EDUCATION_YEARS = {
    EducationLevel.NONE: 0,
    EducationLevel.SD: 6,
    EducationLevel.SMP: 9,
    EducationLevel.SMA: 12,
    EducationLevel.DIPLOMA: 15,
    EducationLevel.S1: 16,
}


class PartnerType(models.TextChoices):
    TRM = "trm", _("TRM (partner without credit)")
    TRK = "trk", _("TRK (partner with credit)")
    NON_PARTNER = "non_partner", _("Non-partner")


class FarmerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class Farmer(TimeStampedModel):
    scoping = Scoping(mill="mill", region="region", farmer="pk")

    mill = models.ForeignKey(
        Mill, on_delete=models.PROTECT, related_name="farmers", verbose_name=_("mill")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="farmers", verbose_name=_("region")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="farmer",
        verbose_name=_("login"),
    )
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        unique=True,
        validators=[nik_validator],
        help_text=_("16-digit national identity number (KTP)."),
    )
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, validators=[validate_birth_date]
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("village (desa)")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    education = models.CharField(
        _("education"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    farming_since_year = models.PositiveSmallIntegerField(
        _("farming cane since (year)"),
        null=True,
        blank=True,
        validators=FARMING_SINCE_YEAR_VALIDATORS,
    )
    household_size = RangedPositiveSmallIntegerField(
        _("household size"), null=True, blank=True, minimum=1, maximum=50
    )
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account number"), max_length=40, blank=True)
    group = models.ForeignKey(
        FarmerGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="farmers",
        verbose_name=_("group / cooperative"),
    )
    # The partner type of each season is on that season's contract (SeasonContract.partner_type);
    # this is the one of the current season, set when its contract is signed, so lists filter fast.
    partner_type = models.CharField(
        _("partner type"),
        max_length=20,
        choices=PartnerType.choices,
        default=PartnerType.TRM,
        help_text=_("This season's partner type; set from the signed season contract."),
    )
    partner_since = RangedPositiveSmallIntegerField(
        _("partner since (year)"),
        null=True,
        blank=True,
        minimum=1900,
        maximum=2100,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FarmerStatus.choices, default=FarmerStatus.ACTIVE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("farmer")
        verbose_name_plural = _("farmers")
        ordering = ["name"]
        indexes = [models.Index(fields=["mill", "region", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nik__regex=r"^[0-9]{16}$"),
                name="farmer_nik_16_digits",
                violation_error_code="nik",
                violation_error_message=_("NIK must be exactly 16 digits."),
            ),
            # The static halves of the ranges in partners.validators; "not in the future" moves
            # with the calendar, so only the validators can check it.
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=True)
                | models.Q(birth_date__gte=EARLIEST_BIRTH_DATE),
                name="farmer_birth_date_from_1900",
                violation_error_message=_("Check the birth date: it is before 1900."),
            ),
            models.CheckConstraint(
                condition=models.Q(farming_since_year__isnull=True)
                | models.Q(farming_since_year__gte=FIRST_FARMING_YEAR),
                name="farmer_farming_since_from_1900",
                violation_error_message=_("The year farming began cannot be before 1900."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for field, normalize in (("nik", normalize_nik), ("phone", normalize_phone)):
            try:
                setattr(self, field, normalize(getattr(self, field)))
            except ValidationError as error:
                errors[field] = error.messages
        if self.region_id and self.mill_id and self.region.mill_id != self.mill_id:
            errors["region"] = [_("The region belongs to another mill.")]
        if self.group_id and self.mill_id and self.group.mill_id != self.mill_id:
            errors["group"] = [_("The group belongs to another mill.")]
        if (
            self.birth_date
            and self.farming_since_year
            and self.farming_since_year < self.birth_date.year + FARMING_FROM_AGE
        ):
            errors["farming_since_year"] = [
                _("Born in %(born)s, the farmer cannot have farmed cane before %(year)s.")
                % {"born": self.birth_date.year, "year": self.birth_date.year + FARMING_FROM_AGE}
            ]
        if errors:
            raise ValidationError(errors)

    @property
    def kecamatan(self):
        return self.desa.kecamatan if self.desa_id else None

    @property
    def education_years(self) -> int | None:
        return EDUCATION_YEARS.get(self.education) if self.education else None
