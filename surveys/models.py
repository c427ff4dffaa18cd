"""Satisfaction surveys (domain.md section 6): templates, the versions rounds freeze, rounds,
their target respondents, and the responses with two Likert scores per attribute.

A template is what managers edit. A round never points at the editable template: when it is
created it points at an immutable ``TemplateVersion`` (a copy of the template's wording and
attributes at that moment), so editing the template later cannot change what a past round asked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tebu_site.access import Scoping
from tebu_site.fields import RangedPositiveIntegerField, RangedPositiveSmallIntegerField
from tebu_site.models import TimeStampedModel

LIKERT_MIN = 1
LIKERT_MAX = 5
LIKERT_SCORES = tuple(range(LIKERT_MIN, LIKERT_MAX + 1))


class Dimension(models.TextChoices):
    """SERVQUAL dimensions the studies group the attributes by."""

    TANGIBLES = "tangibles", _("Tangibles (bukti fisik)")
    RELIABILITY = "reliability", _("Reliability (kehandalan)")
    RESPONSIVENESS = "responsiveness", _("Responsiveness (ketanggapan)")
    ASSURANCE = "assurance", _("Assurance (jaminan)")
    EMPATHY = "empathy", _("Empathy (empati)")


class Scale(models.TextChoices):
    IMPORTANCE = "importance", _("Importance")
    PERFORMANCE = "performance", _("Performance")


def _in_language(indonesian: str, english: str) -> str:
    """The Indonesian wording unless the interface is in English and an English text exists."""
    language = (translation.get_language() or "id").split("-")[0]
    return english if language == "en" and english else indonesian


class SurveyTemplate(TimeStampedModel):
    """A mill's questionnaire as managers edit it today."""

    scoping = Scoping(mill="mill")

    mill = models.ForeignKey(
        "partners.Mill", on_delete=models.PROTECT, related_name="survey_templates"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # {"importance": {"id": [5 labels], "en": [5 labels]}, "performance": {...}}
    likert_labels = models.JSONField(_("Likert labels"), default=dict)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["mill", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "name"], name="survey_template_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class AttributeText(models.Model):
    """What an attribute asks, in both languages, with the anchored meaning of each score."""

    code = models.SlugField(_("code"), max_length=20)
    order = RangedPositiveSmallIntegerField(_("order"), minimum=0, maximum=1000)
    text_id = models.CharField(_("text (Indonesian)"), max_length=200)
    text_en = models.CharField(_("text (English)"), max_length=200, blank=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    # Anchored descriptions of performance scores 1..5 (index 0 = score 1); blank = no anchor.
    help_id = models.JSONField(_("meaning of each score (Indonesian)"), default=list, blank=True)
    help_en = models.JSONField(_("meaning of each score (English)"), default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.text_id}"

    @property
    def text(self) -> str:
        return _in_language(self.text_id, self.text_en)

    @property
    def score_help(self) -> list[str]:
        """The anchor of each score 1..5 in the interface language ('' where none is written)."""
        indonesian = list(self.help_id or [])
        english = list(self.help_en or [])
        return [
            _in_language(
                indonesian[i] if i < len(indonesian) else "",
                english[i] if i < len(english) else "",
            )
            for i in range(LIKERT_MAX)
        ]


class TemplateAttribute(AttributeText):
    template = models.ForeignKey(
        SurveyTemplate, on_delete=models.CASCADE, related_name="attributes"
    )

    class Meta(AttributeText.Meta):
        verbose_name = _("survey attribute")
        verbose_name_plural = _("survey attributes")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="template_attribute_code"),
            models.UniqueConstraint(fields=["template", "text_id"], name="template_attribute_text"),
        ]


