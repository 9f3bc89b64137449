"""Password-reset and invitation tokens that are only valid in the schema that made them."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import connection


class SchemaPasswordResetTokenGenerator(PasswordResetTokenGenerator):
    """Salts the token with the schema name, so a link from one municipality is void in another."""

    @property
    def key_salt(self):
        return f"tenants.tokens.{connection.schema_name}"

    @key_salt.setter
    def key_salt(self, value):  # the base class assigns it in __init__
        pass


schema_token_generator = SchemaPasswordResetTokenGenerator()
