from django import forms
from django.utils.translation import gettext_lazy as _


class PlaceForm(forms.Form):
    """Step one on the state portal: where is the problem? (map, coordinates or an address)."""

    address = forms.CharField(label=_("Address or place description"), max_length=300, required=False,
                              help_text=_("Coordinates such as 51.3127, 9.4797, or the town's name and street."))  # fmt: skip
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    def clean(self):
        from reports.forms import parse_coordinates

        from .models import Boundary

        data = super().clean()
        if data.get("lat") is None or data.get("lon") is None:
            typed = parse_coordinates(data.get("address", ""))
            if typed is None and data.get("address"):
                # No geocoder without network: a town's name in the address stands for its centre.
                text = data["address"].lower()
                for b in Boundary.objects.only("name", "min_lat", "max_lat", "min_lon", "max_lon"):
                    if b.name.split(",")[0].strip().lower() in text:
                        typed = ((b.min_lat + b.max_lat) / 2, (b.min_lon + b.max_lon) / 2)
                        break
            if typed is None:
                raise forms.ValidationError(_("Please mark the place on the map, or type coordinates or the "
                                              "town's name with the street."))  # fmt: skip
            data["lat"], data["lon"] = typed
        return data
