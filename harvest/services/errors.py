"""The pure calculations' error codes (harvest.calculations) as translated ValidationErrors
under the field they concern, so a form or the API shows the staff what to fix.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from harvest.calculations.errors import SettlementInputError
from harvest.calculations.rendemen import READING_FIELDS
from tebu_site.formatting import format_number

# --- messages for the calculation's error codes ------------------------------------------------


def scheme_error_message(error: SettlementInputError) -> str:
    """Why a scheme's parameters are refused, in the user's language where the reason is a rule
    of the domain; the calculation's plain English otherwise (a malformed shape)."""
    params = error.params
    if error.code == "below_profit_sharing_minimum":
        return _(
            "The farmer's share of the profit sharing is %(share)s %%: %(regulation)s sets at "
            "least %(minimum)s %% of the auction gain above the bridging price to the farmer "
            "(at most 40 %% to the investor)."
        ) % {
            "share": format_number(params["share"] * 100, 2),
            "regulation": params["regulation"],
            "minimum": format_number(params["minimum"] * 100, 0),
        }
    if error.code == "profit_sharing_twice":
        return _(
            "Give either the profit sharing per kw the mill published or the farmer's share of "
            "the auction gain, not both."
        )
    return _("The scheme is not valid: %(detail)s") % {"detail": str(error)}


def calculation_error(error: SettlementInputError) -> ValidationError:
    """A calculation error as a translated ValidationError, under the field it concerns."""
    params = error.params
    name = params.get("field", "")
    if error.code == "rendemen_out_of_range":
        message = _(
            "These readings give a rendemen of %(value)s %%, which is impossible: it must be "
            "between 0 and 20 %%. Check the readings and the extraction factor."
        ) % {"value": format_number(params.get("rendemen"), 2)}
        return ValidationError(message)
    if error.code == "pol_exceeds_brix":
        return ValidationError(
            {
                "pol_reading": [
                    _(
                        "The %% pol (%(pol)s) comes out above the %% brix (%(brix)s), which "
                        "cannot be: check the pol and brix readings."
                    )
                    % {
                        "pol": format_number(params.get("percent_pol"), 2),
                        "brix": format_number(params.get("percent_brix"), 2),
                    }
                ]
            }
        )
    if error.code == "negative_value" and name in READING_FIELDS:
        return ValidationError({name: [_("This must not be negative.")]})
    if error.code == "not_positive" and name in READING_FIELDS:
        return ValidationError({name: [_("This must be greater than 0.")]})
    if error.code == "natura_consumed_exceeds_natura":
        return ValidationError(
            {
                "natura_consumed_kw": [
                    _(
                        "The natura kept (%(kept)s kw) is more than the farmer's natura "
                        "(%(natura)s kw)."
                    )
                    % {
                        "kept": format_number(params.get("natura_consumed_kw"), 3),
                        "natura": format_number(params.get("natura_kw"), 3),
                    }
                ]
            }
        )
    if error.code == "tma_fee_not_configured":
        return ValidationError(
            _(
                "The mill's crews cut and hauled this cane, but the settlement scheme has no "
                "cutting or haulage fee. Add them to the scheme first."
            )
        )
    if error.code in ("missing_stream_value", "unknown_stream"):
        return ValidationError(
            {
                "stream_values": [
                    _("Give a value for exactly the scheme's revenue streams: %(streams)s.")
                    % {"streams": ", ".join(params.get("streams", []))}
                ]
            }
        )
    if error.code == "auction_price_missing":
        return ValidationError(
            _(
                "The scheme computes profit sharing from the sugar auction price, and no auction "
                "price is recorded for the period of these deliveries. Record it first."
            )
        )
    if error.code == "quality_check_missing":
        return ValidationError(
            {
                "weighings": [
                    _(
                        "The scheme pays each load by its quality check; these loads have none "
                        "yet: %(loads)s."
                    )
                    % {"loads": ", ".join(params.get("loads", []))}
                ]
            }
        )
    if error.code == "sales_not_recorded":
        return ValidationError(
            _(
                "The scheme shares the sales of %(streams)s, and none are recorded for the "
                "period of these deliveries. Record the sales first."
            )
            % {"streams": ", ".join(params.get("streams", []))}
        )
    if error.code == "streams_are_fed":
        return ValidationError(
            {
                "stream_values": [
                    _(
                        "This scheme takes its streams from the weighings and the recorded "
                        "sales; to change one, correct it with a reason."
                    )
                ]
            }
        )
    return ValidationError(
        _("The settlement cannot be computed: %(detail)s") % {"detail": str(error)}
    )
