from django import template

from tebu_site.formatting import format_number, format_rupiah

register = template.Library()


@register.filter
def rupiah(value, places=0):
    """{{ amount|rupiah }} -> Rp 1.234.567"""
    return format_rupiah(value, int(places))


@register.filter
def angka(value, places=2):
    """{{ value|angka }} -> 1.234,56 ; {{ value|angka:0 }} -> 1.235"""
    return format_number(value, int(places))


@register.filter
def kw(value, places=2):
    """Quintal (kuintal, 100 kg): {{ cane_kw|kw }} -> 1.234,50 kw"""
    text = format_number(value, int(places))
    return text if text == "–" else f"{text} kw"


@register.filter
def ha(value, places=4):
    """Hectares with the 4 decimals plots are measured to: {{ area|ha }} -> 1,2500 ha"""
    text = format_number(value, int(places))
    return text if text == "–" else f"{text} ha"


@register.filter
def persen(value, places=2):
    """{{ rendemen|persen }} -> 6,47 %"""
    text = format_number(value, int(places))
    return text if text == "–" else f"{text} %"
