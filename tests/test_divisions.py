from docgen.divisions import CITIES, all_counties, city_for, counties_by_city


def test_shaanxi_has_107_county_level_units_in_twelve_programme_cities():
    assert len(all_counties()) == 107
    assert list(counties_by_city()) == list(CITIES)


def test_yangling_and_hancheng_are_city_level_in_this_programme():
    assert counties_by_city()["杨凌示范区"] == ("杨陵区",)
    assert counties_by_city()["韩城市"] == ("韩城市",)
    assert "杨陵区" not in counties_by_city()["咸阳市"]
    assert "韩城市" not in counties_by_city()["渭南市"]
    assert city_for("杨陵区") == "杨凌示范区"


def test_current_units_are_known_and_zones_are_not():
    assert city_for("鄠邑区") == "西安市"
    assert city_for("凤翔区") == "宝鸡市"
    assert city_for("旬阳市") == "安康市"
    assert city_for("西咸新区") is None
    assert city_for("户县") is None  # renamed 鄠邑区 in 2016
