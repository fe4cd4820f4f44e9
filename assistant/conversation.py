"""Follow-up questions made standalone before retrieval.

"And when?", "which organizations organized it?", "what about paragraph 36?"
cannot be searched on their own.  `rewrite_followup` turns them into standalone
questions with a few deterministic rules (the extractive backend has no
language model); `condense_with_llm` asks the chat model instead and falls back
to the rules when the model's rewrite is unusable.  The rewritten question is
what gets searched and what the UI shows as "searched for: …".

The rules, tried in order (the first that applies wins; a question none applies
to is returned unchanged):

1. A paragraph reference without a document ("what about paragraph 36?",
   "and PP3?", "What does para. 32 (c) say?") gets the document of the
   conversation: "What does paragraph 36 of E/RES/2012/5 say?".  The document
   of the conversation is the symbol most cited by the previous answer, else
   the one named in the previous searched question, else the top hit's.
2. A bare question word ("And when?", "where exactly?", "how many?") takes the
   previous searched question and swaps its question word:
   "Where was the IGF 2012 held?" -> "When was the IGF 2012 held?".
3. "What about X?" / "And X?" replaces what the previous question asked about
   ("What does the resolution say about broadband?" -> "… say about X?"), or
   its year when X is a year.
4. A short question with a pronoun ("which organizations organized it?") gets
   the previous question's topic for the pronoun:
   "which organizations organized the WSIS Forum 2012?".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.prompts import CONDENSE_PROMPT, CONDENSE_SYSTEM_PROMPT, format_history
from assistant.question import PARAGRAPH_REF, parse_question
from assistant.types import Answer


@dataclass(frozen=True)
class Turn:
    question: str  # as the user asked it
    searched_question: str  # its standalone form, as searched
    answer: Answer | None = None


HistoryItem = Turn | Answer | tuple[str, Answer | None]

_WH = r"(?:how many|how much|how long|how often|what|which|who|whom|whose|where|when|why|how)"
_AUX = r"(?:is|are|was|were|will|would|can|could|should|shall|did|does|do|has|have|had|may|might|must)"
_BARE_WH_RE = re.compile(rf"^(?:and|so|but|ok|okay)?[\s,]*({_WH})(?:\s+exactly|\s+then)?\s*\??$", re.I)
_WHAT_ABOUT_RE = re.compile(r"^(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*\??$|^and\s+(.+?)\s*\?$", re.I)
_LEADING_WH_RE = re.compile(rf"^\s*({_WH})\b", re.I)
_LEADING_AUX_RE = re.compile(rf"^\s*{_AUX}\b", re.I)
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_PRONOUN_RE = re.compile(
    r"\b(it|its|they|them|their|this|that|these|those)\b(?!\s+(?:say|says|said|mention|state))", re.I
)
_TOPIC_PREFIX_RE = re.compile(
    rf"^\s*(?:(?:{_WH})\s+(?:\w+\s+)?{_AUX}\s+|(?:{_WH})\s+\w+\s+(?=(?:the|a|an)\b)|{_AUX}\s+|"
    r"tell me about\s+|what about\s+|explain\s+)",
    re.I,
)
_TRAILING_VERB_RE = re.compile(
    r"\s+(?:held|organized|organised|adopted|established|launched|convened|hosted|created|made|done|"
    r"given|set up|decided|agreed|about|do|say|mean|note|request|urge|want)\s*$",
    re.I,
)
MAX_FOLLOWUP_WORDS = 8


def _as_turn(item: HistoryItem) -> Turn:
    if isinstance(item, Turn):
        return item
    if isinstance(item, Answer):
        return Turn(item.question, item.searched_question or item.question, item)
    question, answer = item
    searched = answer.searched_question if answer is not None and answer.searched_question else question
    return Turn(question, searched, answer)


def conversation_document(history: Sequence[HistoryItem]) -> str | None:
    """The document the conversation is about: the latest turn's most cited symbol, or the one it named."""
    for item in reversed(history):
        turn = _as_turn(item)
        if turn.answer is not None and turn.answer.citations:
            counts = Counter(c.paragraph.symbol for c in turn.answer.citations)
            return counts.most_common(1)[0][0]
        named = parse_question(turn.searched_question).symbols
        if named:
            return named[0]
        if turn.answer is not None and turn.answer.hits:
            return turn.answer.hits[0].paragraph.symbol
    return None


def topic_of(question: str) -> str:
    """What a question is about: 'Where was the IGF 2012 held?' -> 'the IGF 2012'."""
    text = question.strip().rstrip("?.! ")
    if re.search(r"\babout\s+", text, re.I):
        return re.split(r"\babout\s+", text, flags=re.I)[-1].strip()
    text = _TOPIC_PREFIX_RE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        stripped = _TRAILING_VERB_RE.sub("", text)
        text = stripped if stripped.strip() else text
    return text.strip()


