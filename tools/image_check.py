"""`make image-check`: run what the Dockerfile runs, without a container engine, and check the result.

On a fresh copy of the tracked files (git ls-files) in a temporary folder:
  1. a fresh venv and `pip install -r requirements.txt` (only that file, as the image does);
  2. production settings (generated secret key, allowed hosts, plain http on loopback);
  3. `collectstatic`, a throwaway PostgreSQL (the binaries of the `pgserver` package of that venv,
     listening on 127.0.0.1), `manage.py deploy`, `create_municipality`;
  4. gunicorn with 2 workers as a non-root user (a system user is created if missing);
and asserts: /healthz answers 200 on 127.0.0.1, the municipality's home page is served with its
Host header, and the per-IP registration limit holds across both workers (requests are steered
to alternate workers; the access log names the worker of each request).
Every process started here is stopped at the end. Exit status 1 with a message on failure.

    python3 tools/image_check.py [--keep]      (--keep leaves the temporary folder for inspection)
"""

from __future__ import annotations

import argparse
import http.client
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER = "beteiligung"
BASE_DOMAIN = "beteiligung.localhost"
AGS, SLUG = "06611000", "kassel"  # the municipality the check creates
OTHER_AGS = "06534014"  # a municipality that registers (not yet taking part)
RATE = 3  # registrations per IP and hour during the check


class CheckFailed(Exception):
    pass


