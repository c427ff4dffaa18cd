from partners.models.approvals import (
    ApprovalChain,
    ApprovalDecisionBase,
    ApprovalStep,
    ChainPurpose,
    Decision,
    PlotApproval,
    Position,
)
from partners.models.contracts import (
    ContractStatus,
    ContractTemplate,
    PartnershipPattern,
    SeasonContract,
)
from partners.models.documents import Document, DocumentType
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
from partners.models.registration import PlotOverlap, PlotRegistrationStep, RegistrationAction

__all__ = [
    "ApprovalChain",
    "ApprovalDecisionBase",
    "ApprovalStep",
    "ChainPurpose",
    "Decision",
    "PlotApproval",
    "Position",
    "Company",
    "ContractStatus",
    "ContractTemplate",
    "CropClass",
    "Desa",
    "Document",
    "DocumentType",
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
    "PartnershipPattern",
    "Plot",
    "PlotOverlap",
    "PlotRegistrationStep",
    "Region",
    "RegistrationAction",
    "RegistrationStatus",
    "Season",
    "SeasonContract",
    "Sex",
]
