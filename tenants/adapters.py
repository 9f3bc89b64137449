"""allauth adapter: account emails go through the task queue, carrying the schema."""

from types import SimpleNamespace

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
        from allauth.core import context as allauth_context

        from platform_core.tasks import send_email

        request = allauth_context.request
        tenant = getattr(connection, "tenant", None)
        ctx = {
            "request": request,
            "email": email,
            # Without django.contrib.sites the texts name the municipality and its host.
            "current_site": SimpleNamespace(
                name=getattr(tenant, "name", "") or "Beteiligungsplattform Hessen",
                domain=request.get_host() if request is not None else "",
            ),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                html = content
        send_email.enqueue(
            connection.schema_name, message.subject, message.body, list(message.to), html, message.from_email
        )