def step(text: str) -> None:
    print(f"image-check: {text}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Check:
    def __init__(self, keep: bool):
        self.keep = keep
        self.tmp = Path(tempfile.mkdtemp(prefix="image-check-"))
        self.app = self.tmp / "app"
        self.venv = self.tmp / "venv"
        self.pgdata = self.tmp / "pgdata"
        self.pg_bin: Path | None = None
        self.pg_started = False
        self.gunicorn: subprocess.Popen | None = None
        self.as_user: list[str] = []
        self.env: dict[str, str] = {}

    # --- helpers ------------------------------------------------------------------------------
    def run(self, args, *, as_user=False, timeout=900, **kwargs):
        cmd = (self.as_user if as_user else []) + [str(a) for a in args]
        result = subprocess.run(
            cmd, cwd=self.app, env=self.env, capture_output=True, text=True, timeout=timeout, **kwargs
        )
        if result.returncode != 0:
            raise CheckFailed(
                f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def manage(self, *args, as_user=False):
        return self.run([self.venv / "bin" / "python", "manage.py", *args], as_user=as_user)

    def request(self, method, path, host, *, headers=None, body=None, port=None):
        conn = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=30)
        conn.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response, data

    # --- steps --------------------------------------------------------------------------------
    def prepare_user(self):
        if os.geteuid() != 0:
            step(f"not root: the servers run as the current user ({pwd.getpwuid(os.geteuid()).pw_name})")
            return
        try:
            pwd.getpwnam(USER)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER], check=True
            )
        entry = pwd.getpwnam(USER)
        self.as_user = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups", "--"]
        step(f"servers run as the non-root user {USER} (uid {entry.pw_uid})")

    def copy_tracked_files(self):
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
        count = 0
        for name in filter(None, files):
            source = ROOT / os.fsdecode(name)
            if not source.is_file() or source.is_symlink():
                continue  # deleted in the working tree, or a link (.venv)
            target = self.app / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            count += 1
        self.tmp.chmod(0o755)
        step(f"copied {count} tracked files to {self.app}")

    def install(self):
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        pip = [str(self.venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        result = subprocess.run([*pip, "-r", str(self.app / "requirements.txt")], capture_output=True, text=True)
        if result.returncode != 0:
            raise CheckFailed(
                f"pip install -r requirements.txt failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        step(f"fresh venv with requirements.txt installed in {time.monotonic() - started:.0f} s")
        out = subprocess.run(
            [str(self.venv / "bin" / "python"), "-c", "import pgserver, os; print(os.path.dirname(pgserver.__file__))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        self.pg_bin = Path(out) / "pginstall" / "bin"

    def production_env(self):
        self.db_port = free_port()
        self.port = free_port()
        var = self.app / "var"
        for sub in ("media", "media-private", "archives"):
            (var / sub).mkdir(parents=True, exist_ok=True)
        self.env = {
            "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "LANG": "C.UTF-8",
            "HOME": str(self.tmp),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
            # What the Dockerfile sets:
            "DJANGO_SETTINGS_MODULE": "platform_core.settings.production",
            "DJANGO_STATIC_ROOT": str(self.app / "static"),
            "PORT": str(self.port),
            # What an operator sets (.env.example):
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": f"{BASE_DOMAIN},.{BASE_DOMAIN}",
            "DJANGO_BASE_DOMAIN": BASE_DOMAIN,
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain http on loopback
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "DJANGO_REGISTRATION_RATE": f"{RATE}/h",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.db_port}/postgres",
        }

    def collectstatic(self):
        # At build time, as the image does: root, dummy database.
        env = dict(self.env, DATABASE_URL="postgres://build@localhost/build", DJANGO_SECRET_KEY="build-only")
        saved, self.env = self.env, env
        try:
            self.manage("collectstatic", "--noinput", "-v0")
        finally:
            self.env = saved
        if not (self.app / "static" / "staticfiles.json").is_file():
            raise CheckFailed("collectstatic wrote no manifest (static/staticfiles.json)")
        # The volume /app/var belongs to the app user (chown in the Dockerfile).
        if self.as_user:
            entry = pwd.getpwnam(USER)
            for path in [self.app / "var", *(self.app / "var").rglob("*")]:
                os.chown(path, entry.pw_uid, entry.pw_gid)
        step("collectstatic done (hashed, compressed)")

    def start_database(self):
        self.pgdata.mkdir()
        if self.as_user:
            entry = pwd.getpwnam(USER)
            os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        self.run(
            [self.pg_bin / "initdb", "-D", self.pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8"], as_user=True
        )
        self.run(
            [
                self.pg_bin / "pg_ctl",
                "-D",
                self.pgdata,
                "-w",
                "-l",
                self.pgdata / "log",
                "-o",
                f"-h 127.0.0.1 -p {self.db_port} -k {self.pgdata}",
                "start",
            ],
            as_user=True,
        )
        self.pg_started = True
        step(f"throwaway PostgreSQL on 127.0.0.1:{self.db_port}")

    def deploy(self):
        started = time.monotonic()
        out = self.manage("deploy", as_user=True)
        step(f"manage.py deploy ({time.monotonic() - started:.0f} s): {out.strip().splitlines()[-1]}")
        out = self.manage(
            "create_municipality", "--ags", AGS, "--slug", SLUG, "--admin-email", "admin@kassel.example", as_user=True
        )
        step(out.strip().splitlines()[0])

    def start_gunicorn(self):
        self.access_log = self.tmp / "access.log"
        self.error_log = self.tmp / "error.log"
        for log in (self.access_log, self.error_log):
            log.touch()
            if self.as_user:
                os.chown(log, pwd.getpwnam(USER).pw_uid, -1)
        cmd = self.as_user + [
            str(self.venv / "bin" / "gunicorn"),
            "platform_core.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--access-logfile",
            str(self.access_log),
            "--access-logformat",
            '%(p)s "%(r)s" %(s)s',
            "--error-logfile",
            str(self.error_log),
        ]
        # Django's own log lines (e.g. "Too Many Requests") go to the error log, not the terminal.
        with self.error_log.open("a") as log:
            self.gunicorn = subprocess.Popen(
                cmd, cwd=self.app, env=self.env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.gunicorn.poll() is not None:
                raise CheckFailed(
                    f"gunicorn exited ({self.gunicorn.returncode}):\n{self.error_log.read_text()[-3000:]}"
                )
            try:
                response, _ = self.request("GET", "/healthz", "127.0.0.1")
                if response.status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            raise CheckFailed(f"gunicorn did not answer within 60 s:\n{self.error_log.read_text()[-3000:]}")
        workers = _children(self.gunicorn.pid)
        if len(workers) != 2:
            raise CheckFailed(f"expected 2 gunicorn workers, found {len(workers)}")
        owners = {pwd.getpwuid(os.stat(f"/proc/{p}").st_uid).pw_name for p in [self.gunicorn.pid, *workers]}
        if os.geteuid() == 0 and owners != {USER}:
            raise CheckFailed(f"gunicorn runs as {owners}, expected only {USER}")
        step(f"gunicorn with 2 workers as {', '.join(sorted(owners))} on 127.0.0.1:{self.port}")

    def assert_health(self):
        for host in ("127.0.0.1", f"127.0.0.1:{self.port}"):
            response, body = self.request("GET", "/healthz", host)
            if response.status != 200 or b'"status": "ok"' not in body:
                raise CheckFailed(f"/healthz with Host {host}: {response.status} {body[:300]!r}")
        # The Dockerfile's HEALTHCHECK command, verbatim in spirit: python, urllib, 127.0.0.1.
        probe = (
            "import os, urllib.request; "
            "urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=4)"
        )
        self.run([self.venv / "bin" / "python", "-c", probe], as_user=True)
        step("/healthz answers 200 on 127.0.0.1 (the HEALTHCHECK command passes)")

    def assert_home_page(self):
        host = f"{SLUG}.{BASE_DOMAIN}"
        response, body = self.request("GET", "/", host)
        if response.status != 200 or b"Kassel" not in body:
            raise CheckFailed(f"home page of {host}: {response.status} {body[:500]!r}")
        response, body = self.request("GET", "/static/" + _some_static_file(self.app / "static"), host)
        if response.status != 200:
            raise CheckFailed(f"a static file through WhiteNoise: {response.status}")
        step(f"home page of {host} served (200, names the municipality); static files served")

    def assert_rate_limit_across_workers(self):
        """Registration POSTs steered to alternate workers: an idle connection occupies one sync
        worker, so the next request must go to the other. The limit counts all of them."""
        path = f"/registrierung/{OTHER_AGS}/"
        response, body = self.request("GET", path, BASE_DOMAIN)
        if response.status != 200:
            raise CheckFailed(f"registration form: {response.status} {body[:300]!r}")
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        headers = {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
        form = f"csrfmiddlewaretoken={token}&contact_name=Check&contact_email=check%40example.org"
        before = len(self.access_log.read_text().splitlines())

        statuses = []
        blocker = None
        for _ in range(2 * RATE + 2):
            new_blocker = socket.create_connection(("127.0.0.1", self.port))
            time.sleep(0.3)  # the free worker takes the idle connection and waits on it
            if blocker is not None:
                blocker.close()  # the other worker is free again, and only it
            blocker = new_blocker
            time.sleep(0.2)
            response, _ = self.request("POST", path, BASE_DOMAIN, headers=headers, body=form)
            statuses.append(response.status)
        blocker.close()
        time.sleep(0.5)

        lines = [line for line in self.access_log.read_text().splitlines()[before:] if f"POST {path}" in line]
        pids = [int(re.match(r"<(\d+)>", line).group(1)) for line in lines]
        if len(pids) != len(statuses):
            raise CheckFailed(f"access log shows {len(pids)} POSTs, {len(statuses)} were sent")
        served = list(zip(pids, statuses, strict=True))
        if len(set(pids)) < 2:
            raise CheckFailed(f"all POSTs went to one worker, nothing proven: {served}")
        accepted = [s for s in statuses if s != 429]
        if len(accepted) != RATE or statuses[:RATE] != accepted or any(s != 429 for s in statuses[RATE:]):
            raise CheckFailed(f"limit {RATE}/h not held across workers; (worker pid, status) per POST: {served}")
        # Proof that the count is shared: a worker refused a POST although it had itself served
        # fewer than the limit before (with a per-process cache it would have accepted it).
        shared = [i for i, (pid, status) in enumerate(served) if status == 429 and pids[:i].count(pid) < RATE]
        if not shared:
            raise CheckFailed(f"no refusal that only a shared count explains: {served}")
        step(f"registration limit {RATE}/h held across 2 workers: (worker pid, status) {served}")

    # --- clean-up -------------------------------------------------------------------------------
    def cleanup(self):
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            os.killpg(self.gunicorn.pid, signal.SIGTERM)
            try:
                self.gunicorn.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.gunicorn.pid, signal.SIGKILL)
                self.gunicorn.wait(5)
        if self.pg_started:
            subprocess.run(
                self.as_user + [str(self.pg_bin / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=60,
            )
        if self.keep:
            step(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def main(self) -> int:
        started = time.monotonic()
        try:
            self.prepare_user()
            self.copy_tracked_files()
            self.install()
            self.production_env()
            self.collectstatic()
            self.start_database()
            self.deploy()
            self.start_gunicorn()
            self.assert_health()
            self.assert_home_page()
            self.assert_rate_limit_across_workers()
        except CheckFailed as error:
            print(f"image-check FAILED: {error}", file=sys.stderr, flush=True)
            return 1
        finally:
            self.cleanup()
        step(f"passed in {time.monotonic() - started:.0f} s")
        return 0


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _some_static_file(static_root: Path) -> str:
    import json

    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return next(iter(manifest["paths"].values()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the temporary folder for inspection")
    sys.exit(Check(keep=parser.parse_args().keep).main())
