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
    return ValidationError(
        _("The settlement cannot be computed: %(detail)s") % {"detail": str(error)}
    )
