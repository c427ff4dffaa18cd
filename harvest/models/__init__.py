from harvest.models.delivery_orders import (
    UNPAID_STATUSES,
    AdjustmentKind,
    DeliveryOrder,
    DoAdjustment,
    DoPayment,
    DoStatus,
    PaymentMethod,
)
from harvest.models.lines import DoLine
from harvest.models.market import AuctionPrice, StreamSale
from harvest.models.policy import HarvestPolicy, SettlementPeriod
from harvest.models.quality import QualityCheck
from harvest.models.rendemen import RendemenAnalysis, RendemenMethod
from harvest.models.schemes import FinalRendemenBasis, SchemeKind, SettlementScheme
from harvest.models.season_close import (
    CarriedDebitRecovery,
    SeasonClose,
    SeasonCloseFarmer,
    SeasonCloseStatus,
)
from harvest.models.settlement_runs import IssueStatus, RunStatus, SettlementRun
from harvest.models.spta import Spta, SptaAction, SptaEvent, SptaStatus
from harvest.models.summaries import DoSummary, DoSummaryState
from harvest.models.weighbridge import Freshness, Weighing, WeighingSource

__all__ = [
    "AdjustmentKind",
    "AuctionPrice",
    "DeliveryOrder",
    "DoAdjustment",
    "DoLine",
    "DoPayment",
    "DoStatus",
    "UNPAID_STATUSES",
    "DoSummary",
    "DoSummaryState",
    "FinalRendemenBasis",
    "Freshness",
    "HarvestPolicy",
    "PaymentMethod",
    "QualityCheck",
    "IssueStatus",
    "RunStatus",
    "RendemenAnalysis",
    "RendemenMethod",
    "SchemeKind",
    "CarriedDebitRecovery",
    "SeasonClose",
    "SeasonCloseFarmer",
    "SeasonCloseStatus",
    "SettlementPeriod",
    "SettlementRun",
    "SettlementScheme",
    "Spta",
    "SptaAction",
    "SptaEvent",
    "SptaStatus",
    "StreamSale",
    "Weighing",
    "WeighingSource",
]
