"""Lifecycle of a municipality after provisioning: domains, archive, delete, restore.

An archive is one ``.tar.gz`` file holding ``schema.dump`` (``pg_dump -Fc`` of the
municipality's schema), ``media/`` (its uploaded files) and ``manifest.json``. Deleting a
municipality requires such an archive and the typed subdomain. Restoring creates a new
municipality from an archive (``manage.py restore_municipality``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from platform_core import audit

from .models import Domain, Municipality, MunicipalityArchive, RegisterEntry
from .services import ProvisioningError, municipality_domain_for, schema_name_for, validate_slug

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _pg_bin(name: str) -> str:
    folder = settings.TENANT_PG_BIN_DIR
    if not folder:
        try:
            import pgserver

            folder = str(Path(pgserver.__file__).parent / "pginstall" / "bin")
        except ImportError:
            folder = ""
    candidate = Path(folder) / name if folder else None
    if candidate is not None and candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise ProvisioningError(_("The program %(name)s was not found.") % {"name": name})
    return found


def _pg_args() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"], "--username", db["USER"] or "postgres"]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _dump_renamed(dump: Path, *, old_schema: str, new_schema: str, workdir: Path) -> Path:
    """Return a dump of the archived schema under ``new_schema``, made in a scratch database."""
    import uuid

    import psycopg

    scratch = f"restore_{uuid.uuid4().hex[:12]}"
    args, env = _pg_args()
    scratch_args = list(args)
    scratch_args[scratch_args.index("--dbname") + 1] = scratch
    db = connection.settings_dict
    conninfo = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db["USER"] or "postgres",
        "password": db.get("PASSWORD") or None,
    }
    renamed = workdir / "renamed.dump"

    def run(command: list[str]) -> None:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise ProvisioningError(_("pg_restore failed: %(error)s") % {"error": result.stderr.strip()[:500]})

    with psycopg.connect(dbname=db["NAME"], autocommit=True, **conninfo) as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        run([_pg_bin("pg_restore"), *scratch_args, "--no-owner", "--no-privileges", "--exit-on-error", str(dump)])
        with psycopg.connect(dbname=scratch, autocommit=True, **conninfo) as conn:
            conn.execute(f'ALTER SCHEMA "{old_schema}" RENAME TO "{new_schema}"')
        run(
            [
                _pg_bin("pg_dump"),
                *scratch_args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--schema",
                new_schema,
                "--file",
                str(renamed),
            ]
        )
    finally:
        with psycopg.connect(dbname=db["NAME"], autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    return renamed


def _media_dir(schema_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / schema_name


def _set_site_hostname(municipality: Municipality, hostname: str) -> None:
    from wagtail.models import Site

    with schema_context(municipality.schema_name):
        Site.objects.filter(is_default_site=True).update(hostname=hostname)


def domain_add(*, municipality: Municipality, domain: str, make_primary: bool, actor: audit.ActorLike) -> Domain:
    """Add a host name to a municipality; as primary, it also becomes the Wagtail site's host."""
    domain = (domain or "").strip().lower().rstrip(".")
    if municipality.is_public:
        raise ProvisioningError(_("The state portal's domain cannot be changed here."))
    if not HOSTNAME_RE.match(domain):
        raise ProvisioningError(_("“%(domain)s” is not a valid host name.") % {"domain": domain})
    if Domain.objects.filter(domain=domain).exists():
        raise ProvisioningError(_("The host name “%(domain)s” is already in use.") % {"domain": domain})
    with transaction.atomic():
        record = Domain.objects.create(domain=domain, tenant=municipality, is_primary=False)
        audit.log("municipality.domain_added", actor=actor, target=municipality, domain=domain)
        if make_primary:
            domain_make_primary(domain=record, actor=actor)
    return record


def domain_make_primary(*, domain: Domain, actor: audit.ActorLike) -> Domain:
    """Make ``domain`` the municipality's primary host name (links and Wagtail use it)."""
    municipality = domain.tenant
    with transaction.atomic():
        Domain.objects.filter(tenant=municipality).exclude(pk=domain.pk).update(is_primary=False)
        domain.is_primary = True
        domain.save(update_fields=["is_primary"])
        _set_site_hostname(municipality, domain.domain)
        audit.log("municipality.domain_primary", actor=actor, target=municipality, domain=domain.domain)
    return domain


def domain_remove(*, domain: Domain, actor: audit.ActorLike) -> None:
    """Remove a host name that is not the primary one."""
    if domain.is_primary:
        raise ProvisioningError(_("The primary host name cannot be removed; make another one primary first."))
    municipality = domain.tenant
    with transaction.atomic():
        name = domain.domain
        domain.delete()
        audit.log("municipality.domain_removed", actor=actor, target=municipality, domain=name)


