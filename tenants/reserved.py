"""Subdomains no municipality may have.

``konsole.<base domain>`` or ``admin.<base domain>`` as a municipality's site would look like
the platform itself to anyone receiving a link (phishing), and technical names belong to the
operator. Names are compared after Unicode NFKC normalisation and case folding, so ``KONSOLE``
or full-width ``ｋｏｎｓｏｌｅ`` are the same name.
"""

from __future__ import annotations

import unicodedata

# Every path segment of the state portal and of a municipality's site.
PLATFORM_PATHS = {
    "admin", "cms", "dokumente", "i18n", "konsole", "konto", "media", "rechtliches", "rechtliche",
    "registrierung", "static", "suche", "umfragen", "aktuelles", "impressum", "datenschutz",
    "barrierefreiheit", "nutzungsbedingungen", "auftragsverarbeitung", "anmelden", "login", "logout",
    "signup", "profil", "daten", "loeschen", "gesendet", "bestaetigen", "veranstaltungen", "kompass",
    "beteiligung", "beteiligungen", "meldungen", "stellungnahmen", "dialoge", "protokoll", "health",
    "healthz", "status",
}  # fmt: skip
# The usual technical names of a domain and its operator.
TECHNICAL = {
    "www", "www1", "www2", "api", "app", "apps", "assets", "autoconfig", "autodiscover", "cdn", "dev", "dns",
    "ns", "ns1", "ns2", "ftp", "sftp", "git", "imap", "pop", "pop3", "smtp", "mail", "mx", "webmail",
    "email", "mta-sts", "intern", "internal", "intranet", "localhost", "monitoring", "metrics", "grafana",
    "portal", "proxy", "redis", "db", "postgres", "sso", "auth", "oauth", "id", "vpn", "staging", "stage",
    "test", "testing", "demo", "beta", "preview", "backup", "files", "download", "downloads", "upload",
    "uploads", "docs", "help", "hilfe", "support", "service", "services", "secure", "security", "root",
    "system", "sysadmin", "administrator", "webmaster", "hostmaster", "postmaster", "abuse", "noreply",
    "no-reply", "info", "kontakt", "contact", "blog", "news", "shop", "pay", "billing", "wiki", "forum",
}  # fmt: skip
# Names that would pass for the state, an authority or the platform's operator.
MISLEADING = {
    "land", "hessen", "land-hessen", "landesregierung", "regierung", "staatskanzlei", "ministerium",
    "hmdi", "hmdis", "innenministerium", "polizei", "feuerwehr", "rettungsdienst", "notruf", "bund",
    "bundesregierung", "behoerde", "behörde", "verwaltung", "amt", "rathaus", "buergerservice",
    "bürgerservice", "buergerbeteiligung", "bürgerbeteiligung", "kommune", "kommunen", "gemeinde",
    "gemeinden", "stadt", "staedte", "städte", "landkreis", "kreis", "regierungspraesidium", "rp",
    "hzd", "ekom21", "steuer", "finanzamt", "bank", "sparkasse", "official", "offiziell", "gov",
    "government", "verify", "verifizierung", "passwort", "password", "konto-sperre", "sicherheit",
}  # fmt: skip

RESERVED_NAMES = frozenset(PLATFORM_PATHS | TECHNICAL | MISLEADING)


def normalise_name(name: str) -> str:
    """NFKC, then case folding (``ＡＤＭＩＮ`` and ``Admin`` -> ``admin``), then NFKC again."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold()).strip()


_RESERVED = frozenset(normalise_name(name) for name in RESERVED_NAMES)


def is_reserved(name: str) -> bool:
    """True if ``name`` (as typed, in any case or width) is a reserved subdomain."""
    return normalise_name(name) in _RESERVED
