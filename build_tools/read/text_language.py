"""Stage 1: which language a paper's text is in, by its commonest words.

The repairs of run-together words split by an English word list: on a
German paper they cut sound words ("meisten" → "me is ten", "Kunstfreiheit"
→ "Kunst freiheit"). The paper.yml may state the language; when it does not,
the text's function words tell English from German, French, Spanish and
Portuguese well enough to know when to leave the words alone.
"""

from __future__ import annotations

import re
from collections import Counter

FUNCTION_WORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "are", "this", "which"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu", "sich", "auch"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "que", "du", "pour", "sur"},
    "es": {"el", "los", "las", "y", "del", "que", "en", "por", "con", "una", "para", "es"},
    "pt": {"o", "os", "e", "do", "da", "que", "em", "não", "uma", "para", "com", "dos"},
}


def text_language(text: str, stated: str = "") -> str:
    """"en", "de", "fr", "es" or "pt": the stated language when there is one
    (its first two letters), else the one whose function words the text uses most."""
    if stated:
        return stated[:2].lower()
    words = Counter(re.findall(r"[a-zäöüßàâçéèêëîïôûùãõ]+", text.lower()))
    scores = {language: sum(words[w] for w in common) for language, common in FUNCTION_WORDS.items()}
    best = max(scores, key=lambda language: scores[language])
    return best if scores[best] > scores["en"] else "en"
