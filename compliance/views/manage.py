"""The manager's page for the compliance catalogue (event types), the thresholds of the rules and
each season's benchmark figures (expected yield, non-partner cane price)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from compliance import selectors, services
from compliance.forms import BenchmarkForm, EventTypeForm, SettingsForm
from compliance.models import ComplianceSettings, SeasonBenchmark
from compliance.permissions import ComplianceAction, require
from tebu_site import params
from tebu_site.pages import add_service_errors, staff_required


def _mill(request):
    mills = selectors.mills_visible_to(request.user).order_by("name")
    data = request.POST if "mill" in request.POST else request.GET
    chosen = params.read_object(data, "mill", mills)
    return chosen or mills.first(), mills


@staff_required
def settings_page(request):
    require(request.user, ComplianceAction.CONFIGURE)
    mill, mills = _mill(request)
    if mill is None:
        raise Http404
    services.ensure_default_types(mill)
    current = ComplianceSettings.for_mill(mill)
    seasons = selectors.seasons_visible_to(request.user).filter(mill=mill)
    settings_form = SettingsForm(
        request.POST if request.POST.get("form") == "settings" else None, instance=current
    )
    type_form = EventTypeForm(request.POST if request.POST.get("form") == "type" else None)
    benchmark_form = BenchmarkForm(
        request.POST if request.POST.get("form") == "benchmark" else None, seasons=seasons
    )
    if request.method == "POST":
        done = False
        try:
            if settings_form.is_bound and settings_form.is_valid():
                values = {name: settings_form.cleaned_data[name] for name in settings_form.fields}
                services.update_settings(mill=mill, by=request.user, **values)
                done = True
            elif type_form.is_bound and type_form.is_valid():
                data = type_form.cleaned_data
                existing = None
                if request.POST.get("type"):  # editing one: it must be the mill's own
                    types = selectors.event_types_for(request.user).filter(mill=mill)
                    existing = params.read_object(request.POST, "type", types)
                    if existing is None:
                        raise Http404
                services.save_event_type(
                    by=request.user,
                    mill=mill,
                    event_type=existing,
                    name=data["name"],
                    party=data["party"],
                    description=data["description"],
                    is_active=data["is_active"],
                )
                done = True
            elif benchmark_form.is_bound and benchmark_form.is_valid():
                data = benchmark_form.cleaned_data
                services.record_benchmark(
                    by=request.user,
                    season=data["season"],
                    expected_yield_kw_per_ha=data["expected_yield_kw_per_ha"],
                    non_partner_price_per_kw=data["non_partner_price_per_kw"],
                    source=data["source"],
                )
                done = True
        except ValidationError as error:
            for form in (settings_form, type_form, benchmark_form):
                if form.is_bound:
                    add_service_errors(form, error)
        if done:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?mill={mill.pk}")
    context = {
        "mill": mill,
        "mills": mills,
        "settings_form": settings_form,
        "type_form": type_form,
        "benchmark_form": benchmark_form,
        "types": selectors.event_types_for(request.user).filter(mill=mill),
        "benchmarks": SeasonBenchmark.objects.filter(season__in=seasons).select_related("season"),
    }
    return render(request, "compliance/settings.html", context)
