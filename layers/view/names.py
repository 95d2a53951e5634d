"""Place names for an English reader: OpenStreetMap's English name where it has one, else pinyin.

The street context (``static/context``) names its places, roads, stations and water in Chinese and only
sometimes in English. An English page shows :func:`english_name`: the name in pinyin by ``pypinyin`` (a
well-kept romaniser with a phrase dictionary), a generic ending translated ("七宝镇" -> "Qibao Town",
"七莘路" -> "Qixin Road"), never a mix of scripts in one label.
"""

from __future__ import annotations

import re
from functools import cache

import pypinyin

# Generic endings, longest first, as Shanghai's own signs and OpenStreetMap's English names give them.
ENDINGS = (
    ("工业区", "Industrial Zone"), ("新区", "New Area"), ("街道", "Subdistrict"), ("高架路", "Elevated Road"),
    ("高速", "Expressway"), ("公路", "Highway"), ("大道", "Avenue"), ("镇", "Town"), ("区", "District"),
    ("路", "Road"), ("街", "Street"), ("江", "River"), ("河", "River"), ("港", "Creek"), ("湖", "Lake"),
    ("线", "Line"),
)
# Readings the dictionary gets wrong for Minhang's own names: 莘 is "xin" in every Minhang name (莘庄,
# 七莘路, 莘松路), 闵行 is "Minhang".
_LOCAL_PHRASES = {"闵行": [["mǐn"], ["háng"]]}
_LOCAL_CHARACTERS = {ord("莘"): "xīn"}
_HAN = re.compile(r"[\u3400-\u9fff]+")
_LINE = re.compile(r"(\d+)号线$")


@cache
def _dictionary() -> None:
    """Teach the romaniser Minhang's own readings, once per process."""
    pypinyin.load_phrases_dict(_LOCAL_PHRASES)
    pypinyin.load_single_dict(_LOCAL_CHARACTERS)


def pinyin(text: str) -> str:
    """Each run of Chinese characters as one capitalised pinyin word (an apostrophe before a syllable that starts
    with a, o or e, as in "Yan'an"), anything else kept: "一大会址·新天地" -> "Yidahuizhi·Xintiandi"."""
    _dictionary()

    def word(match: re.Match[str]) -> str:
        syllables = pypinyin.lazy_pinyin(match.group(0))
        return "".join(("'" if i and s[:1] in "aoe" else "") + s for i, s in enumerate(syllables)).capitalize()

    return _HAN.sub(word, text)


_ADDRESS = re.compile(r"^(?:上海市)?(?:(?P<district>[\u3400-\u9fff]+区))?(?:(?P<town>[\u3400-\u9fff]+镇))?"
                      r"(?P<road>[\u3400-\u9fff]+?(?:路|街|公路|大道))(?P<number>\d+)号$")


def english_address(address_zh: str) -> str:
    """A Chinese street address as an English reader writes it: "闵行区剑川路940号" -> "No. 940 Jianchuan Road,
    Minhang District"; an address of another form, in pinyin."""
    found = _ADDRESS.match(address_zh.strip())
    if not found:
        return english_name(address_zh) or address_zh
    parts = [f"No. {found['number']} {english_name(found['road'])}"]
    parts += [english_name(found[k]) or "" for k in ("town", "district") if found[k]]
    return ", ".join(parts)


def english_name(name_zh: str | None, name_en: str | None = None) -> str | None:
    """The name an English page shows: ``name_en`` where there is one, else ``name_zh`` in pinyin with its
    generic ending in English; None where there is no name at all."""
    if name_en:
        return name_en
    if not name_zh:
        return None
    if line := _LINE.search(name_zh):  # 上海地铁1号线 -> "Shanghaiditie Line 1"
        return f"{pinyin(name_zh[:line.start()])} Line {line.group(1)}".strip()
    for ending, english in ENDINGS:
        if name_zh.endswith(ending) and len(name_zh) > len(ending):
            return f"{pinyin(name_zh[: -len(ending)])} {english}"
    return pinyin(name_zh)


def has_english_ending(name_zh: str | None) -> bool:
    """Whether :func:`english_name` gives ``name_zh`` an English generic ending ("淀浦河" -> "Dianpu River"), rather
    than pinyin alone ("俞塘" -> "Yutang", which tells an English reader nothing of what it is)."""
    if not name_zh:
        return False
    return _LINE.search(name_zh) is not None or any(
        name_zh.endswith(ending) and len(name_zh) > len(ending) for ending, _ in ENDINGS)
