"""{% do_page_sections order %}: the sections other apps registered for a DO's page
(tebu_site.do_page_sections), each rendered from its own template."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from tebu_site.do_page_sections import do_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def do_page_sections(context, delivery_order):
    request = context.get("request")
    if request is None or delivery_order is None:
        return ""
    parts = [
        render_to_string(section.template, section.context, request=request)
        for section in do_sections(request, delivery_order)
    ]
    # Each part is a template rendered with autoescaping: already safe HTML.
    return mark_safe("".join(parts))  # noqa: S308
