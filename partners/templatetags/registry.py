"""Template helpers for the registry pages: the plot's shape as inline SVG, its base map, and
status badges."""

import json

from django import template
from django.utils.translation import gettext as _

from partners import geometry as geo
from partners.models import RegistrationStatus

register = template.Library()

STATUS_CLASSES = {
    RegistrationStatus.SUBMITTED: "badge",
    RegistrationStatus.SURVEYED: "badge badge-info",
    RegistrationStatus.OVERLAP_CHECKED: "badge badge-info",
    RegistrationStatus.VALIDATED: "badge badge-info",
    RegistrationStatus.APPROVED: "badge badge-ok",
    RegistrationStatus.CONTRACTED: "badge badge-ok",
    RegistrationStatus.REJECTED: "badge badge-bad",
}


@register.inclusion_tag("partners/partials/plot_shape.html")
def plot_shape(plot, size="small"):
    """{% plot_shape plot %} or {% plot_shape plot "large" %}: drawn from the stored GeoJSON on the
    server; nothing is fetched from the internet."""
    return {
        "plot": plot,
        "shape": geo.svg_shape(plot.geometry),
        "size": size,
        "label": _("Shape of plot %(code)s") % {"code": plot.code},
    }


@register.inclusion_tag("partners/partials/plot_shape.html")
def geometry_shape(geometry, size="small"):
    """The same drawing for a shape not saved yet (the preview while typing coordinates)."""
    return {"plot": None, "shape": geo.svg_shape(geometry), "size": size, "label": _("Preview")}


def _has_base_map(plot) -> bool:
    return bool(plot and plot.geometry and plot.mill.map_tile_url)


@register.simple_tag
def base_map_needed(plots) -> bool:
    """{% base_map_needed plot_or_plots as base_map %}: whether the page loads Leaflet at all. A
    mill without a tile server gets no map script, stylesheet or tile request (issue 14)."""
    if plots is None or hasattr(plots, "mill"):
        plots = [plots]
    return any(_has_base_map(plot) for plot in plots)


@register.inclusion_tag("partners/partials/plot_map.html")
def plot_map(plot):
    """{% plot_map plot %}: the plot on its mill's base map, drawn by partners/plot_map.js. Put in a
    .plot-map-frame beside {% plot_shape %}, the map covers that drawing once its tiles load. The
    geometry is serialised here with json.dumps, so its numbers keep their decimal point in
    every language (a template would write 1,5 in Indonesian)."""
    if not _has_base_map(plot):
        return {"plot": None}
    return {
        "plot": plot,
        "tile_url": plot.mill.map_tile_url,
        "attribution": plot.mill.map_tile_attribution,
        "geometry_json": json.dumps(plot.geometry),
        "label": _("Map of plot %(code)s") % {"code": plot.code},
    }


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "badge")


@register.filter
def percent_of(ratio) -> str:
    """0.0734 -> '7,3'"""
    if ratio is None:
        return "–"
    return f"{ratio * 100:.1f}".replace(".", ",")


@register.filter
def partner_short(partner_type: str) -> str:
    """'trk' -> 'TRK'; 'non_partner' -> 'Non-mitra' (badges on narrow screens)."""
    if partner_type == "non_partner":
        return _("Non-partner")
    return (partner_type or "–").upper()
