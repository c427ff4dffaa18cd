from django.db.models import Count
from rest_framework import mixins, viewsets

from surveys import selectors
from surveys.api.serializers import ResponseSerializer, RoundSerializer


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Survey rounds the caller may see, with their frozen questionnaire; a farmer sees the rounds
    that ask them."""

    serializer_class = RoundSerializer
    filterset_fields = ["status", "mill", "season"]
    search_fields = ["name"]

    def get_queryset(self):
        return (
            selectors.rounds_visible_to(self.request.user)
            .annotate(
                targeted=Count("targets", distinct=True),
                answered=Count("responses", distinct=True),
            )
            .prefetch_related("template_version__attributes", "target_regions")
            .order_by("-opens_on", "-id")
        )


class ResponseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Answers the caller may see. Field staff create and change them for their region's farmers;
    a farmer for themself; only while the round is open. There is no delete: a closed round's
    answers are the input of its published results."""

    serializer_class = ResponseSerializer
    filterset_fields = ["round", "farmer", "source"]

    def get_queryset(self):
        return (
            selectors.responses_visible_to(self.request.user)
            .prefetch_related("answers__attribute")
            .order_by("round", "id")
        )
