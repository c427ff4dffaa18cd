"""Managers edit the questionnaires. Rounds keep the frozen copy they were created with."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import selectors as partner_selectors
from surveys import selectors, services
from surveys.forms import AttributeForm, NewTemplateForm, TemplateForm, apply_errors
from surveys.models import TemplateAttribute
from surveys.permissions import Action, allowed_actions
from surveys.views._common import require_page
from tebu_site import params


@login_required
def template_list(request):
    require_page(request.user, Action.VIEW_ROUNDS)
    templates = selectors.templates_visible_to(request.user).order_by("mill__name", "name")
    mills_without = partner_selectors.mills_visible_to(request.user).exclude(
        pk__in=templates.values("mill")
    )
    return render(
        request,
        "surveys/template_list.html",
        {
            "templates": templates,
            "mills_without": mills_without,
            "can": allowed_actions(request.user),
        },
    )


@login_required
@require_POST
def template_default(request):
    """Create the standard 13-attribute questionnaire for a mill that has none yet."""
    require_page(request.user, Action.MANAGE_TEMPLATES)
    mill = get_object_or_404(
        partner_selectors.mills_visible_to(request.user), pk=params.read_id(request.POST, "mill")
    )
    template = services.ensure_default_template(mill=mill)
    messages.success(request, _("The standard questionnaire is ready."))
    return redirect("surveys:template-detail", pk=template.pk)


@login_required
def template_create(request):
    require_page(request.user, Action.MANAGE_TEMPLATES)
    form = NewTemplateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.create_template(
                mill=form.cleaned_data["mill"],
                name=form.cleaned_data["name"],
                copy_from=form.cleaned_data.get("copy_from"),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Template created."))
            return redirect("surveys:template-detail", pk=template.pk)
    return render(request, "surveys/template_new.html", {"form": form})


@login_required
def template_detail(request, pk: int):
    require_page(request.user, Action.VIEW_ROUNDS)
    template = get_object_or_404(selectors.templates_visible_to(request.user), pk=pk)
    can = allowed_actions(request.user)
    form = TemplateForm(request.POST or None, initial=TemplateForm.initial_for(template))
    if request.method == "POST":
        require_page(request.user, Action.MANAGE_TEMPLATES)
        if form.is_valid():
            try:
                services.update_template(
                    template=template,
                    by=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    likert_labels=form.likert_labels(),
                    is_active=form.cleaned_data["is_active"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Template saved."))
                return redirect("surveys:template-detail", pk=pk)
    return render(
        request,
        "surveys/template_detail.html",
        {
            "template": template,
            "form": form,
            "attributes": selectors.template_attributes(template),
            "versions": selectors.template_versions(template),
            "can": can,
        },
    )


@login_required
def attribute_edit(request, pk: int, attribute_pk: int | None = None):
    require_page(request.user, Action.MANAGE_TEMPLATES)
    template = get_object_or_404(selectors.templates_visible_to(request.user), pk=pk)
    attribute = None
    initial = {"order": (template.attributes.count() + 1)}
    if attribute_pk is not None:
        attribute = get_object_or_404(TemplateAttribute, pk=attribute_pk, template=template)
        initial = {
            name: getattr(attribute, name)
            for name in ("order", "code", "text_id", "text_en", "dimension", "help_id", "help_en")
        }
    form = AttributeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_attribute(
                template=template, attribute=attribute, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Attribute saved."))
            return redirect("surveys:template-detail", pk=pk)
    return render(
        request,
        "surveys/attribute_form.html",
        {"template": template, "attribute": attribute, "form": form},
    )


@login_required
@require_POST
def attribute_delete(request, pk: int, attribute_pk: int):
    require_page(request.user, Action.MANAGE_TEMPLATES)
    template = get_object_or_404(selectors.templates_visible_to(request.user), pk=pk)
    attribute = get_object_or_404(TemplateAttribute, pk=attribute_pk, template=template)
    services.delete_attribute(attribute=attribute, by=request.user)
    messages.success(request, _("Attribute removed. Rounds already created keep it."))
    return redirect("surveys:template-detail", pk=pk)
