"""Page publish, unpublish, delete and move go into the municipality's audit log.

Wagtail writes a ``PageLogEntry`` (with the acting user) for each of them, whether it happens
in the page editor, a bulk action, a workflow or code. Following those entries catches every
path with one handler; Wagtail's ``after_*_page`` hooks fire in the single-page views only.
"""

from platform_core import audit

PAGE_ACTIONS = {
    "wagtail.publish": "page.publish",
    "wagtail.unpublish": "page.unpublish",
    "wagtail.delete": "page.delete",
    "wagtail.move": "page.move",
}


def page_log_entry_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.action not in PAGE_ACTIONS:
        return
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()
    data = {"title": instance.label}
    if instance.action == "wagtail.move":
        data["from"] = (instance.data.get("source") or {}).get("title", "")
        data["to"] = (instance.data.get("destination") or {}).get("title", "")
    audit.log(PAGE_ACTIONS[instance.action], actor=instance.user, target=page, **data)
