"""allauth adapter: account emails go through the task queue, carrying the schema."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import connection


class MunicipalityAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return connection.schema_name != "public"

    def format_email_subject(self, subject):
        tenant = getattr(connection, "tenant", None)
        name = getattr(tenant, "name", "") if tenant is not None else ""
        return f"[{name}] {subject}" if name else subject

    def send_mail(self, template_prefix, email, context):
        from platform_core.tasks import send_email

        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                html = content
        send_email.enqueue(
            connection.schema_name, message.subject, message.body, list(message.to), html, message.from_email
        )
