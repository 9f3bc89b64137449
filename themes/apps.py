from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Theme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .context_processors import clear_site_chrome
        from .models import ThemeSettings

        # The menu, footer links and theme are cached per schema; any change clears them.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(clear_site_chrome, dispatch_uid=f"themes-chrome-{signal!r}")
        post_save.connect(clear_site_chrome, sender=ThemeSettings, dispatch_uid="themes-chrome-theme")
        post_delete.connect(clear_site_chrome, dispatch_uid="themes-chrome-delete")
