"""Surveys benchmark: `flock /tmp/bench.lock .venv/bin/python bench/surveys.py`.

Measured in one run against gunicorn (2 workers) on loopback, with a bounded Python load
generator (threads + http.client, Host header of the municipality):
  * survey_page      - GET of a 40-question survey page, next to the plain one-query view
  * survey_submit    - start + submit of a 40-question response at 20 concurrent clients
  * results / export - results of 100,000 responses x 40 questions, and their XLSX export
                       task (time and peak RSS of a separate process calling the task function)
Prints `figure <name> <value> <unit>`. Uses the foundation bench's database ("bench").
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import ensure_bench_database, figure, start_server  # noqa: E402  (sets the bench env)

HOST = "kassel.beteiligung.localhost"
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
PAGE_CLIENTS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
SUBMIT_CLIENTS = 20
RESPONSES = int(os.environ.get("BENCH_SURVEY_RESPONSES", "100000"))


# --- Building the surveys ----------------------------------------------------------------------


def build_survey(n: int, slug: str):
    """A published survey with ``n`` questions on one page (kinds cycle), reused between runs."""
    from surveys.models import Question, Survey
    from surveys.services import question_save, survey_create

    Kind = Question.Kind
    existing = Survey.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    survey = survey_create(title=f"Bench {n}", slug=slug)
    section = survey.sections.get()
    scale = [("1", "gar nicht"), ("2", "wenig"), ("3", "teils"), ("4", "ziemlich"), ("5", "sehr")]
    for i in range(n):
        kind = [Kind.SINGLE, Kind.RATING, Kind.MULTIPLE, Kind.MATRIX, Kind.NUMBER, Kind.SHORT_TEXT][i % 6]
        question_save(
            question=Question(
                survey=survey,
                section=section,
                kind=kind,
                code=f"F{i + 1}",
                text=f"Frage {i + 1}?",
                min_value=0 if kind == Kind.NUMBER else None,
                max_value=100 if kind == Kind.NUMBER else None,
            ),
            options=scale if kind in (Kind.RATING, Kind.MATRIX) else [(str(j), f"Antwort {j}") for j in range(1, 6)],
            rows=[("a", "Punkt A"), ("b", "Punkt B"), ("c", "Punkt C")] if kind == Kind.MATRIX else None,
        )
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.PUBLISHED)
    survey.refresh_from_db()
    return survey


def answer_form(survey) -> dict:
    """POST data answering every question of ``survey`` (one page)."""
    from surveys.models import Question
    from surveys.selectors import all_questions, survey_structure

    Kind = Question.Kind
    data = {}
    for q in all_questions(survey_structure(survey)):
        opts = [o for o in q.options.all() if not o.is_row]
        if q.kind in (Kind.SINGLE, Kind.RATING):
            data[f"q{q.pk}"] = str(opts[1].pk)
        elif q.kind == Kind.MULTIPLE:
            data[f"q{q.pk}"] = [str(opts[0].pk), str(opts[2].pk)]
        elif q.kind == Kind.MATRIX:
            for r in q.options.all():
                if r.is_row:
                    data[f"q{q.pk}_r{r.pk}"] = str(opts[2].pk)
        elif q.kind == Kind.NUMBER:
            data[f"q{q.pk}"] = "42"
        else:
            data[f"q{q.pk}"] = "Mehr Bänke im Park"
    return data


def fill_responses(survey, count: int) -> None:
    """``count`` responses with answers to every question, generated inside PostgreSQL."""
    from django.db import connection

    from surveys.models import Question, Response
    from surveys.selectors import all_questions, survey_structure

    Kind = Question.Kind
    have = Response.objects.filter(survey=survey).count()
    if have >= count:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO surveys_response (survey_id, token, channel, submitted_on)"
            " SELECT %s, gen_random_uuid(), 'online', current_date - (g %% 30) FROM generate_series(1, %s) g",
            [survey.pk, count - have],
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_new AS SELECT id FROM surveys_response WHERE survey_id = %s"
            " AND NOT EXISTS (SELECT 1 FROM surveys_answer a WHERE a.response_id = surveys_response.id)",
            [survey.pk],
        )
        insert = (
            "INSERT INTO surveys_answer (survey_id, response_id, question_id, option_id, row_id, is_first,"
            " text, number, date, lat, lng) "
        )
        for q in all_questions(survey_structure(survey)):
            opts = [o.pk for o in q.options.all() if not o.is_row]
            rows = [o.pk for o in q.options.all() if o.is_row]
            pick = f"(ARRAY{opts})[1 + floor(random() * {len(opts)})::int]" if opts else "NULL"
            if q.kind in (Kind.SINGLE, Kind.RATING):
                cursor.execute(
                    insert + f"SELECT %s, id, %s, {pick}, NULL, true, '', NULL, NULL, NULL, NULL FROM bench_new",
                    [survey.pk, q.pk],
                )
            elif q.kind == Kind.MULTIPLE:
                cursor.execute(
                    insert + "SELECT %s, id, %s, o, NULL, o = %s, '', NULL, NULL, NULL, NULL"
                    " FROM bench_new, unnest(%s::bigint[]) o WHERE o = %s OR random() < 0.4",
                    [survey.pk, q.pk, opts[0], opts, opts[0]],
                )
            elif q.kind == Kind.MATRIX:
                cursor.execute(
                    insert + f"SELECT %s, id, %s, {pick}, r, r = %s, '', NULL, NULL, NULL, NULL"
                    " FROM bench_new, unnest(%s::bigint[]) r",
                    [survey.pk, q.pk, rows[0], rows],
                )
            elif q.kind == Kind.NUMBER:
                cursor.execute(
                    insert + "SELECT %s, id, %s, NULL, NULL, true, '', floor(random() * 100), NULL, NULL,"
                    " NULL FROM bench_new",
                    [survey.pk, q.pk],
                )
            else:
                cursor.execute(
                    insert + "SELECT %s, id, %s, NULL, NULL, true, 'Antwort ' || (id %% 997), NULL, NULL,"
                    " NULL, NULL FROM bench_new WHERE random() < 0.3",
                    [survey.pk, q.pk],
                )
        cursor.execute("DROP TABLE bench_new")
        cursor.execute("VACUUM ANALYZE surveys_answer")  # index-only scans need the visibility map
        cursor.execute("ANALYZE surveys_response")


# --- Load generator ----------------------------------------------------------------------------


class Session:
    """One keep-alive connection with cookies, like one browser."""

    def __init__(self, port: int, host: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}{path}"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, response.getheader("Location") or "", text

    def start(self, slug: str) -> None:
        status, _, html = self.request("GET", f"/umfragen/{slug}/")
        assert status == 200, status
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, location, _ = self.request("POST", f"/umfragen/{slug}/", urlencode({"csrfmiddlewaretoken": token}))
        assert status == 302 and location.endswith("/seite/1/"), (status, location)
        self.csrf = token


def wrk_rps(port: int, host: str, path: str, seconds: float, cookie: str) -> float:
    """Requests/s measured by wrk (2 threads, 8 connections); every response must be 2xx."""
    cmd = ["wrk", "-t2", "-c8", f"-d{int(seconds)}s", "-H", f"Host: {host}", f"http://127.0.0.1:{port}{path}"]
    if cookie:
        cmd[4:4] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def run_load(clients: int, seconds: float, setup, step) -> tuple[int, list[float], float]:
    """``clients`` threads run ``step(session)`` (returning the seconds to count) until time is up."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(clients + 1)
    stop = threading.Event()

    def worker(i):
        try:
            session = setup()
            barrier.wait()
            while not stop.is_set():
                latencies[i].append(step(session))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            try:
                barrier.abort()
            except threading.BrokenBarrierError:
                pass

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(60)
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    flat = [x for lst in latencies for x in lst]
    return len(flat), flat, elapsed


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else (values[0] if values else 0.0)