def municipality_archive(*, municipality: Municipality, actor: audit.ActorLike) -> MunicipalityArchive:
    """Write a full export (schema dump + media) to one file and take the site offline (status archived)."""
    if municipality.is_public:
        raise ProvisioningError(_("The state portal cannot be archived."))
    schema = municipality.schema_name
    if not schema_exists(schema):
        raise ProvisioningError(_("The schema %(schema)s does not exist.") % {"schema": schema})
    root = Path(settings.TENANT_ARCHIVE_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = root / f"{schema}-{stamp}.tar.gz"
    args, env = _pg_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "schema.dump"
        result = subprocess.run(
            [
                _pg_bin("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--schema",
                schema,
                "--file",
                str(dump),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise ProvisioningError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()[:500]})
        manifest = {
            "format": 1,
            "name": municipality.name,
            "slug": municipality.slug,
            "ags": municipality.ags,
            "district": municipality.district,
            "schema_name": schema,
            "domains": list(municipality.domains.values_list("domain", flat=True)),
            "created_at": municipality.created_at.isoformat() if municipality.created_at else None,
            "archived_at": timezone.now().isoformat(),
            "archived_by": audit.actor_label(actor),
        }
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname="schema.dump")
            media = _media_dir(schema)
            if media.is_dir():
                tar.add(media, arcname="media")
        partial.rename(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    with transaction.atomic():
        archive = MunicipalityArchive.objects.create(
            municipality=municipality,
            municipality_name=municipality.name,
            ags=municipality.ags,
            schema_name=schema,
            path=str(target),
            size=target.stat().st_size,
            sha256=digest,
            created_by=audit.actor_label(actor),
        )
        municipality.status = Municipality.Status.ARCHIVED
        municipality.save(update_fields=["status", "updated_at"])
        audit.log("municipality.archived", actor=actor, target=municipality, file=target.name, sha256=digest)
    return archive


def municipality_delete(*, municipality: Municipality, confirmation: str, actor: audit.ActorLike) -> None:
    """Delete a municipality for good: its schema, domains and media. Only after an archive,
    and only if ``confirmation`` is its subdomain typed out."""
    if municipality.is_public:
        raise ProvisioningError(_("The state portal cannot be deleted."))
    if municipality.status != Municipality.Status.ARCHIVED:
        raise ProvisioningError(_("Archive the municipality before deleting it."))
    archive = municipality.archives.first()
    if archive is None or not Path(archive.path).is_file():
        raise ProvisioningError(_("There is no archive file of this municipality; archive it again first."))
    if (confirmation or "").strip() != municipality.slug:
        raise ProvisioningError(_("To confirm, type the subdomain “%(slug)s” exactly.") % {"slug": municipality.slug})
    schema = municipality.schema_name
    name, ags = municipality.name, municipality.ags
    with transaction.atomic():
        audit.log("municipality.deleted", actor=actor, target=municipality, ags=ags, archive=Path(archive.path).name)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        Domain.objects.filter(tenant=municipality).delete()
        municipality.delete()
    shutil.rmtree(_media_dir(schema), ignore_errors=True)
    connection.set_schema_to_public()
    return name


def _read_archive(path: Path, workdir: Path) -> dict:
    if not path.is_file():
        raise ProvisioningError(_("The archive file %(path)s does not exist.") % {"path": path})
    with tarfile.open(path, "r:gz") as tar:
        tar.extractall(workdir, filter="data")
    try:
        return json.loads((workdir / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise ProvisioningError(_("The archive has no valid manifest: %(error)s") % {"error": error}) from None


def municipality_restore(
    *, path: Path, actor: audit.ActorLike, ags: str | None = None, slug: str | None = None, name: str | None = None
) -> Municipality:
    """Restore an archive into a new municipality (schema, domain, Wagtail host, media).

    The archived schema is first restored into a scratch database and renamed there, so the
    municipality it came from may still exist (restoring a copy never touches the original).
    """
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        manifest = _read_archive(Path(path), workdir)
        old_schema = manifest["schema_name"]
        ags = ags or manifest["ags"]
        slug = (slug or manifest["slug"]).strip().lower()
        entry = RegisterEntry.objects.filter(ags=ags).first()
        if entry is None:
            raise ProvisioningError(
                _("There is no municipality with the key (AGS) “%(ags)s” in the register of Hessen.") % {"ags": ags}
            )
        if Municipality.objects.filter(ags=ags).exists():
            raise ProvisioningError(_("%(name)s already takes part in the platform.") % {"name": entry.name})
        validate_slug(slug)
        new_schema = schema_name_for(ags)
        if schema_exists(new_schema):
            raise ProvisioningError(
                _("The schema %(schema)s still exists; delete that municipality before restoring.")
                % {"schema": new_schema}
            )
        dump = workdir / "schema.dump"
        if old_schema != new_schema:
            dump = _dump_renamed(dump, old_schema=old_schema, new_schema=new_schema, workdir=workdir)
        args, env = _pg_args()
        result = subprocess.run(
            [
                _pg_bin("pg_restore"),
                *args,
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(dump),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:  # --single-transaction: nothing of the schema was created
            raise ProvisioningError(_("pg_restore failed: %(error)s") % {"error": result.stderr.strip()[:500]})
        domain_name = municipality_domain_for(slug)
        try:
            with transaction.atomic():
                municipality = Municipality(
                    schema_name=new_schema,
                    name=name or manifest.get("name") or entry.short_name,
                    slug=slug,
                    ags=ags,
                    district=entry.district,
                )
                municipality.full_clean()
                municipality.save()
                Domain.objects.create(domain=domain_name, tenant=municipality, is_primary=True)
                _set_site_hostname(municipality, domain_name)
                audit.log(
                    "municipality.restored",
                    actor=actor,
                    target=municipality,
                    archive=Path(path).name,
                    from_schema=old_schema,
                    from_ags=manifest["ags"],
                )
        except Exception as error:
            connection.set_schema_to_public()
            with connection.cursor() as cursor:  # only what this restore created; never the original
                cursor.execute(f'DROP SCHEMA IF EXISTS "{new_schema}" CASCADE')
            if isinstance(error, ProvisioningError):
                raise
            raise ProvisioningError(_("Restoring failed and was rolled back: %(error)s") % {"error": error}) from error
        finally:
            connection.set_schema_to_public()
        media = workdir / "media"
        if media.is_dir():
            target = _media_dir(new_schema)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(media, target)
    return municipality
