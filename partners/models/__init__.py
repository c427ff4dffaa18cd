from partners.models.farmers import EducationLevel, Farmer, FarmerStatus, PartnerType, Sex
from partners.models.org import (
    Company,
    Desa,
    FarmerGroup,
    GroupKind,
    Kabupaten,
    Kecamatan,
    Mill,
    Region,
    Season,
)
from partners.models.plots import CropClass, LandType, Plot, RegistrationStatus

__all__ = [
    "Company",
    "CropClass",
    "Desa",
    "EducationLevel",
    "Farmer",
    "FarmerGroup",
    "FarmerStatus",
    "GroupKind",
    "Kabupaten",
    "Kecamatan",
    "LandType",
    "Mill",
    "PartnerType",
    "Plot",
    "Region",
    "RegistrationStatus",
    "Season",
    "Sex",
]
