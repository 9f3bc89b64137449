"""allauth's backend looks up email addresses in allauth's tables, which exist only in the
municipalities' schemas; on the state portal (public schema) only Django's backend applies."""

from allauth.account.auth_backends import AuthenticationBackend
from django.db import connection


class MunicipalityAuthenticationBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        if connection.schema_name == "public":
            return None
        return super().authenticate(request, **credentials)
