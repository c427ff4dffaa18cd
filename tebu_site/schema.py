"""The OpenAPI schema's description of the project's own authentication classes (they are DRF's
session and token authentication with one more refusal, tebu_site.authentication)."""

from drf_spectacular.authentication import SessionScheme, TokenScheme


class ProjectSessionScheme(SessionScheme):
    target_class = "tebu_site.authentication.SessionAuthentication"


class ProjectTokenScheme(TokenScheme):
    target_class = "tebu_site.authentication.TokenAuthentication"
