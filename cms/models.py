"""Page types of a municipality's website (one Wagtail tree per schema)."""

import re

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    """The municipality's start page; the root of its site. Shows the latest news."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live().public().order_by("-date", "-pk").only("title", "url_path", "date", "teaser")[:3]
        )
        return context


class ContentPage(Page):
    """A plain page of text and images, anywhere below the home page."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")


class NewsIndexPage(Page):
    """The news section ("Aktuelles"): lists its news pages, newest first, 10 a page."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("news section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        context["news"] = Paginator(news, 10).get_page(request.GET.get("seite"))
        return context


class NewsPage(Page):
    """One news item, below the news section."""

    date = models.DateField(_("date"), default=timezone.localdate)
    teaser = models.TextField(_("teaser"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("teaser"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("teaser"), index.SearchField("body")]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")


# "[Anschrift]", "[Name, Anschrift]": the blanks of the default texts (cms/setup.py).
PLACEHOLDER = re.compile(r"\[[A-ZÄÖÜ][^\[\]<>]{0,40}\]")


class PlaceholderWarningPanel(HelpPanel):
    """A warning above a legal page's fields while its text still has blanks such as "[Anschrift]"."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            found = self.instance.placeholders() if isinstance(self.instance, LegalPage) else []
            self.content = (
                format_html(
                    '<div class="help-block help-warning" role="alert" data-placeholder-warning><p><strong>{}</strong> '
                    "{}</p><p>{}</p></div>",
                    _("This page is incomplete."),
                    _("Replace these blanks with the municipality's details:"),
                    ", ".join(found),
                )
                if found
                else ""
            )

        def is_shown(self):
            return bool(self.content)


class LegalPage(Page):
    """Imprint, privacy policy or accessibility statement: the pages every German public site needs.

    One page of each kind stands directly below the home page; the footer links to them.
    """

    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Imprint")
        PRIVACY = "privacy", _("Privacy policy")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = RichTextField(_("text"), features=["bold", "italic", "h2", "h3", "ol", "ul", "link"])
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("For the accessibility statement: where people report barriers (feedback mechanism)."),
    )
    last_reviewed = models.DateField(_("last reviewed"), default=timezone.localdate)

    content_panels = Page.content_panels + [
        PlaceholderWarningPanel(),
        FieldPanel("kind"),
        FieldPanel("body"),
        FieldPanel("contact_email"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("legal page")

    # Pages made before cms/setup.py wrote "<br/>" hold "<br>", which Wagtail's rich-text editor
    # cannot load ("Unmatched tags"): normalised when the page or a revision of it is loaded.
    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        if "body" in page.__dict__ and page.body:
            page.body = page.body.replace("<br>", "<br/>")
        return page

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.body = (page.body or "").replace("<br>", "<br/>")
        return page

    def placeholders(self) -> list[str]:
        """The blanks ("[Anschrift]") still in the text, each once."""
        return list(dict.fromkeys(PLACEHOLDER.findall(self.body or "")))

    @property
    def is_incomplete(self) -> bool:
        return bool(self.placeholders())

    def public_body(self) -> str:
        """The text without its blanks (citizens never see "[Telefon]")."""
        return PLACEHOLDER.sub("", self.body or "")

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        return _("%(title)s (incomplete)") % {"title": title} if self.is_incomplete else title

    def clean(self):
        super().clean()
        others = LegalPage.objects.filter(kind=self.kind)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError({"kind": _("There is already a page of this kind.")})