def timed_get(path: str):
    def step(session):
        t0 = time.perf_counter()
        status, _, _ = session.request("GET", path)
        assert status == 200, (path, status)
        return time.perf_counter() - t0

    return step


# --- Measurements ------------------------------------------------------------------------------


def query_counts(surveys) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, survey in surveys.items():
        client = Client(HTTP_HOST=HOST)
        client.post(f"/umfragen/{survey.slug}/")
        client.get(f"/umfragen/{survey.slug}/seite/1/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/umfragen/{survey.slug}/seite/1/").status_code == 200
        counts[name] = len(ctx.captured_queries)
    return counts


def measure_results(survey) -> tuple[float, float]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from surveys.selectors import survey_results

    sql_times, page_times = [], []
    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.filter(is_superuser=True).first())
    for _ in range(3):
        t0 = time.perf_counter()
        survey_results(survey)
        sql_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        assert client.get(f"/cms/umfragen/{survey.pk}/ergebnisse/").status_code == 200
        page_times.append(time.perf_counter() - t0)
    return statistics.median(sql_times), statistics.median(page_times)


EXPORT_SCRIPT = """
import os, resource, sys, time, json
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_EMBEDDED_DB_NAME", "bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "platform_core.settings.bench"
import django
django.setup()
from django_tenants.utils import schema_context
from tenants.models import Municipality
from surveys.models import Survey, SurveyExport
from surveys.services import survey_export_run
schema = Municipality.objects.get(slug="kassel").schema_name
with schema_context(schema):
    survey = Survey.objects.get(slug={slug!r})
    export = SurveyExport.objects.create(survey=survey, format="xlsx")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
survey_export_run.call(schema, export.pk)  # the task's own function, as the worker runs it
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with schema_context(schema):
    export.refresh_from_db()
    result = {{"seconds": seconds, "rss_before_kb": before, "rss_peak_kb": peak, "bytes": export.size,
              "rows": export.row_count, "status": export.status, "error": export.error}}
    export.file.delete(save=False)  # 100 MB per run: the bench keeps no exports
    export.delete()
print(json.dumps(result))
"""