class TemplateVersion(models.Model):
    """A frozen copy of a template, made when a round is created from it. Never edited."""

    scoping = Scoping(mill="template__mill")

    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="versions")
    number = RangedPositiveIntegerField(_("version"), minimum=1, maximum=1_000_000)
    name = models.CharField(_("name"), max_length=200)
    likert_labels = models.JSONField(_("Likert labels"), default=dict)
    content_hash = models.CharField(_("content SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    def labels(self, scale: str) -> list[str]:
        """The five labels of a scale in the interface language."""
        labels = (self.likert_labels or {}).get(scale, {})
        indonesian = list(labels.get("id") or [])
        english = list(labels.get("en") or [])
        return [
            _in_language(
                indonesian[i] if i < len(indonesian) else str(i + 1),
                english[i] if i < len(english) else "",
            )
            for i in range(LIKERT_MAX)
        ]


class VersionAttribute(AttributeText):
    """An attribute as a frozen version asked it; answers point here."""

    version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="attributes"
    )

    class Meta(AttributeText.Meta):
        verbose_name = _("frozen survey attribute")
        verbose_name_plural = _("frozen survey attributes")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="version_attribute_code"),
            models.UniqueConstraint(fields=["version", "text_id"], name="version_attribute_text"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            # Past rounds' answers and results name these rows; changing one would rewrite them.
            raise ValueError("a frozen survey attribute cannot be changed")
        super().save(*args, **kwargs)


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyRound(TimeStampedModel):
    """One survey of a mill's farmers in a season, asked with one frozen template version."""

    # Farmers reach a round through being one of its target respondents.
    scoping = Scoping(mill="mill", farmer="targets__farmer")

    mill = models.ForeignKey(
        "partners.Mill", on_delete=models.PROTECT, related_name="survey_rounds"
    )
    season = models.ForeignKey(
        "partners.Season", on_delete=models.PROTECT, related_name="survey_rounds"
    )
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    target_regions = models.ManyToManyField(
        "partners.Region",
        blank=True,
        related_name="+",
        verbose_name=_("target regions"),
        help_text=_("Leave empty to ask every region."),
    )
    # Partner types asked; empty means partners (TRM and TRK).
    target_partner_types = models.JSONField(_("target partner types"), default=list, blank=True)
    sample_size = RangedPositiveIntegerField(
        _("sample size"),
        null=True,
        blank=True,
        help_text=_("Leave empty to ask every farmer that matches; otherwise a random sample."),
        minimum=0,
        maximum=10_000_000,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mill", "name"], name="survey_round_unique_name"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_round_closes_after_opening",
                violation_error_message=_("The round cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "open", "closed"]),
                name="survey_round_status_valid",
                violation_error_message=_("The status is draft, open or closed."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED


class RoundTarget(models.Model):
    """A farmer the round asks (fixed when the round opens, so progress keeps its meaning)."""

    scoping = Scoping(mill="round__mill", region="region", farmer="farmer")

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="targets")
    farmer = models.ForeignKey("partners.Farmer", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("partners.Region", on_delete=models.PROTECT, related_name="+")
    partner_type = models.CharField(_("partner type"), max_length=20)

    class Meta:
        verbose_name = _("target respondent")
        verbose_name_plural = _("target respondents")
        constraints = [
            models.UniqueConstraint(fields=["round", "farmer"], name="round_target_unique_farmer")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.farmer_id}"


class ResponseSource(models.TextChoices):
    INTERVIEW = "interview", _("Interview by field staff")
    PORTAL = "portal", _("Answered by the farmer")
    IMPORT = "import", _("Imported from paper")
    API = "api", _("API")


class SurveyResponse(TimeStampedModel):
    """One respondent's answers in one round: a farmer, or an anonymous paper respondent.

    The farmer's region and partner type are copied when the answer is given, so a later move
    does not change which filter a past answer falls under.
    """

    scoping = Scoping(mill="round__mill", region="region", farmer="farmer")

    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    farmer = models.ForeignKey(
        "partners.Farmer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    respondent_code = models.CharField(
        _("respondent code"),
        max_length=40,
        blank=True,
        help_text=_("For anonymous paper questionnaires, e.g. R01."),
    )
    region = models.ForeignKey(
        "partners.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner_type = models.CharField(_("partner type"), max_length=20, blank=True)
    source = models.CharField(_("entered by"), max_length=10, choices=ResponseSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "farmer"],
                condition=models.Q(farmer__isnull=False),
                name="one_response_per_farmer_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "respondent_code"],
                condition=~models.Q(respondent_code=""),
                name="one_response_per_code_per_round",
            ),
            models.CheckConstraint(
                condition=models.Q(farmer__isnull=False) | ~models.Q(respondent_code=""),
                name="response_has_a_respondent",
                violation_error_message=_("A response names its farmer or respondent code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.respondent_label}"

    @property
    def respondent_label(self) -> str:
        return self.farmer.name if self.farmer_id else self.respondent_code


def _likert(field: str) -> models.Q:
    return models.Q(**{f"{field}__isnull": True}) | models.Q(
        **{f"{field}__gte": LIKERT_MIN, f"{field}__lte": LIKERT_MAX}
    )


class SurveyAnswer(models.Model):
    """Two Likert scores for one attribute; a blank score was skipped."""

    scoping = Scoping(
        mill="response__round__mill", region="response__region", farmer="response__farmer"
    )

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    attribute = models.ForeignKey(VersionAttribute, on_delete=models.PROTECT, related_name="+")
    importance = RangedPositiveSmallIntegerField(
        _("importance"), null=True, blank=True, minimum=1, maximum=5
    )
    performance = RangedPositiveSmallIntegerField(
        _("performance"), null=True, blank=True, minimum=1, maximum=5
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["response", "attribute__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "attribute"], name="one_answer_per_attribute"
            ),
            models.CheckConstraint(
                condition=_likert("importance"),
                name="importance_likert_1_5",
                violation_error_message=_("Importance is a score from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=_likert("performance"),
                name="performance_likert_1_5",
                violation_error_message=_("Performance is a score from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=models.Q(importance__isnull=False) | models.Q(performance__isnull=False),
                name="answer_has_a_score",
                violation_error_message=_("Give an importance or a performance score."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attribute_id}: {self.importance}/{self.performance}"
