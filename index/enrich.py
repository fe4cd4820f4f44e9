"""Facts mined from the whole corpus at build time and stored with the index.

Operative verbs and addressees go onto each paragraph (they are filters);
cross-reference links and the acronym glossary are corpus-level tables kept
in the generation's `extras.json`, so the query side loads them instead of
re-mining the corpus.
"""

from __future__ import annotations

import json

from index import crossrefs, glossary, verbs
from index.paragraph import Paragraph


def enrich(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], dict]:
    """Paragraphs annotated with verbs/addressees, and the extras to store beside them."""
    annotated = [verbs.annotate(p) for p in paragraphs]
    english = [p for p in annotated if p.language == "en"] or annotated
    extras = {
        "links": json.loads(crossrefs.dumps(crossrefs.build_link_table(english))),
        "glossary": json.loads(glossary.dumps(glossary.build_glossary(english))),
    }
    return annotated, extras
