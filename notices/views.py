"""The inbox: what the app told you, newest first; opening it marks the notices read. And the
farmer's notification settings."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notices import selectors, services
from notices.forms import CodeForm, PreferenceForm
from notices.models import NoticePreference, PhoneVerification
from notices.preferences import set_preference
from notices.reach import reach_of
from notices.verification import send_phone_code, verify_phone_code
from tebu_site.access import scope_for
from tebu_site.pages import add_service_errors, error_text, farmer_required


@login_required
def inbox(request):
    notices = selectors.inbox_for(request.user).select_related("related_type")
    page = Paginator(notices, 25).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page if n.read_at is None]
    response = render(request, "notices/inbox.html", {"page": page, "unread_ids": set(unread_ids)})
    # Marked after rendering so the page can still highlight what was new on this visit.
    if unread_ids:
        services.mark_read(request.user, unread_ids)
    return response


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    return redirect("notices:inbox")


def _my_farmer(request):
    # Through the access scope like every read: a farmer login finds its own record only.
    farmers = scope_for(request.user, apps.get_model("partners", "Farmer").objects.all())
    return farmers.select_related("mill", "region").first()


@farmer_required
def preferences(request):
    """The farmer's "notifications" settings: SMS, portal or both, quiet hours, and verifying his
    number by a code sent to it."""
    farmer = _my_farmer(request)
    if farmer is None:
        raise Http404
    current = NoticePreference.objects.filter(farmer=farmer).first()
    form = PreferenceForm(instance=current or NoticePreference(farmer=farmer))
    code_form = CodeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "send-code":
                outcome = send_phone_code(farmer=farmer)
                if outcome.sent:
                    messages.success(
                        request,
                        _("A code was sent by SMS to %(number)s.") % {"number": farmer.phone},
                    )
                else:
                    messages.error(request, _("The SMS could not be sent. Try again later."))
                return redirect("notices:preferences")
            if action == "verify":
                code_form = CodeForm(request.POST)
                if code_form.is_valid():
                    verify_phone_code(farmer=farmer, code=code_form.cleaned_data["code"])
                    messages.success(request, _("Your number is verified."))
                    return redirect("notices:preferences")
            else:
                form = PreferenceForm(
                    request.POST, instance=current or NoticePreference(farmer=farmer)
                )
                if form.is_valid():
                    set_preference(
                        farmer=farmer,
                        channels=form.cleaned_data["channels"],
                        quiet_from=form.cleaned_data["quiet_from"],
                        quiet_until=form.cleaned_data["quiet_until"],
                    )
                    messages.success(request, _("Your notification settings are saved."))
                    return redirect("notices:preferences")
        except ValidationError as error:
            if action == "verify":
                add_service_errors(code_form, error)
            elif action == "send-code":
                messages.error(request, error_text(error))
                return redirect("notices:preferences")
            else:
                add_service_errors(form, error)
    reach = reach_of([farmer])[farmer.pk]
    return render(
        request,
        "notices/preferences.html",
        {
            "farmer": farmer,
            "form": form,
            "code_form": code_form,
            "verified": reach.verified,
            "sms_on": reach.sms,
            "waiting_code": not reach.verified
            and PhoneVerification.objects.filter(
                farmer=farmer, verified_at__isnull=True, expires_at__gt=timezone.now()
            ).exists(),
        },
    )
