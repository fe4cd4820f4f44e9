"""Six languages end to end: one document as Markdown and as AKN XML in several languages.

Built from the official files in the bundled corpus/: the
WSIS+20 outcome document A/RES/80/173 in English (XML and Markdown), French,
Spanish, Chinese and Arabic.
"""

from __future__ import annotations

import shutil

import pytest

from tests.support.cli_run import wsis
from tests.support.shared_paths import CORPUS

LANGS = ("en", "fr", "es", "zh", "ar")
SYMBOL = "A/RES/80/173"


@pytest.fixture(scope="module")
def ml_settings(tmp_path_factory):
    from index.build import build_index
    from index.settings import load_settings

    corpus = tmp_path_factory.mktemp("ml-corpus")
    for lang in LANGS:
        (corpus / "akn" / lang).mkdir(parents=True)
        for f in (CORPUS / "akn" / lang).glob("A_RES_80_173-*.xml"):
            shutil.copy(f, corpus / "akn" / lang / f.name)
    (corpus / "md").mkdir()
    shutil.copy(CORPUS / "md" / "A-RES-80-173.md", corpus / "md")
    settings = load_settings(index_dir=tmp_path_factory.mktemp("ml-index"), corpus_dir=corpus)
    report = build_index(settings, progress=False)
    assert report.ok, report.summary()
    assert report.documents == len(LANGS)  # one per language: the Markdown copy is not indexed twice
    assert any("using akn/en/" in n and "md/A-RES-80-173.md (not indexed twice)" in n for n in report.notes)
    return settings


@pytest.fixture(scope="module")
def ml_assistant(ml_settings):
    from assistant.assistant import Assistant

    return Assistant(ml_settings)


def test_language_versions_share_ids(ml_assistant):
    versions = ml_assistant.index.versions(f"{SYMBOL}:20")
    assert set(versions) == set(LANGS)
    assert "93" in versions["fr"].text and "Nous saluons" in versions["fr"].text
    assert "4G" in versions["zh"].text
    assert all(p.id == f"{SYMBOL}:20" and p.language == lang for lang, p in versions.items())


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        pytest.param("en", "According to the WSIS+20 outcome document, how has the share of people using the "
                           "Internet changed since 2005?", id="en"),
        pytest.param("fr", "Quelle part de la population mondiale vit dans des zones couvertes par un réseau 4G ?",
                     id="fr"),
        pytest.param("es", "¿Qué porcentaje de la población mundial vive en zonas con cobertura de redes 4G?", id="es"),
        pytest.param("zh", "全球多少人口居住在4G网络覆盖的地区？", id="zh"),
    ],
)
def test_question_answered_from_its_language_with_the_same_ids(ml_assistant, lang, question):
    answer = ml_assistant.ask(question)
    assert not answer.abstained
    top = [h.paragraph for h in answer.hits[:5]]
    assert f"{SYMBOL}:20" in [p.id for p in top]
    assert all(p.language == lang for p in top)
    assert answer.citations and all(c.paragraph.language == lang for c in answer.citations)


def test_arabic_keyword_retrieval(ml_assistant):
    from index.corpus_index import Filters

    hits = ml_assistant.index.keyword_search("الجيل الرابع شبكات", "ar", 5, Filters(language="ar"))
    assert f"{SYMBOL}:20" in [p.id for p, _ in hits]


def test_show_one_or_all_languages(ml_settings):
    env_args = ["--index-dir", str(ml_settings.index_dir)]
    run = lambda *a: wsis("show", *a, *env_args)  # noqa: E731
    fr = run(f"{SYMBOL}:20", "--lang", "fr")
    assert fr.returncode == 0 and "Nous saluons" in fr.stdout and "[fr]" in fr.stdout
    every = run(f"{SYMBOL}:20", "--lang", "all")
    assert every.returncode == 0 and all(f"[{lang}]" in every.stdout for lang in LANGS)
    missing = run(f"{SYMBOL}:20", "--lang", "ru")
    assert missing.returncode == 1 and "no paragraph" in missing.stderr
