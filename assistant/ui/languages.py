"""The UN's six languages as the app names and orders them."""

from __future__ import annotations

from collections.abc import Iterable

from index.paragraph import Paragraph

# UN official languages: English first (the usual working language), then the UN's order.
LANGUAGE_ORDER = ("en", "fr", "es", "ru", "ar", "zh")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية",
                  "zh": "中文"}


def ordered_versions(versions: dict[str, Paragraph]) -> list[Paragraph]:
    """Language versions of one paragraph in display order (English, then the UN order)."""
    rank = {lang: i for i, lang in enumerate(LANGUAGE_ORDER)}
    return [versions[k] for k in sorted(versions, key=lambda k: (rank.get(k, len(rank)), k))]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def ordered_languages(codes: Iterable[str]) -> list[str]:
    """Language codes in LANGUAGE_ORDER; any other code after them."""
    return sorted(set(codes), key=lambda c: LANGUAGE_ORDER.index(c) if c in LANGUAGE_ORDER else 99)
