"""Grid clusters of events for the map, computed on the server.

A browser cannot draw 100,000 markers and stay responsive, so the map asks for
its viewport at its zoom level and gets one cluster per occupied grid cell of
about :data:`CELL_PX` screen pixels (Web-Mercator cells, so they look square at
every latitude).  Only five columns of each matching event are read
(:meth:`Store.points <marsad.store.Store.points>`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from marsad.store import Store

#: Side of a grid cell in screen pixels at 256-pixel tiles.
CELL_PX = 56
#: Most cells one answer holds (largest first); a viewport at any sane zoom has far fewer.
MAX_CLUSTERS = 5_000
#: Web-Mercator stops here: beyond it y goes to infinity.
_MAX_LAT = 85.05112878


@dataclass(slots=True)
class _Cell:
    count: int = 0
    fatalities: int = 0
    lat_sum: float = 0.0
    lon_sum: float = 0.0
    min_lon: float = math.inf
    min_lat: float = math.inf
    max_lon: float = -math.inf
    max_lat: float = -math.inf
    event_types: Counter[str] = field(default_factory=Counter)
    first_id: str = ""

    def add(self, event_id: str, lat: float, lon: float, event_type: str, fatalities: int) -> None:
        if not self.count:
            self.first_id = event_id
        self.count += 1
        self.fatalities += fatalities
        self.lat_sum += lat
        self.lon_sum += lon
        self.min_lon, self.max_lon = min(self.min_lon, lon), max(self.max_lon, lon)
        self.min_lat, self.max_lat = min(self.min_lat, lat), max(self.max_lat, lat)
        self.event_types[event_type] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "latitude": round(self.lat_sum / self.count, 5),
            "longitude": round(self.lon_sum / self.count, 5),
            "count": self.count,
            "fatalities": self.fatalities,
            "bbox": (self.min_lon, self.min_lat, self.max_lon, self.max_lat),
            "event_types": dict(self.event_types.most_common()),
            "event_id": self.first_id if self.count == 1 else None,
        }


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web-Mercator position in [0, 1) × [0, 1), y growing southwards like screen pixels."""
    lat = max(-_MAX_LAT, min(_MAX_LAT, lat))
    x = (lon + 180.0) / 360.0
    sin_lat = math.sin(math.radians(lat))
    y = 0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)
    return x, y


def grid_clusters(store: Store, zoom: int, filters: dict[str, Any]) -> dict[str, Any]:
    """One cluster per occupied cell of the zoom level's grid, largest first."""
    cells_per_side = (256 * 2**zoom) / CELL_PX
    cells: dict[tuple[int, int], _Cell] = {}
    points = store.points(**filters)
    # Unpacked rather than read by attribute, which is a fifth slower over 100,000 points.
    for event_id, lat, lon, event_type, fatalities in points:
        x, y = _mercator(lat, lon)
        key = (int(x * cells_per_side), int(y * cells_per_side))
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = _Cell()
        cell.add(event_id, lat, lon, event_type, fatalities)
    ranked = sorted(cells.values(), key=lambda c: (-c.count, c.first_id))
    return {
        "zoom": zoom,
        "located": len(points),
        # Whatever the bbox: events without coordinates are on no map.
        "unlocated": store.count_events(**{**filters, "bbox": None, "located": False}),
        "truncated": len(ranked) > MAX_CLUSTERS,
        "clusters": [cell.to_dict() for cell in ranked[:MAX_CLUSTERS]],
    }
