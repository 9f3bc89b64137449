"""What feature apps tell the core about themselves, so the core never imports them.

Each tenant app registers one ``FeatureApp`` in its ``AppConfig.ready()``. The core loops over
the registry for the state's figures (``tenants.stats``), a person's data export and account
deletion (``platform_core.services``), abandoned background jobs (``manage.py
recover_abandoned_jobs``), demo data (``load_demo``), the app's public URLs and the
municipality's header navigation. A new app adds, in its ``apps.py``::

    def ready(self):
        from platform_core.registry import FeatureApp, Figure, JobRecovery, Listing, PersonalData, registry
        from . import demo, personal_data, services

        registry.register(FeatureApp(
            label=self.label,
            figures=[Figure("bookings", _("bookings"), table="myapp_booking")],
            personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase,
                                       erasure_note=_("Your bookings are deleted.")),
            jobs=[JobRecovery("reminders", recover=services.reminders_recover_abandoned)],
            demo=demo.demo_content,
            urls=("termine/", "myapp.urls"),
            listing=Listing(_("Dates"), "myapp:list", order=30),
        ))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Figure:
    """A number the state sees per municipality, counted inside the municipality's schema.

    Either ``table`` (with an optional SQL ``where`` condition): counted with all other tables
    of the schema in one query, and 0 where the table does not exist yet; or ``count``, a
    callable run inside the schema that returns an int (for what one count cannot say).
    """

    key: str
    label: Any  # a lazy translation: the console's column heading
    table: str = ""
    where: str = ""
    count: Callable[[], int] | None = None

    def __post_init__(self):
        if bool(self.table) == (self.count is not None):
            raise ValueError(f"Figure {self.key!r}: give either table or count.")


@dataclass(frozen=True)
class PersonalData:
    """An app's part of a person's data (DSGVO Art. 15, 17, 20), inside the municipality's schema.

    ``export(user)`` returns JSON-serialisable data (or None when there is nothing);
    ``erase(user)`` deletes or anonymises it and runs in the deletion's transaction, before the
    account itself is deleted. ``erasure_note`` tells the person on the deletion page what happens.
    """

    export: Callable[[Any], Any]
    erase: Callable[[Any], None]
    erasure_note: Any = ""


@dataclass(frozen=True)
class JobRecovery:
    """Background jobs whose worker died: ``recover()`` marks them failed and returns how many.

    ``scope="tenant"`` runs it inside every municipality's schema, ``"public"`` once in the
    public schema. Only ``manage.py recover_abandoned_jobs`` (and staff's explicit POST) call it:
    views only *show* a job as abandoned (``platform_core.liveness.job_is_abandoned``).
    """

    name: str
    recover: Callable[[], int]
    scope: Literal["tenant", "public"] = "tenant"


@dataclass(frozen=True)
class Listing:
    """The app's public listing page, linked in every municipality's header navigation."""

    label: Any
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class OpenItem:
    """Something a citizen can take part in (or find), for the home page, "Beteiligung" and search.

    Built by an app's ``open_now()`` / ``search(query)`` inside the municipality's schema.
    ``ends_at`` is when taking part closes (a survey's end, an event's date); ``duration_minutes``
    the estimated time to take part, where the app knows it.
    """

    kind: Any  # a lazy translation, e.g. _("Survey")
    title: str
    url: str
    summary: str = ""
    starts_at: Any = None  # aware datetime or None
    ends_at: Any = None  # aware datetime or None
    duration_minutes: int | None = None


@dataclass(frozen=True)
class ConsoleSection:
    """An app's pages in the state console (public schema): a link in the console's navigation
    and a URL conf mounted at ``prefix`` (e.g. ``"konsole/kompass/"``) of the state portal."""

    label: Any
    prefix: str
    urlconf: str
    url_name: str


@dataclass(frozen=True)
class FeatureApp:
    """Everything one app contributes; every part is optional."""

    label: str
    figures: list[Figure] = field(default_factory=list)
    personal_data: PersonalData | None = None
    jobs: list[JobRecovery] = field(default_factory=list)
    demo: Callable[[Any], None] | None = None  # demo(municipality), run inside its schema
    urls: tuple[str, str] | None = None  # (prefix, urlconf module) on the municipality's site
    portal_urls: tuple[str, str] | None = None  # (prefix, urlconf module) on the state portal (public schema)
    listing: Listing | None = None
    open_now: Callable[[], list[OpenItem]] | None = None  # what is open now, inside the schema
    search: Callable[[str], list[OpenItem]] | None = None  # items matching a query, inside the schema
    console: ConsoleSection | None = None  # the app's pages in the state console


def soonest_first(items: list[OpenItem]) -> list[OpenItem]:
    """Sorted by closing time (open-ended last), each address once: an event with several dates is one
    card, its soonest; a survey that two apps report (the KOMPASS survey is also a survey) is shown as
    the later-registered, more specific app describes it (apps that build on others come later)."""
    seen: set[str] = set()
    unique = []
    ordered = sorted(
        enumerate(items), key=lambda pair: (pair[1].ends_at is None, pair[1].ends_at or 0, pair[1].title, -pair[0])
    )
    for _position, item in ordered:
        if item.url not in seen:
            seen.add(item.url)
            unique.append(item)
    return unique


class Registry:
    def __init__(self):
        self._apps: dict[str, FeatureApp] = {}

    def register(self, app: FeatureApp) -> FeatureApp:
        """Add (or, on a repeated ``ready()``, replace) an app; figure keys must be unique."""
        taken = {f.key for other in self._apps.values() if other.label != app.label for f in other.figures}
        clash = taken & {f.key for f in app.figures}
        if clash:
            raise ValueError(f"{app.label}: figure keys already registered: {sorted(clash)}")
        self._apps[app.label] = app
        return app

    def unregister(self, label: str) -> None:
        self._apps.pop(label, None)

    def apps(self) -> list[FeatureApp]:
        return list(self._apps.values())

    def figures(self) -> list[Figure]:
        return [f for app in self._apps.values() for f in app.figures]

    def personal_data(self) -> list[tuple[str, PersonalData]]:
        return [(app.label, app.personal_data) for app in self._apps.values() if app.personal_data]

    def jobs(self, scope: str) -> list[JobRecovery]:
        return [job for app in self._apps.values() for job in app.jobs if job.scope == scope]

    def demo_loaders(self) -> list[Callable[[Any], None]]:
        return [app.demo for app in self._apps.values() if app.demo]

    def url_includes(self) -> list[tuple[str, str]]:
        return [app.urls for app in self._apps.values() if app.urls]

    def portal_url_includes(self) -> list[tuple[str, str]]:
        return [app.portal_urls for app in self._apps.values() if app.portal_urls]

    def listings(self) -> list[Listing]:
        return sorted((app.listing for app in self._apps.values() if app.listing), key=lambda item: item.order)

    def console_sections(self) -> list[ConsoleSection]:
        return [app.console for app in self._apps.values() if app.console]

    def open_now(self) -> list[OpenItem]:
        """Everything open now across the apps, the soonest to close first (open-ended last)."""
        return soonest_first([item for app in self._apps.values() if app.open_now for item in app.open_now()])

    def search(self, query: str) -> list[OpenItem]:
        return [item for app in self._apps.values() if app.search for item in app.search(query)]


registry = Registry()
