"""Consultations benchmark (issue 10): `flock /tmp/bench.lock .venv/bin/python bench/consultations.py`.

In a database of its own ("bench_consultations"), municipality Kassel gets a dialogue with 2,000
published comments (with replies and paragraph comments) and one with 20, and a procedure with
5,000 answered statements. gunicorn runs with 2 workers on 127.0.0.1 and wrk (2 threads, 8
connections) loads the anonymous dialogue page and, in the same run, the plain one-query view.

  * consultation_page_2000_comments_ratio - req/s of the dialogue page with 2,000 comments divided
                                            by req/s of the plain view (target >= 0.02)
  * consultation_page_queries             - SQL queries of that page with 20 and with 2,000 comments
                                            (must be equal: the page shows 20 threads at a time)
  * statements_export_5000_seconds        - time of the background task that writes the XLSX of
                                            5,000 statements with answers (and of the PDF report)
  * statements_export_5000_peak_mb        - peak Python memory while writing it (tracemalloc)
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_EMBEDDED_DB_NAME"] = os.environ.get("BENCH_CONSULTATIONS_DB", "bench_consultations")

from bench.run import ensure_bench_database, figure, start_server  # noqa: E402  (sets the bench env)
from bench.surveys import wrk_rps  # noqa: E402

HOST = "kassel.beteiligung.localhost"
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
STATEMENTS = int(os.environ.get("BENCH_STATEMENTS", "5000"))


def build_dialogue(slug: str, comments: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cms.models import HomePage
    from consultations.models import Comment, ConsultationIndexPage, ConsultationPage
    from consultations.services.phases import phase_sync

    ConsultationPage.objects.filter(slug=slug).delete()
    index = ConsultationIndexPage.objects.filter(slug="bench-verfahren").first()
    if index is None:
        index = HomePage.objects.first().add_child(
            instance=ConsultationIndexPage(title="Bench", slug="bench-verfahren")
        )
    now = timezone.now()
    page = index.add_child(instance=ConsultationPage(
        title=f"Bench {comments}", slug=slug, question="Was fehlt?", draft_text="Eins.\n\nZwei.\n\nDrei.",
        opens_at=now - timedelta(days=1), evaluation_at=now + timedelta(days=30), result_at=now + timedelta(days=60),
    ))  # fmt: skip
    phase_sync(page)
    author, _ = get_user_model().objects.get_or_create(username="bench-autor@example.org",
                                                       defaults={"email": "bench-autor@example.org"})  # fmt: skip
    threads = Comment.objects.bulk_create([
        Comment(page=page, author=author, author_name="Bench", body=f"Kommentar {n} " + "Text " * 40,
                paragraph=(n % 3) + 1 if n % 4 == 0 else None, support_count=n % 7)
        for n in range(comments * 3 // 4)
    ], batch_size=1000)  # fmt: skip
    Comment.objects.bulk_create([
        Comment(page=page, author=author, author_name="Bench", parent=threads[n % len(threads)], body=f"Antwort {n}")
        for n in range(comments - len(threads))
    ], batch_size=1000)  # fmt: skip
    return page


def page_queries(url: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def build_statements(count: int):
    from django.utils import timezone

    from consultations.models import ProcedurePage, Statement

    Statement.objects.filter(page__slug="bench-bebauungsplan").delete()  # statements protect their procedure
    ProcedurePage.objects.filter(slug="bench-bebauungsplan").delete()
    from consultations.models import ConsultationIndexPage

    index = ConsultationIndexPage.objects.get(slug="bench-verfahren")
    now = timezone.now()
    page = index.add_child(instance=ProcedurePage(title="Bench-Bebauungsplan", slug="bench-bebauungsplan",
                                                  period_start=now - timedelta(days=40),
                                                  period_end=now - timedelta(days=1)))  # fmt: skip
    Statement.objects.bulk_create([
        Statement(page=page, reference=f"BENCH-{page.pk}-{n:05d}", name=f"Person {n}", street="Ringstraße 4",
                  postcode="34117", city="Kassel", email=f"p{n}@example.org", body="Die Zufahrt ist zu eng. " * 30,
                  weighing="partly", answer="Die Zufahrt wird auf 6,50 m verbreitert. " * 8, answered_by="bench")
        for n in range(count)
    ], batch_size=1000)  # fmt: skip
    return page


def export_run(page, fmt: str, traced: bool) -> tuple[float, float]:
    from consultations.models import StatementExport
    from consultations.services.exports import statement_export_build

    export = StatementExport.objects.create(page=page, format=fmt)
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    statement_export_build(export_id=export.pk)
    seconds = time.perf_counter() - t0
    peak = 0.0
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    export.refresh_from_db()
    assert export.status == "done" and export.row_count == page.statements.count(), export.error
    export.file.delete(save=False)
    return seconds, peak


def main():
    ensure_bench_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from tenants.demo import demo_load
    from tenants.models import Municipality

    call_command("deploy", verbosity=0)
    demo_load()
    schema = Municipality.objects.get(slug="kassel").schema_name
    with schema_context(schema):
        big = build_dialogue("bench-2000", 2000)
        small = build_dialogue("bench-20", 20)
        queries_small, queries_big = page_queries(small.url), page_queries(big.url)
        big_url = big.url
        procedure = build_statements(STATEMENTS)
        xlsx_seconds, _ = export_run(procedure, "xlsx", traced=False)
        _, xlsx_peak = export_run(procedure, "xlsx", traced=True)
        pdf_seconds, _ = export_run(procedure, "pdf", traced=False)
        # Tracing the report doubles its time; BENCH_PDF_PEAK=1 measures its peak too.
        pdf_peak = export_run(procedure, "pdf", traced=True)[1] if os.environ.get("BENCH_PDF_PEAK") == "1" else None
    connection.close()

    plain = start_server("platform_core.settings.bench_plain", 8641)
    tenant = start_server("platform_core.settings.bench", 8642)
    try:
        wrk_rps(8641, "bench.localhost", "/bench/one-query/", 2, "")  # warm-up
        wrk_rps(8642, HOST, big_url, 2, "")
        plain_rps = wrk_rps(8641, "bench.localhost", "/bench/one-query/", SECONDS, "")
        page_rps = wrk_rps(8642, HOST, big_url, SECONDS, "")
    finally:
        for proc in (plain, tenant):
            proc.terminate()
            proc.wait(10)

    figure("plain_view_rps_consultations_run", f"{plain_rps:.0f}", "req/s")
    figure("consultation_page_2000_comments_rps", f"{page_rps:.1f}", "req/s")
    figure("consultation_page_2000_comments_ratio", f"{page_rps / plain_rps:.3f}", "ratio")
    figure("consultation_page_queries", queries_big, "queries")
    figure("consultation_page_queries_20_comments", queries_small, "queries")
    figure("statements_export_5000_seconds", f"{xlsx_seconds:.2f}", "s")
    figure("statements_export_5000_peak_mb", f"{xlsx_peak:.1f}", "MB")
    figure("statements_report_pdf_5000_seconds", f"{pdf_seconds:.2f}", "s")
    if pdf_peak is not None:
        figure("statements_report_pdf_5000_peak_mb", f"{pdf_peak:.1f}", "MB")
    if queries_big != queries_small:
        sys.exit(f"consultations bench: {queries_big} queries with 2,000 comments, {queries_small} with 20")


if __name__ == "__main__":
    main()
