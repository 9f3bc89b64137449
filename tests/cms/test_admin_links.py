"""Wagtail's notification emails link to the municipality's own /cms/, not to the state portal."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.template import Context, Template
from django_tenants.utils import schema_context

from tests.conftest import host_of


def test_wagtail_base_url_is_the_municipalitys_host(kassel, marburg):
    template = Template("{% load wagtailadmin_tags %}{% base_url_setting as base %}{{ base }}")
    with schema_context(kassel.schema_name):
        assert template.render(Context()) == f"http://{host_of(kassel)}:8000"
    with schema_context(marburg.schema_name):
        assert template.render(Context()) == f"http://{host_of(marburg)}:8000"


def test_moderation_email_links_to_the_municipalitys_admin(kassel, settings):
    from wagtail.models import Workflow

    from cms.models import NewsIndexPage, NewsPage

    with schema_context(kassel.schema_name):
        editor = get_user_model().objects.create_user("redaktion@kassel.example", "redaktion@kassel.example", "x")
        editor.groups.add(Group.objects.get(name="Editors"))
        index = NewsIndexPage.objects.get()
        page = index.add_child(instance=NewsPage(title="Neuer Radweg", slug="neuer-radweg", live=False))
        mail.outbox.clear()
        workflow = Workflow.objects.filter(active=True).first()
        assert workflow is not None  # Wagtail's default "Moderators approval" is part of every site
        page.save_revision(user=editor)
        workflow.start(page, editor)
    links = [link for message in mail.outbox for link in re.findall(r"https?://[^\s\"'<>]+", message.body)]
    admin_links = [link for link in links if "/cms/" in link]
    assert admin_links, [m.body for m in mail.outbox]
    assert all(link.startswith(f"http://{host_of(kassel)}") for link in admin_links), admin_links
