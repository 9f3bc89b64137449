"""The one way a view asks for a permission that an app declares in its ``rules.py``."""

from functools import partial

from django.contrib.auth.decorators import permission_required

# 403 when the user lacks the permission (never a redirect: the Wagtail admin has already sent
# anonymous visitors to the login before these views run).
require_perm = partial(permission_required, raise_exception=True)