def _end(question: str) -> str:
    return question.rstrip() if question.rstrip().endswith("?") else question.rstrip(" .!") + "?"


def _rewrite_reference(question: str, document: str) -> str | None:
    ref = PARAGRAPH_REF.search(question)
    if not ref or parse_question(question).symbols:
        return None
    rest = PARAGRAPH_REF.sub("", question)
    rest = re.sub(r"(?i)\b(?:and|what|how|about|so|then|ok|okay)\b|[?.!,\s]", "", rest)
    if not rest:  # nothing but the reference: "what about paragraph 36?"
        return f"What does {ref.group(0)} of {document} say?"
    return _end(f"{question[: ref.end()]} of {document}{question[ref.end() :]}".rstrip("?"))


def _rewrite_bare_wh(question: str, previous: str) -> str | None:
    m = _BARE_WH_RE.match(question.strip())
    if not m:
        return None
    wh = m.group(1).lower()
    prev = previous.strip()
    if _LEADING_WH_RE.match(prev):
        return _end(_LEADING_WH_RE.sub(wh.capitalize(), prev, count=1))
    if _LEADING_AUX_RE.match(prev):
        return _end(f"{wh.capitalize()} {prev[0].lower()}{prev[1:]}")
    return _end(f"{wh.capitalize()}: {topic_of(prev)}")


def _rewrite_what_about(question: str, previous: str) -> str | None:
    m = _WHAT_ABOUT_RE.match(question.strip())
    if not m:
        return None
    subject = (m.group(1) or m.group(2) or "").strip()
    if not subject or _BARE_WH_RE.match(subject):
        return None
    prev = previous.strip().rstrip("?")
    if _YEAR_RE.fullmatch(subject) and _YEAR_RE.search(prev):
        return _end(_YEAR_RE.sub(subject, prev, count=1))
    if re.search(r"\babout\s+", prev, re.I):
        head = re.split(r"(?i)\babout\s+", prev)
        return _end(f"{'about '.join(head[:-1])}about {subject}")
    if _LEADING_WH_RE.match(prev):
        topic = topic_of(prev)
        if topic and topic in prev:
            return _end(prev.replace(topic, subject, 1))
    return None


def _rewrite_pronoun(question: str, previous: str) -> str | None:
    if len(question.split()) > MAX_FOLLOWUP_WORDS or not _PRONOUN_RE.search(question):
        return None
    topic = topic_of(previous)
    if not topic or _PRONOUN_RE.fullmatch(topic):
        return None

    def swap(m: re.Match) -> str:
        word = m.group(1).lower()
        if word in ("its", "their"):
            return f"{topic}'s"
        if word in ("this", "that", "these", "those") and m.end() < len(question.rstrip(" ?.!")):
            return m.group(0)  # a determiner ("that meeting"), not a pronoun
        return topic

    rewritten = _PRONOUN_RE.sub(swap, question)
    return _end(rewritten) if rewritten != question else None


def rewrite_followup(question: str, history: Sequence[HistoryItem] | None) -> str:
    """The standalone form of `question` given the conversation so far (deterministic rules above)."""
    if not history or not question.strip():
        return question
    previous = _as_turn(history[-1]).searched_question
    document = conversation_document(history)
    if document:
        rewritten = _rewrite_reference(question, document)
        if rewritten:
            return rewritten
    for rule in (_rewrite_bare_wh, _rewrite_what_about, _rewrite_pronoun):
        rewritten = rule(question, previous)
        if rewritten:
            return rewritten
    return question


def condense_with_llm(
    question: str, history: Sequence[HistoryItem] | None, chat_model: BaseChatModel, max_turns: int = 3
) -> str:
    """Ask the chat model for the standalone question; the deterministic rules when its reply is unusable.

    Unusable: an error, an empty reply, an over-long one (over 60 words), or one
    that lost a paragraph number the follow-up named.
    """
    if not history:
        return question
    turns = [_as_turn(item) for item in history[-max_turns:]]
    dialogue = format_history([(t.searched_question, t.answer.text if t.answer else "") for t in turns])
    messages = [
        SystemMessage(content=CONDENSE_SYSTEM_PROMPT),
        HumanMessage(content=CONDENSE_PROMPT.format(history=dialogue, question=question)),
    ]
    fallback = rewrite_followup(question, history)
    try:
        reply = chat_model.invoke(messages).content
    except Exception:  # the rules still give a searchable question
        return fallback
    lines = [line.strip() for line in str(reply).splitlines() if line.strip()]
    if not lines:
        return fallback
    candidate = re.sub(r"(?i)^standalone question:\s*", "", lines[0]).strip().strip('"“”')
    numbers = set(re.findall(r"\d+", " ".join(m.group(0) for m in PARAGRAPH_REF.finditer(question))))
    if not candidate or len(candidate.split()) > 60 or not numbers <= set(re.findall(r"\d+", candidate)):
        return fallback
    return candidate
