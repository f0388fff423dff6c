"""A small gazetteer of places that reports locate sites in (provinces, large cities, countries).

Generic geography, not report-specific: used to tell a located facility ("Baotou production
base") and to fill esg:location / esg:country.
"""
from __future__ import annotations

import re

CHINA_PROVINCES = (
    "Anhui", "Beijing", "Chongqing", "Fujian", "Gansu", "Guangdong", "Guangxi", "Guizhou", "Hainan", "Hebei",
    "Heilongjiang", "Henan", "Hubei", "Hunan", "Inner Mongolia", "Jiangsu", "Jiangxi", "Jilin", "Liaoning",
    "Ningxia", "Qinghai", "Shaanxi", "Shandong", "Shanghai", "Shanxi", "Sichuan", "Tianjin", "Tibet", "Xinjiang",
    "Yunnan", "Zhejiang", "Hong Kong", "Macau", "Macao", "Taiwan",
)
CHINA_CITIES = (
    "Baoding", "Baotou", "Binzhou", "Changsha", "Changzhou", "Chengdu", "Dalian", "Dongguan", "Foshan", "Fuzhou",
    "Ganzhou", "Guangzhou", "Guiyang", "Hangzhou", "Harbin", "Hefei", "Huizhou", "Jinan", "Kunming", "Lanzhou",
    "Leizhou", "Nanchang", "Nanjing", "Nanning", "Ningbo", "Qingdao", "Qingyuan", "Shenyang", "Shenzhen", "Shijiazhuang",
    "Suzhou", "Taiyuan", "Tangshan", "Urumqi", "Wuhan", "Wuxi", "Xiamen", "Xi'an", "Xuzhou", "Yantai", "Zhengzhou",
    "Zhanjiang", "Zhuhai", "Zibo", "Ningde", "Yibin", "Hohhot", "Ordos", "Weifang", "Linyi", "Zouping", "Huzhou",
    "Jiaxing", "Shaoxing", "Wenzhou", "Taizhou", "Yangzhou", "Nantong", "Lianyungang", "Yancheng", "Zhenjiang",
)
COUNTRIES = (
    "China", "Thailand", "Vietnam", "Mexico", "United States", "USA", "US", "UK", "United Kingdom", "Germany", "France",
    "Japan", "Korea", "Republic of Korea", "South Korea", "India", "Brazil", "Sweden", "Italy", "Spain", "Hungary", "Poland",
    "Czech Republic", "Indonesia", "Malaysia", "Singapore", "Morocco", "Canada", "Australia", "Netherlands", "Belgium",
    "Turkey", "Serbia", "Slovakia", "Romania", "Philippines", "Cambodia", "Laos", "Myanmar", "Kazakhstan", "Russia",
    "South Africa", "Egypt", "Saudi Arabia", "United Arab Emirates", "Chile", "Peru", "Argentina", "Colombia", "Nigeria",
)
PLACES = CHINA_PROVINCES + CHINA_CITIES + COUNTRIES
PLACE = re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in sorted(PLACES, key=len, reverse=True)) + r")(?![\w])")
_CHINA = set(CHINA_PROVINCES) | set(CHINA_CITIES)


def country_of(place: str | None) -> str | None:
    if place is None:
        return None
    if place in _CHINA:
        return "China"
    return {"US": "United States", "USA": "United States", "UK": "United Kingdom", "Korea": "Republic of Korea"}.get(place, place if place in COUNTRIES else None)


def first_place(text: str) -> str | None:
    m = PLACE.search(text)
    return m.group(1) if m else None
