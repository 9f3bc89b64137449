"""KOMPASS test data: participations in every state, and bulk answers for a KOMPASS survey."""

from __future__ import annotations

import random
import uuid

from django.contrib.auth.models import Group
from django_tenants.utils import schema_context

from kompass.rules import OFFICE_GROUP, POLICE_GROUP
from kompass.state.models import PoliceHeadquarters, PoliceStaff

FREE_TEXT = "Geheimer Freitext am Bahnhof 4711"


def fill_responses(survey, n: int, *, seed: int = 1, paper: int = 0, places: int = 0) -> None:
    """``n`` complete responses with random choices (the first ``paper`` of them on paper), one
    free text each and ``places`` unsafe places, written in bulk."""
    from surveys.models import Answer, Response

    rng = random.Random(seed)
    questions = list(survey.questions.prefetch_related("options"))
    responses = Response.objects.bulk_create(
        [Response(survey=survey, token=uuid.uuid4(), channel="paper" if i < paper else "online") for i in range(n)],
        batch_size=2000,
    )
    answers = []
    for i, response in enumerate(responses):
        for q in questions:
            opts = [o for o in q.options.all() if not o.is_row and not o.is_other]
            rows = [o for o in q.options.all() if o.is_row]
            base = {"survey": survey, "response": response, "question": q}
            if q.kind in ("single", "rating"):
                answers.append(Answer(option=rng.choice(opts), **base))
            elif q.kind == "multiple":
                for k, o in enumerate(rng.sample(opts, rng.randint(1, 2))):
                    answers.append(Answer(option=o, is_first=k == 0, **base))
            elif q.kind == "matrix":
                for k, row in enumerate(rows):
                    answers.append(Answer(option=rng.choice(opts), row=row, is_first=k == 0, **base))
            elif q.kind == "long_text":
                answers.append(Answer(text=f"{FREE_TEXT} {i}", **base))
            elif q.kind == "map_point" and i < places:
                answers.append(Answer(lat=51.31 + rng.random() / 100, lng=9.49 + rng.random() / 100, **base))
    Answer.objects.bulk_create(answers, batch_size=5000)


def office_user(email: str | None = None):
    """A console account of the programme office (with a confirmed TOTP device)."""
    from tests.tenants.conftest import make_staff

    with schema_context("public"):
        user, device = make_staff(email=email or f"buero-{uuid.uuid4().hex[:6]}@hessen.example")
        user.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
    return user, device


def police_user(headquarters: str, email: str | None = None):
    from tests.tenants.conftest import make_staff

    with schema_context("public"):
        user, device = make_staff(email=email or f"polizei-{uuid.uuid4().hex[:6]}@polizei.hessen.example")
        user.groups.add(Group.objects.get_or_create(name=POLICE_GROUP)[0])
        PoliceStaff.objects.create(user=user, headquarters=PoliceHeadquarters.objects.get(name=headquarters))
    return user, device
