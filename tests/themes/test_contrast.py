"""Contrast ratios as WCAG defines them, and the suggested colour that passes."""

import pytest
from django.core.exceptions import ValidationError

from themes.contrast import LIGHT, WHITE, contrast_ratio, passes, ratio_text, suggest_passing
from themes.models import ThemeSettings


def test_ratios_match_the_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert ratio_text(contrast_ratio("#767676", WHITE)) == "4,54:1"  # the lightest grey that passes on white
    assert ratio_text(contrast_ratio("#777777", WHITE)) == "4,47:1"


def test_ratio_text_never_rounds_a_failure_up_to_a_pass():
    assert ratio_text(4.499) == "4,49:1"
    assert ratio_text(21.0) == "21:1"


@pytest.mark.parametrize("colour", ["#7fa7c9", "#ffcc00", "#ff0000", "#00a0e0", "#999999"])
def test_suggestion_passes_and_stays_close(colour):
    suggestion = suggest_passing(colour, (WHITE, LIGHT))
    assert passes(suggestion, (WHITE, LIGHT))
    # The nearest passing shade, not just black: barely above the threshold on the stricter background.
    assert min(contrast_ratio(suggestion, WHITE), contrast_ratio(suggestion, LIGHT)) < 4.8


def test_a_passing_colour_is_kept():
    theme = ThemeSettings(primary_colour="#004f80", accent_colour="#a3123a")
    theme.clean()


def test_low_contrast_primary_is_refused_with_ratio_and_suggestion():
    theme = ThemeSettings(primary_colour="#7fa7c9", accent_colour="#a3123a")
    with pytest.raises(ValidationError) as error:
        theme.clean()
    message = error.value.message_dict["primary_colour"][0]
    suggestion = suggest_passing("#7fa7c9", (WHITE, LIGHT))
    assert "2,31:1" in message and suggestion in message and "4,5:1" in message
    assert "accent_colour" not in error.value.message_dict


def test_low_contrast_accent_is_refused():
    with pytest.raises(ValidationError) as error:
        ThemeSettings(primary_colour="#004f80", accent_colour="#ffcc00").clean()
    assert "1,51:1" in error.value.message_dict["accent_colour"][0]


def test_a_logo_needs_its_alternative_text():
    with pytest.raises(ValidationError) as error:
        ThemeSettings(logo_id=1, logo_alt=" ").clean()
    assert "logo_alt" in error.value.message_dict
