"""Writes to questionnaires: the mill's default template, creating, copying and editing a
template and its attributes, and freezing a template into the immutable version a round is asked
with. Kept apart from rounds because templates are edited freely while a round only ever sees a
frozen version.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from surveys import selectors
from surveys.defaults import (
    DEFAULT_ATTRIBUTES,
    DEFAULT_TEMPLATE_DESCRIPTION,
    DEFAULT_TEMPLATE_NAME,
    LIKERT_LABELS,
)
from surveys.models import (
    LIKERT_MAX,
    SurveyTemplate,
    TemplateAttribute,
    TemplateVersion,
    VersionAttribute,
)
from surveys.permissions import Action, require
from surveys.services._common import _require_visible

ATTRIBUTE_FIELDS = ("code", "order", "text_id", "text_en", "dimension", "help_id", "help_en")


def ensure_default_template(*, mill) -> SurveyTemplate:
    """The mill's standard 13-attribute questionnaire; created once, never overwritten (managers
    may have edited it since)."""
    with transaction.atomic():
        template, created = SurveyTemplate.objects.get_or_create(
            mill=mill,
            name=DEFAULT_TEMPLATE_NAME,
            defaults={
                "description": DEFAULT_TEMPLATE_DESCRIPTION,
                "likert_labels": LIKERT_LABELS,
            },
        )
        if created:
            TemplateAttribute.objects.bulk_create(
                TemplateAttribute(
                    template=template,
                    code=code,
                    order=position,
                    text_id=text_id,
                    text_en=text_en,
                    dimension=dimension,
                    help_id=help_id,
                    help_en=help_en,
                )
                for position, (code, text_id, text_en, dimension, help_id, help_en) in enumerate(
                    DEFAULT_ATTRIBUTES, start=1
                )
            )
    return template


def _check_labels(likert_labels: dict) -> dict:
    for scale in ("importance", "performance"):
        labels = (likert_labels or {}).get(scale) or {}
        if len(labels.get("id") or []) != LIKERT_MAX:
            raise ValidationError(
                {"likert_labels": _("Give five Indonesian labels for each scale, from 1 to 5.")}
            )
        english = labels.get("en") or []
        if english and len(english) != LIKERT_MAX:
            raise ValidationError(
                {"likert_labels": _("Give five English labels for each scale, or none.")}
            )
    return likert_labels


def create_template(
    *,
    mill,
    name: str,
    by,
    description: str = "",
    likert_labels: dict | None = None,
    copy_from: SurveyTemplate | None = None,
) -> SurveyTemplate:
    """A new questionnaire: empty, or a copy of another one's labels and attributes."""
    require(by, Action.MANAGE_TEMPLATES)
    _require_visible(by, mill)
    if copy_from is not None:
        _require_visible(by, copy_from)
    if SurveyTemplate.objects.filter(mill=mill, name=name).exists():
        raise ValidationError({"name": _("This mill already has a template with this name.")})
    with transaction.atomic():
        template = SurveyTemplate.objects.create(
            mill=mill,
            name=name,
            description=description or (copy_from.description if copy_from else ""),
            likert_labels=_check_labels(
                likert_labels or (copy_from.likert_labels if copy_from else LIKERT_LABELS)
            ),
        )
        if copy_from is not None:
            TemplateAttribute.objects.bulk_create(
                TemplateAttribute(
                    template=template,
                    **{field: getattr(attribute, field) for field in ATTRIBUTE_FIELDS},
                )
                for attribute in selectors.template_attributes(copy_from)
            )
    return template


def update_template(
    *,
    template: SurveyTemplate,
    by,
    name: str,
    description: str,
    likert_labels: dict,
    is_active: bool,
) -> SurveyTemplate:
    require(by, Action.MANAGE_TEMPLATES)
    _require_visible(by, template)
    if (
        SurveyTemplate.objects.filter(mill=template.mill, name=name)
        .exclude(pk=template.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This mill already has a template with this name.")})
    template.name = name
    template.description = description
    template.likert_labels = _check_labels(likert_labels)
    template.is_active = is_active
    template.save()
    return template


def save_attribute(
    *, template: SurveyTemplate, by, attribute: TemplateAttribute | None = None, **fields
) -> TemplateAttribute:
    """Add or change an attribute of the editable template (rounds keep their frozen copy)."""
    require(by, Action.MANAGE_TEMPLATES)
    _require_visible(by, template)
    if attribute is not None and attribute.template_id != template.pk:
        raise PermissionDenied(_("This attribute belongs to another template."))
    siblings = template.attributes.exclude(pk=attribute.pk if attribute else None)
    errors = {}
    if siblings.filter(code=fields["code"]).exists():
        errors["code"] = _("Another attribute of this template has this code.")
    if siblings.filter(text_id=fields["text_id"]).exists():
        errors["text_id"] = _("Another attribute of this template has this text.")
    for key in ("help_id", "help_en"):
        if len(fields.get(key) or []) > LIKERT_MAX:
            errors[key] = _("Describe at most five scores, one per line.")
    if errors:
        raise ValidationError(errors)
    attribute = attribute or TemplateAttribute(template=template)
    for name in ATTRIBUTE_FIELDS:
        if name in fields:
            setattr(attribute, name, fields[name])
    attribute.save()
    return attribute


def delete_attribute(*, attribute: TemplateAttribute, by) -> None:
    require(by, Action.MANAGE_TEMPLATES)
    _require_visible(by, attribute.template)
    attribute.delete()


def _template_content(template: SurveyTemplate) -> tuple[dict, str]:
    attributes = [
        {name: getattr(attribute, name) for name in ATTRIBUTE_FIELDS}
        for attribute in selectors.template_attributes(template)
    ]
    content = {
        "name": template.name,
        "likert_labels": template.likert_labels,
        "attributes": attributes,
    }
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return content, digest


def freeze_template(*, template: SurveyTemplate, by=None) -> TemplateVersion:
    """The template as it is now, as an immutable version; the latest version is reused when
    nothing changed since, so rounds asked with the same questions share one version."""
    with transaction.atomic():
        template = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
        content, digest = _template_content(template)
        if not content["attributes"]:
            raise ValidationError(
                {"template": _("The template has no attributes; add at least one.")}
            )
        latest = template.versions.order_by("-number").first()
        if latest is not None and latest.content_hash == digest:
            return latest
        version = TemplateVersion.objects.create(
            template=template,
            number=(latest.number + 1) if latest else 1,
            name=template.name,
            likert_labels=template.likert_labels,
            content_hash=digest,
            created_by=by,
        )
        VersionAttribute.objects.bulk_create(
            VersionAttribute(version=version, **attribute) for attribute in content["attributes"]
        )
    return version
