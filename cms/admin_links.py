"""Links in Wagtail's own emails point at the municipality's host, not the state portal's.

Wagtail builds the links of its notification emails (moderation, comments, workflow) from
``WAGTAILADMIN_BASE_URL``: one value for the whole process. Here every municipality has its own
host, and the state portal has no ``/cms/`` at all, so the base URL is looked up per schema.
"""

from django.conf import settings

from tenants.services import current_site_base_url


def admin_base_url() -> str:
    return current_site_base_url() or settings.WAGTAILADMIN_BASE_URL


def use_municipality_hosts_in_wagtail_links() -> None:
    """Wagtail's template tags and user bar look the function up as a module global at call time."""
    from wagtail.admin import userbar
    from wagtail.admin.templatetags import wagtailadmin_tags

    wagtailadmin_tags.get_admin_base_url = admin_base_url
    userbar.get_admin_base_url = admin_base_url
