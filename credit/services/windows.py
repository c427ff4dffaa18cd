"""Application windows (domain.md 4): KUR-TMA takes applications March–May; PKBL June–August
(paid November–December) and September–November (paid January–February). A product with
windows takes an application (entered or submitted) only on a day inside one of them, counted in
Asia/Jakarta, unless a manager recorded an exception with a reason for that farmer's application;
the refusal names the windows, dates written the Indonesian way ("1 Maret 2026") like the
mill's letters, whatever the interface language.

Every path that enters or submits an application calls ``check_window`` (the services behind the
pages, the API and the demo), so the rule lives here once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from credit.models import (
    ApplicationStatus,
    ApplicationWindow,
    CreditApplication,
    CreditProduct,
    WindowException,
)
from credit.permissions import CreditAction, require
from partners.models import Farmer
from tebu_site.services import require_visible, save_with_history


@dataclass(frozen=True)
class WindowSpec:
    opens_on: date
    closes_on: date
    paid_from: date | None = None
    paid_until: date | None = None


def indonesian_date(day: date) -> str:
    """'1 Maret 2026': Django's Indonesian month names, whatever language is active."""
    with translation.override("id"):
        return formats.date_format(day, "j F Y")


def window_text(window) -> str:
    """One window in words: '1 Juni 2025 – 31 Agustus 2025 (paid out 1 November 2025 – ...)'."""
    text = f"{indonesian_date(window.opens_on)} – {indonesian_date(window.closes_on)}"
    if window.paid_from and window.paid_until:
        text += " " + _("(paid out %(start)s – %(end)s)") % {
            "start": indonesian_date(window.paid_from),
            "end": indonesian_date(window.paid_until),
        }
    return text


def windows_of(product: CreditProduct) -> list[ApplicationWindow]:
    return sorted(product.application_windows.all(), key=lambda window: window.opens_on)


def is_open(product: CreditProduct, day: date) -> bool:
    """True when the product has no windows (open all season) or ``day`` is inside one."""
    windows = windows_of(product)
    return not windows or any(window.holds(day) for window in windows)


def closed_message(product: CreditProduct, day: date) -> str:
    return _(
        "%(product)s takes applications only %(windows)s; today is %(today)s (WIB). A manager "
        "can record an exception with a reason."
    ) % {
        "product": product.name,
        "windows": "; ".join(window_text(window) for window in windows_of(product)),
        "today": indonesian_date(day),
    }


def unused_exception(product: CreditProduct, farmer: Farmer) -> WindowException | None:
    return (
        WindowException.objects.filter(product=product, farmer=farmer, application__isnull=True)
        .order_by("recorded_at", "id")
        .first()
    )


def check_window(
    *,
    product: CreditProduct,
    farmer: Farmer,
    on: date,
    application: CreditApplication | None = None,
) -> tuple[str, WindowException | None]:
    """("", None) when the product takes applications on ``on``; ("", exception) when it does
    not but a manager's exception covers this farmer's application (the caller links an unused
    one to the application); (refusal, None) otherwise."""
    if is_open(product, on):
        return "", None
    if application is not None:
        linked = WindowException.objects.filter(application=application).first()
        if linked is not None:
            return "", linked
    exception = unused_exception(product, farmer)
    if exception is not None:
        return "", exception
    return closed_message(product, on), None


def use_exception(exception: WindowException | None, application: CreditApplication, by) -> None:
    """Link an exception to the application it let in (once)."""
    if exception is not None and exception.application_id is None:
        exception.application = application
        save_with_history(exception, by)


@transaction.atomic
def record_window_exception(
    *,
    by,
    reason: str,
    application: CreditApplication | None = None,
    product: CreditProduct | None = None,
    farmer: Farmer | None = None,
) -> WindowException:
    """A manager lets one application in outside the product's windows: an existing draft
    (``application``) or the next one entered for ``farmer`` and ``product``. The reason is
    required; who and when are recorded (and the audit history keeps every change)."""
    require(by, CreditAction.RECORD_WINDOW_EXCEPTION)
    errors: dict[str, list[str]] = {}
    if application is not None:
        require_visible(by, application)
        application = CreditApplication.objects.select_for_update().get(pk=application.pk)
        product, farmer = application.product, application.farmer
        # Only a draft still has to pass the window (at submission).
        if application.status != ApplicationStatus.DRAFT:
            errors["application"] = [
                _("Application %(number)s is %(status)s: its window no longer matters.")
                % {"number": application.number, "status": application.get_status_display()}
            ]
        elif WindowException.objects.filter(application=application).exists():
            errors["application"] = [
                _("Application %(number)s already has an exception.")
                % {"number": application.number}
            ]
    elif product is None or farmer is None:
        raise ValidationError(_("Give the application, or the product and the farmer."))
    else:
        require_visible(by, farmer)
        require_visible(by, product)
        if product.mill_id != farmer.mill_id:
            errors["product"] = [_("The product belongs to another mill.")]
        elif unused_exception(product, farmer) is not None:
            errors["farmer"] = [
                _(
                    "An exception for %(farmer)s is already recorded and not yet used by an "
                    "application."
                )
                % {"farmer": farmer.name}
            ]
    if not windows_of(product):
        errors["product"] = [
            _("%(product)s takes applications all season: no exception is needed.")
            % {"product": product.name}
        ]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the exception.")]
    if errors:
        raise ValidationError(errors)
    exception = WindowException(
        product=product,
        farmer=farmer,
        application=application,
        reason=reason.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    save_with_history(exception, by)
    return exception


def window_errors(windows: Iterable) -> list[str]:
    """What is wrong with a product's windows (objects with opens_on, closes_on, paid_from,
    paid_until); [] when they are fine. Also used by the admin."""
    windows = sorted(windows, key=lambda window: window.opens_on)
    errors = []
    for index, window in enumerate(windows, start=1):
        if window.closes_on < window.opens_on:
            errors.append(_("Window %(n)s closes before it opens.") % {"n": index})
        if (window.paid_from is None) != (window.paid_until is None):
            errors.append(_("Window %(n)s needs both payment dates, or none.") % {"n": index})
        elif window.paid_from and window.paid_until < window.paid_from:
            errors.append(
                _("Window %(n)s: the payment period ends before it starts.") % {"n": index}
            )
        if index > 1 and window.opens_on <= windows[index - 2].closes_on:
            errors.append(_("Window %(n)s overlaps the window before it.") % {"n": index})
    return errors


@transaction.atomic
def set_application_windows(
    *, product: CreditProduct, by, windows: Iterable[WindowSpec]
) -> list[ApplicationWindow]:
    """Replace the product's application windows (none: open all season). Refused when a window
    closes before it opens, its payment period is half given or reversed, or two windows
    overlap."""
    require(by, CreditAction.EDIT_PRODUCT)
    require_visible(by, product)
    windows = sorted(windows, key=lambda window: window.opens_on)
    errors = window_errors(windows)
    if errors:
        raise ValidationError({"windows": errors})
    for old in product.application_windows.all():
        old._history_user = by
        old.delete()
    created = []
    for window in windows:
        row = ApplicationWindow(
            product=product,
            opens_on=window.opens_on,
            closes_on=window.closes_on,
            paid_from=window.paid_from,
            paid_until=window.paid_until,
        )
        save_with_history(row, by)
        created.append(row)
    return created
