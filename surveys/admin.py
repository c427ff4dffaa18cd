"""Admin pages for surveys. Frozen versions and answers are read-only here: they are history."""

from django.contrib import admin

from surveys.models import (
    RoundTarget,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    TemplateAttribute,
    TemplateVersion,
    VersionAttribute,
)


class TemplateAttributeInline(admin.TabularInline):
    model = TemplateAttribute
    extra = 0
    fields = ["order", "code", "text_id", "text_en", "dimension"]


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "mill", "is_active", "updated_at"]
    list_filter = ["mill", "is_active"]
    inlines = [TemplateAttributeInline]


class VersionAttributeInline(admin.TabularInline):
    model = VersionAttribute
    extra = 0
    can_delete = False
    fields = ["order", "code", "text_id", "text_en", "dimension"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "template", "created_at", "created_by"]
    list_filter = ["template__mill"]
    readonly_fields = [
        "template",
        "number",
        "name",
        "likert_labels",
        "content_hash",
        "created_at",
        "created_by",
    ]
    inlines = [VersionAttributeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "mill", "season", "status", "opens_on", "closes_on"]
    list_filter = ["mill", "status"]
    readonly_fields = ["template_version", "opened_at", "closed_at", "closed_by", "created_by"]
    filter_horizontal = ["target_regions"]


@admin.register(RoundTarget)
class RoundTargetAdmin(admin.ModelAdmin):
    list_display = ["round", "farmer", "region", "partner_type"]
    list_filter = ["round"]
    raw_id_fields = ["farmer"]


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    can_delete = False
    fields = ["attribute", "importance", "performance"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    """Answers change only through the entry pages and imports, which check the round is open."""

    list_display = ["round", "respondent_label", "source", "region", "updated_at"]
    list_filter = ["round", "source"]
    search_fields = ["farmer__name", "farmer__nik", "respondent_code"]
    inlines = [SurveyAnswerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
