"""The state's part of KOMPASS, in the public schema (app label ``kompass_state``).

What the programme office, the police headquarters and the benchmark need across municipalities:
the participation of each municipality with its status, the police headquarters and the
districts they cover, the versioned questionnaire template, the seal criteria and seals, and the
survey results as aggregates only (per-item distributions per group; groups under
``MIN_GROUP`` are never stored). Raw answers stay in the municipality's schema.
Municipalities write here through ``kompass.services``; nothing reads 421 schemas at request time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Groups with fewer answers than this are suppressed before anything reaches the public schema.
MIN_GROUP = 10


class PoliceHeadquarters(models.Model):
    """One of the seven Hessian police headquarters (Polizeipräsidien) with KOMPASS staff."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    seat = models.CharField(_("seat"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("police headquarters")
        verbose_name_plural = _("police headquarters")
        ordering = ["name"]

    def __str__(self):
        return self.name


class HeadquartersDistrict(models.Model):
    """A district (Kreis or kreisfreie Stadt, by its 5-digit key) and the headquarters covering it."""

    district_ags = models.CharField(_("district key"), max_length=5, primary_key=True)
    district = models.CharField(_("district"), max_length=200)
    headquarters = models.ForeignKey(PoliceHeadquarters, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["district"]

    def __str__(self):
        return self.district


class PoliceStaff(models.Model):
    """A state-console account of a headquarters' KOMPASS staff: sees only its own districts."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kompass_police")
    headquarters = models.ForeignKey(PoliceHeadquarters, on_delete=models.CASCADE, related_name="staff")

    class Meta:
        verbose_name = _("police KOMPASS staff")
        verbose_name_plural = _("police KOMPASS staff")

    def __str__(self):
        return f"{self.user} ({self.headquarters})"


class Participation(models.Model):
    """A municipality's way through the programme, from interest to the seal."""

    class Status(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        APPLIED = "applied", _("Applied")
        ADMITTED = "admitted", _("Admitted")
        KICKOFF = "kickoff", _("Kick-off")
        SURVEY = "survey", _("Survey")
        ANALYSIS = "analysis", _("Analysis")
        CONFERENCES = "conferences", _("Security conferences")
        MEASURES = "measures", _("Measures")
        SEAL = "seal", _("Seal awarded")

    ORDER = [s.value for s in Status]

    municipality = models.OneToOneField(
        settings.TENANT_MODEL, on_delete=models.CASCADE, related_name="kompass", verbose_name=_("municipality")
    )
    municipality_name = models.CharField(_("municipality"), max_length=200)
    district_ags = models.CharField(_("district key"), max_length=5, db_index=True)
    district = models.CharField(_("district"), max_length=200, blank=True)
    headquarters = models.ForeignKey(
        PoliceHeadquarters, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INTERESTED)
    admission_number = models.PositiveIntegerField(_("admission number"), null=True, blank=True, unique=True)
    # When each status was reached: {"interested": "2026-01-05", ...}
    dates = models.JSONField(_("dates"), default=dict, blank=True)
    municipality_contact = models.CharField(_("contact at the municipality"), max_length=300, blank=True)
    municipality_email = models.EmailField(_("email of the municipality's contact"), blank=True)
    police_contact = models.CharField(_("contact at the police headquarters"), max_length=300, blank=True)
    police_email = models.EmailField(_("email of the police contact"), blank=True)
    office_contact = models.CharField(_("contact at the programme office"), max_length=300, blank=True)
    office_email = models.EmailField(_("email of the programme office contact"), blank=True)
    motivation = models.TextField(_("why the municipality wants to take part"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("KOMPASS participation")
        verbose_name_plural = _("KOMPASS participations")
        ordering = ["municipality_name"]

    def __str__(self):
        return self.municipality_name

    def reached(self, status: str) -> bool:
        return self.ORDER.index(self.status) >= self.ORDER.index(status)

    @property
    def status_steps(self) -> list[dict]:
        return [
            {"value": s.value, "label": s.label, "date": self.dates.get(s.value, ""), "done": self.reached(s.value)}
            for s in self.Status
        ]


class ParticipationDocument(models.Model):
    """A document of the participation (agreement, kick-off minutes), kept as a title and a link."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500)
    added_by = models.CharField(_("added by"), max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class QuestionnaireTemplate(models.Model):
    """One version of the KOMPASS questionnaire (full or short variant), kept by the programme office.

    ``structure`` is a surveys JSON structure (``surveys.importers.survey_to_json``); ``core``
    lists the codes municipalities cannot change; ``slots`` maps a question code to the local
    list that fills its options when a municipality creates its survey (e.g. ``districts``).
    """

    class Variant(models.TextChoices):
        FULL = "full", _("Full questionnaire")
        SHORT = "short", _("Short questionnaire")

    version = models.PositiveIntegerField(_("version"))
    variant = models.CharField(_("variant"), max_length=8, choices=Variant.choices)
    title = models.CharField(_("title"), max_length=200)
    structure = models.JSONField(_("structure"))
    core = models.JSONField(_("core items"), default=list)
    slots = models.JSONField(_("local slots"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire template")
        verbose_name_plural = _("questionnaire templates")
        ordering = ["-version", "variant"]
        constraints = [models.UniqueConstraint(fields=["version", "variant"], name="kompass_template_version_unique")]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def questions(self) -> dict[str, dict]:
        return {q["code"]: q for s in self.structure.get("sections", []) for q in s.get("questions", [])}


class AggregateRound(models.Model):
    """One closed KOMPASS survey of a municipality, as counts only."""

    municipality = models.ForeignKey(settings.TENANT_MODEL, on_delete=models.CASCADE, related_name="kompass_rounds")
    municipality_name = models.CharField(max_length=200)
    district_ags = models.CharField(max_length=5, db_index=True)
    round = models.PositiveSmallIntegerField(_("round"))
    survey_title = models.CharField(_("survey"), max_length=200)
    template_version = models.PositiveIntegerField(_("questionnaire version"))
    variant = models.CharField(_("variant"), max_length=8)
    closed_on = models.DateField(_("closed on"))
    responses = models.PositiveIntegerField(_("responses"))
    paper_responses = models.PositiveIntegerField(_("on paper"), default=0)
    invited = models.PositiveIntegerField(_("letters with access codes"), default=0)
    codes_used = models.PositiveIntegerField(_("access codes used"), default=0)

    class Meta:
        ordering = ["municipality_name", "round"]
        constraints = [models.UniqueConstraint(fields=["municipality", "round"], name="kompass_round_unique")]

    def __str__(self):
        return f"{self.municipality_name} {self.round}"

    @property
    def response_rate(self) -> float | None:
        return 100.0 * self.codes_used / self.invited if self.invited else None


class ItemAggregate(models.Model):
    """The distribution of one item (a question, or a matrix row ``CODE:row``) in one group.

    ``group_kind`` is ``all``, ``district``, ``sex`` or ``age``; ``counts`` maps option value to
    count; ``key_share`` is the share (%) of the two most favourable options among those who
    gave an opinion (scales only), the figure the benchmark compares.
    """

    round = models.ForeignKey(AggregateRound, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(max_length=81)
    group_kind = models.CharField(max_length=10)
    group_value = models.CharField(max_length=300, blank=True)
    n = models.PositiveIntegerField()
    counts = models.JSONField(default=dict)
    key_share = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["item", "group_kind"], name="kompass_item_group")]

    def __str__(self):
        return f"{self.round_id}/{self.item}/{self.group_kind}={self.group_value}"


class StateMirror(models.Model):
    """What the state may see of a municipality's conferences and measures (titles, dates, status)."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Security conference")
        MEASURE = "measure", _("Measure")

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="mirrors")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=40)
    title = models.CharField(max_length=255)
    status = models.CharField(max_length=100, blank=True)
    owner = models.CharField(max_length=200, blank=True)
    date = models.DateField(null=True, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "date", "title"]
        constraints = [models.UniqueConstraint(fields=["participation", "kind", "key"], name="kompass_mirror_key")]

    def __str__(self):
        return self.title


class SealCriteria(models.Model):
    """One version of the seal's criteria checklist (``items``: list of texts)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    items = models.JSONField(_("criteria"))
    created_by = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"v{self.version}"


class Seal(models.Model):
    """A municipality's seal: the checklist against one criteria version, then award, renewal, withdrawal."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        AWARDED = "awarded", _("Awarded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    participation = models.OneToOneField(Participation, on_delete=models.CASCADE, related_name="seal")
    criteria = models.ForeignKey(SealCriteria, on_delete=models.PROTECT, related_name="seals")
    met = models.JSONField(_("criteria met"), default=list)  # indexes into criteria.items
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    confirmed_by = models.CharField(_("confirmed by"), max_length=254, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    def __str__(self):
        return f"{self.participation} {self.status}"

    @property
    def all_met(self) -> bool:
        return set(self.met) >= set(range(len(self.criteria.items)))
