"""Numbers as German readers expect them, also in charts and PDFs (where no template filter runs)."""

from django.utils.formats import number_format


def pct(value) -> str:
    """``53,1 %`` in German, ``53.1 %`` in English: the active language's decimal separator."""
    return f"{number_format(value, 1)} %"
