from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import PageLogEntry

        from .admin_links import use_municipality_hosts_in_wagtail_links
        from .audit import page_log_entry_saved

        use_municipality_hosts_in_wagtail_links()

        post_save.connect(page_log_entry_saved, sender=PageLogEntry, dispatch_uid="cms-page-audit")
