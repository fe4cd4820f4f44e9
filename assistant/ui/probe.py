"""Whether a model server answers: the one network call of the view model, kept apart so tests inject a fake."""

from __future__ import annotations


def http_probe(url: str, timeout: float = 0.5) -> str | None:
    """None when `url` answers over HTTP, else a short reason."""
    import httpx

    try:
        httpx.get(url, timeout=timeout)
    except httpx.HTTPError as exc:
        return type(exc).__name__
    return None
