"""Language tags as papers give them (paper.yml `language`, JATS `xml:lang`)
and the names a page shows for them. Shared by the readers, which title a
translated abstract "Abstract (Portuguese)", and the renderer."""

from __future__ import annotations

import re

# A BCP 47 tag as sources write it ("en", "pt-BR", "zh-Hans"): anything else
# in an xml:lang is not used, since it goes into `lang` attributes and meta tags.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "de": "German", "fr": "French", "zh": "Chinese", "es": "Spanish",
    "pt": "Portuguese", "it": "Italian", "nl": "Dutch", "pl": "Polish", "tr": "Turkish", "ja": "Japanese",
    "ko": "Korean", "ar": "Arabic", "uk": "Ukrainian", "ca": "Catalan", "sv": "Swedish",
}


def language_tag(value: str | None) -> str:
    """`value` if it is a well-formed language tag, else ""."""
    value = (value or "").strip()
    return value if LANGUAGE_TAG.fullmatch(value) else ""


def language_name(tag: str) -> str:
    """"Portuguese" for "pt" or "pt-BR"; the tag itself when not listed."""
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)


def same_language(a: str, b: str) -> bool:
    """"pt" and "pt-BR" are one language for choosing the main abstract."""
    return a.split("-")[0].lower() == b.split("-")[0].lower()