def measure_export(survey) -> dict:
    """Time and peak RSS of the XLSX export task in a fresh process (no HTTP: it runs in the worker)."""
    out = subprocess.run(
        [sys.executable, "-c", EXPORT_SCRIPT.format(root=str(ROOT), slug=survey.slug)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["status"] != "done":
        raise RuntimeError(f"XLSX export task failed: {result['error']}")
    return result


def main():
    ensure_bench_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from tenants.demo import demo_load
    from tenants.models import Municipality

    call_command("deploy", verbosity=0)
    demo_load()
    with schema_context(Municipality.objects.get(slug="kassel").schema_name):
        s10 = build_survey(10, "bench-10-fragen")
        s40 = build_survey(40, "bench-40-fragen")
        submit = build_survey(40, "bench-40-abgabe")
        big = build_survey(40, "bench-100k")
        form = answer_form(submit)
        counts = query_counts({"10": s10, "40": s40})
        t0 = time.perf_counter()
        fill_responses(big, RESPONSES)
        fill_seconds = time.perf_counter() - t0
        from surveys.models import Answer

        answer_rows = Answer.objects.filter(survey=big).count()
    figure("survey_page_queries_10_questions", counts["10"], "queries")
    figure("survey_page_queries_40_questions", counts["40"], "queries")

    plain = start_server("platform_core.settings.bench_plain", 8611)
    tenant = start_server("platform_core.settings.bench", 8612)
    try:
        page_path = f"/umfragen/{s40.slug}/seite/1/"

        def page_setup():
            session = Session(8612, HOST)
            session.start(s40.slug)
            return session

        def submit_step(session):
            session.start(submit.slug)
            body = urlencode({**form, "csrfmiddlewaretoken": session.csrf}, doseq=True)
            t0 = time.perf_counter()
            status, location, _ = session.request("POST", f"/umfragen/{submit.slug}/seite/1/", body)
            assert status == 302 and location.endswith("/danke/"), (status, location)
            return time.perf_counter() - t0

        run_load(2, 2, lambda: Session(8611, "bench.localhost"), timed_get("/bench/one-query/"))  # warm-up
        run_load(2, 2, page_setup, timed_get(page_path))
        plain_rps, page_rps, plain20, submit20 = [], [], [], []
        for _ in range(int(os.environ.get("BENCH_ROUNDS", "3"))):  # interleaved rounds
            n, _, el = run_load(
                PAGE_CLIENTS, SECONDS, lambda: Session(8611, "bench.localhost"), timed_get("/bench/one-query/")
            )
            plain_rps.append(n / el)
            n, _, el = run_load(PAGE_CLIENTS, SECONDS, page_setup, timed_get(page_path))
            page_rps.append(n / el)
        # The Python client caps the plain view; wrk (C, like the foundation bench) does not.
        wrk_plain, wrk_page = [], []
        if shutil.which("wrk"):
            session = page_setup()
            cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
            for _ in range(int(os.environ.get("BENCH_ROUNDS", "3"))):
                wrk_plain.append(wrk_rps(8611, "bench.localhost", "/bench/one-query/", SECONDS, ""))
                wrk_page.append(wrk_rps(8612, HOST, page_path, SECONDS, cookie))
        n, lat, el = run_load(
            SUBMIT_CLIENTS, SECONDS, lambda: Session(8611, "bench.localhost"), timed_get("/bench/one-query/")
        )
        plain20 = (n / el, p99(lat))
        n, lat, el = run_load(SUBMIT_CLIENTS, SECONDS, lambda: Session(8612, HOST), submit_step)
        submit20 = (n / el, p99(lat))
    finally:
        for proc in (plain, tenant):
            proc.terminate()
            proc.wait(10)
    plain_med, page_med = statistics.median(plain_rps), statistics.median(page_rps)
    figure("plain_view_rps", f"{plain_med:.0f}", "req/s")
    figure("survey_page_40_rps", f"{page_med:.1f}", "req/s")
    figure("survey_page_40_ratio", f"{page_med / plain_med:.3f}", "ratio")
    if wrk_plain:
        figure("plain_view_rps_wrk", f"{statistics.median(wrk_plain):.0f}", "req/s")
        figure("survey_page_40_rps_wrk", f"{statistics.median(wrk_page):.1f}", "req/s")
        figure("survey_page_40_ratio_wrk", f"{statistics.median(wrk_page) / statistics.median(wrk_plain):.3f}", "ratio")
    figure("plain_view_rps_20_clients", f"{plain20[0]:.0f}", "req/s")
    figure("plain_view_p99_20_clients", f"{plain20[1] * 1000:.1f}", "ms")
    figure("survey_submit_40_rps_20_clients", f"{submit20[0]:.1f}", "responses/s")
    figure("survey_submit_40_p99_20_clients", f"{submit20[1] * 1000:.1f}", "ms")

    with schema_context(Municipality.objects.get(slug="kassel").schema_name):
        from surveys.models import Response

        figure("results_responses", Response.objects.filter(survey=big).count(), "responses")
        figure("results_answer_rows", answer_rows, "rows")
        figure("results_fill_time", f"{fill_seconds:.1f}", "s")
        sql_s, page_s = measure_results(big)
        figure("results_aggregation_100k", f"{sql_s * 1000:.0f}", "ms")
        figure("results_page_100k", f"{page_s * 1000:.0f}", "ms")
    export = measure_export(big)
    figure("survey_xlsx_export_seconds", f"{export['seconds']:.1f}", "s")
    figure("xlsx_export_100k_time", f"{export['seconds']:.1f}", "s")  # same figure, name of earlier runs
    figure("xlsx_export_100k_rows", export["rows"], "responses")
    figure("xlsx_export_100k_size", f"{export['bytes'] / 1e6:.1f}", "MB")
    figure("xlsx_export_rss_before", f"{export['rss_before_kb'] / 1024:.0f}", "MB")
    figure("xlsx_export_rss_peak", f"{export['rss_peak_kb'] / 1024:.0f}", "MB")


if __name__ == "__main__":
    main()
