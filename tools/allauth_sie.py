"""allauth's German says "du"; the platform says "Sie". This writes `locale_sie/de/LC_MESSAGES/django.po`
(and .mo), a catalogue that overrides allauth's German messages (LOCALE_PATHS come before the
apps' catalogues), and fails when allauth's catalogue has a "du" entry that ``SIE`` does not cover
(e.g. after an allauth upgrade). Run by `make translations` (tools/translations_de.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Every "du" form, and the imperatives and verb forms that go with it in allauth's catalogue.
DU_FORMS = re.compile(
    r"\b([Dd]u|[Dd]ich|[Dd]ir|[Dd]ein\w*|bist|hast|kannst|musst|möchtest|solltest|willst|erhältst|sendest"
    r"|bestätige|kontaktiere|[Gg]ib|[Ll]ass|klicke?|Klicke|Klick(?= (?:hier|auf))|[Mm]elde|[Üü]berprüfe|[Ee]rstelle|[Ww]ähle|versuche|[Ff]olge dem)\b"
)

SIE = {
    "You cannot remove your primary email address.": "Sie können Ihre primäre E-Mail-Adresse nicht entfernen.",
    "Please type your current password.": "Bitte geben Sie Ihr aktuelles Passwort ein.",
    "You cannot add more than %d email addresses.": "Sie können nicht mehr als %d E-Mail-Adressen hinzufügen.",
    "Your primary email address must be verified.": "Ihre primäre E-Mail-Adresse muss bestätigt sein.",
    "Be patient, you are sending too many requests.": "Bitte haben Sie etwas Geduld: Sie senden zu viele Anfragen.",
    "You must type the same password each time.": "Bitte geben Sie zweimal dasselbe Passwort ein.",
    "You must type the same email each time.": "Bitte geben Sie zweimal dieselbe E-Mail-Adresse ein.",
    "View your user ID": "Ihre Benutzerkennung ansehen",
    "View your email address": "Ihre E-Mail-Adresse ansehen",
    "View your basic profile information": "Ihre grundlegenden Profilangaben ansehen",
    "An account already exists with this email address. Please sign in to that account first, then connect "
    "your %s account.": "Mit dieser E-Mail-Adresse gibt es bereits ein Konto. Bitte melden Sie sich zuerst mit "
    "diesem Konto an und verknüpfen Sie es dann mit Ihrem %s-Konto.",
    "Your account has no password set up.": "Für Ihr Konto ist noch kein Passwort festgelegt.",
    "Your account has no verified email address.": "Ihr Konto hat keine bestätigte E-Mail-Adresse.",
    "Do you really want to remove the selected email address?": "Möchten Sie die ausgewählte E-Mail-Adresse wirklich entfernen?",
    "You are receiving this email because you or someone else tried to signup for an\naccount using email "
    "address:\n\n%(email)s\n\nHowever, an account using that email address already exists.  In case you have\n"
    "forgotten about this, please use the password forgotten procedure to recover\nyour account:\n\n"
    "%(password_reset_url)s": "Sie erhalten diese E-Mail, weil Sie oder jemand anderes versucht hat, ein Konto mit "
    "dieser E-Mail-Adresse anzulegen:\n\n%(email)s\n\nMit dieser E-Mail-Adresse gibt es aber bereits ein Konto. "
    "Falls Sie das vergessen haben, können Sie hier ein neues Passwort festlegen:\n\n%(password_reset_url)s",
    "Thank you for using %(site_name)s!\n%(site_domain)s": "Vielen Dank, dass Sie sich beteiligen!\n%(site_name)s",
    "Please Confirm Your Email Address": "Bitte bestätigen Sie Ihre E-Mail-Adresse",
    "Your password has been changed.": "Ihr Passwort wurde geändert.",
    "You're receiving this email because you or someone else has requested a password reset for your user "
    "account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset "
    "your password.": "Sie erhalten diese E-Mail, weil Sie oder jemand anderes ein neues Passwort für Ihr Konto "
    "angefordert hat.\nWenn Sie das nicht waren, können Sie diese E-Mail einfach ignorieren. Über den folgenden "
    "Link legen Sie ein neues Passwort fest.",
    "In case you forgot, your username is %(username)s.": "Falls Sie ihn vergessen haben: Ihr Anmeldename ist %(username)s.",
    "Your email address is still pending verification.": "Ihre E-Mail-Adresse ist noch nicht bestätigt.",
    'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email '
    "confirmation request</a>.": 'Dieser Bestätigungslink ist abgelaufen oder ungültig. Bitte <a href="%(email_url)s">'
    "fordern Sie eine neue Bestätigungs-E-Mail an</a>.",
    "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.": "Sie haben noch kein "
    "Konto? Dann %(link)sregistrieren Sie sich%(end_link)s bitte zuerst.",
    "Are you sure you want to sign out?": "Möchten Sie sich wirklich abmelden?",
    "You cannot remove your primary email address (%(email)s).": "Sie können Ihre primäre E-Mail-Adresse (%(email)s) nicht entfernen.",
    "You have confirmed %(email)s.": "Sie haben die Adresse %(email)s bestätigt.",
    "You have signed out.": "Sie haben sich abgemeldet.",
    "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset "
    "it.": "Passwort vergessen? Geben Sie unten Ihre E-Mail-Adresse ein. Wir senden Ihnen dann einen Link, mit dem "
    "Sie ein neues Passwort festlegen.",
    "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us "
    "if you do not receive it in a few minutes.": "Wir haben Ihnen eine E-Mail geschickt. Wenn Sie sie nicht "
    "erhalten haben, sehen Sie bitte im Spam-Ordner nach. Kommt sie auch in einigen Minuten nicht an, wenden Sie "
    "sich bitte an uns.",
    'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="'
    '%(passwd_reset_url)s">new password reset</a>.': "Der Link zum Zurücksetzen des Passworts ist ungültig, "
    'vielleicht wurde er schon benutzt. Bitte <a href="%(passwd_reset_url)s">fordern Sie einen neuen Link an</a>.',
    "Your password is now changed.": "Ihr Passwort ist jetzt geändert.",
    "Your phone number is still pending verification.": "Ihre Telefonnummer ist noch nicht bestätigt.",
    "Already have an account? Then please %(link)ssign in%(end_link)s.": "Sie haben bereits ein Konto? Dann "
    "%(link)smelden Sie sich bitte an%(end_link)s.",
    "You are already logged in as %(user_display)s.": "Sie sind bereits als %(user_display)s angemeldet.",
    "You currently do not have any email address set up. You should really add an email address so you can "
    "receive notifications, reset your password, etc.": "Sie haben derzeit keine E-Mail-Adresse hinterlegt. "
    "Bitte fügen Sie eine hinzu, damit Sie Benachrichtigungen erhalten und Ihr Passwort zurücksetzen können.",
    "Verify Your Email Address": "Bestätigen Sie Ihre E-Mail-Adresse",
    "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If "
    "you do not see the verification email in your main inbox, check your spam folder. Please contact us if you "
    "do not receive the verification email within a few minutes.": "Wir haben Ihnen eine E-Mail geschickt. Bitte "
    "öffnen Sie den Link darin, um die Registrierung abzuschließen. Wenn Sie die E-Mail nicht im Posteingang "
    "finden, sehen Sie bitte im Spam-Ordner nach. Kommt sie auch in einigen Minuten nicht an, wenden Sie sich "
    "bitte an uns.",
    "This part of the site requires us to verify that\nyou are who you claim to be. For this purpose, we require "
    "that you\nverify ownership of your email address. ": "Für diesen Bereich müssen wir sicher sein, dass Sie die "
    "Person sind, für die Sie sich ausgeben.\nBitte bestätigen Sie dazu, dass Ihnen diese E-Mail-Adresse gehört. ",
    "We have sent an email to you for\nverification. Please click on the link inside that email. If you do not "
    "see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not "
    "receive it within a few minutes.": "Wir haben Ihnen eine E-Mail zur Bestätigung geschickt.\nBitte öffnen Sie "
    "den Link darin. Wenn Sie die E-Mail nicht im Posteingang finden, sehen Sie bitte im Spam-Ordner nach. Kommt "
    "sie auch in einigen Minuten nicht an, wenden Sie sich bitte an uns.",
    '<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.': "<strong>"
    'Hinweis:</strong> Sie können <a href="%(email_url)s">Ihre E-Mail-Adresse noch ändern</a>.',
    "%(client_name)s wants to access your %(site_name)s account.": "%(client_name)s möchte auf Ihr Konto bei "
    "%(site_name)s zugreifen.",
    "Enter the code displayed on your device.": "Geben Sie den Code ein, den Ihr Gerät anzeigt.",
    "Please confirm the code shown on your %(client_name)s to authorize this device.": "Bitte bestätigen Sie den "
    "Code, den %(client_name)s anzeigt, um dieses Gerät zuzulassen.",
    "You successfully authorized your %(client_name)s device.": "Sie haben Ihr Gerät %(client_name)s zugelassen.",
    "Authorization for your %(client_name)s device has been denied.": "Die Zulassung Ihres Geräts %(client_name)s "
    "wurde abgelehnt.",
    "You are about to generate a new set of recovery codes for your account.": "Sie erzeugen gleich neue "
    "Wiederherstellungscodes für Ihr Konto.",
    "You are about to deactivate authenticator app based authentication. Are you sure?": "Sie schalten gleich die "
    "Anmeldung mit einer Authenticator-App ab. Sind Sie sicher?",
    "You are about to connect a new third-party account from %(provider)s.": "Sie verknüpfen gleich ein Konto von "
    "%(provider)s.",
    "You are about to sign in using a third-party account from %(provider)s.": "Sie melden sich gleich mit einem "
    "Konto von %(provider)s an.",
    "You decided to cancel logging in to our site using one of your existing accounts. If this was a mistake, "
    'please proceed to <a href="%(login_url)s">sign in</a>.': "Sie haben die Anmeldung abgebrochen. War das ein "
    'Versehen, <a href="%(login_url)s">melden Sie sich bitte hier an</a>.',
    "You are about to use your %(provider_name)s account to login to\n%(site_name)s. As a final step, please "
    "complete the following form:": "Sie melden sich mit Ihrem Konto von %(provider_name)s bei\n%(site_name)s an. "
    "Bitte füllen Sie zum Schluss das folgende Formular aus:",
    "Too many failed login attempts. Try again later.": "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen "
    "Sie es später erneut.",
    "Username can not be used. Please use other username.": "Dieser Anmeldename ist nicht möglich. Bitte wählen Sie "
    "einen anderen.",
    "Please select only one.": "Bitte wählen Sie nur eine Möglichkeit aus.",
    "The scope(s) the client is allowed to request. Provide one value per line, e.g.: "
    "openid(ENTER)profile(ENTER)email(ENTER)": "Die Geltungsbereiche, die der Client anfordern darf. Geben Sie einen "
    "Wert pro Zeile an, z. B.: openid(ENTER)profile(ENTER)email(ENTER)",
    "In case the client does not specify any scope, these default scopes are used. Provide one value per line, "
    "e.g.: openid(ENTER)profile(ENTER)email(ENTER)": "Gibt der Client keinen Geltungsbereich an, gelten diese. "
    "Geben Sie einen Wert pro Zeile an, z. B.: openid(ENTER)profile(ENTER)email(ENTER)",
    "A list of allowed grant types. Provide one value per line, e.g.: "
    "authorization_code(ENTER)client_credentials(ENTER)refresh_token(ENTER)": "Eine Liste erlaubter Grant-Typen. "
    "Geben Sie einen Wert pro Zeile an, z. B.: authorization_code(ENTER)client_credentials(ENTER)refresh_token(ENTER)",
    "A list of allowed response types. Provide one value per line, e.g.: code(ENTER)id_token token(ENTER)": "Eine "
    "Liste erlaubter Antworttypen. Geben Sie einen Wert pro Zeile an, z. B.: code(ENTER)id_token token(ENTER)",
    'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.': (
        'Bitte bestätigen Sie, dass <a href="mailto:%(email)s">%(email)s</a> Ihre E-Mail-Adresse ist.'
    ),
    "Please contact us if you have any trouble resetting your password.": "Bitte wenden Sie sich an uns, wenn das "
    "Zurücksetzen des Passworts nicht klappt.",
    # Not "du", but (a translation may only use the message's own placeholders) "Benutzer <name>" and the host name where the municipality's name belongs.
    "You're receiving this email because user %(user_display)s has given your email address to register an "
    "account on %(site_domain)s.": "Sie erhalten diese E-Mail, weil mit Ihrer E-Mail-Adresse ein Konto bei "
    "%(site_domain)s angelegt wurde.",
    "Hello from %(site_name)s!": "Eine Nachricht von %(site_name)s",
    'You have confirmed that <a href="mailto:%(email)s">%(email)s</a> is an e-mail address for user '
    "%(user_display)s.": 'Sie haben bestätigt, dass <a href="mailto:%(email)s">%(email)s</a> Ihre E-Mail-Adresse ist.',
}


def allauth_catalogue():
    import allauth
    import polib

    return polib.pofile(str(Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"))


def du_entries(po) -> list:
    """Entries of a catalogue whose German uses a "du" form."""
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        if any(DU_FORMS.search(t or "") for t in texts):
            found.append(entry)
    return found


def write(root: Path) -> list[str]:
    """Write the override catalogue; return the allauth msgids with "du" that SIE lacks."""
    import polib

    source = allauth_catalogue()
    missing = [e.msgid for e in du_entries(source) if e.msgid not in SIE]
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "de",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    known = {e.msgid: e for e in source}
    for msgid, msgstr in SIE.items():
        entry = known.get(msgid)
        if entry is None:
            continue  # allauth no longer has it
        po.append(polib.POEntry(msgid=msgid, msgctxt=entry.msgctxt, msgstr=msgstr, flags=["python-format"]))
    folder = root / "locale_sie" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po.save(str(folder / "django.po"))
    po.save_as_mofile(str(folder / "django.mo"))
    return missing


if __name__ == "__main__":
    missing = write(Path(__file__).resolve().parent.parent)
    if missing:
        print('allauth messages in "du" without a "Sie" version in tools/allauth_sie.py:', *missing, sep="\n  ")
        sys.exit(1)
