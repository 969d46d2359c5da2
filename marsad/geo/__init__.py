"""marsad.geo — the offline gazetteer and geocoding of place mentions.

``Gazetteer.load()`` reads the gazetteer shipped in ``marsad/data/`` (GeoNames
places, CC BY 4.0, plus marsad's admin-unit, region and place tables);
``find`` locates place names in Arabic text and ``resolve``/``lookup`` pick the
place meant.  ``marsad gazetteer build`` regenerates the file.
"""

from marsad.geo.gazetteer import Gazetteer, PlaceMention, place_key

__all__ = ["Gazetteer", "PlaceMention", "place_key"]
