"""WordNet 3.0 for the verifier, read by NLTK from Debian's `wordnet-base` + `wordnet-sense-index`.

Why not `nltk.download`: there is no network at run time.  Debian ships the
WordNet 3.0 database under /usr/share/wordnet but not the `lexnames` file
NLTK's reader opens first, so `wordnet()` lays out an NLTK_DATA tree
(`corpora/wordnet/`: copies of the Debian files plus `lexnames` written from
`assistant/data/wordnet_lexnames.tsv`, the table of `man 5 lexnames`) under
`$WSIS_NLTK_DATA`, else `$XDG_CACHE_HOME/wsis/nltk_data` (~/.cache/...), and
reads it with NLTK.  When the Debian files are missing it raises
`WordNetMissing` saying how to install them (`make wordnet`): the verifier
would otherwise silently lose its synonyms and antonyms.
"""

from __future__ import annotations

import os
import shutil
import warnings
from functools import cache
from pathlib import Path

WORDNET_DIRS = (Path("/usr/share/wordnet"),)
_NEEDED = ("data.noun", "data.verb", "data.adj", "data.adv", "index.noun", "index.verb", "index.adj",
           "index.adv", "index.sense", "noun.exc", "verb.exc", "adj.exc", "adv.exc")
_LEXNAMES = Path(__file__).parent / "data" / "wordnet_lexnames.tsv"


class WordNetMissing(RuntimeError):
    """WordNet's database files are not installed."""


def source_dir() -> Path:
    """The installed WordNet database (`$WSIS_WORDNET_DIR` first), or WordNetMissing."""
    dirs = [Path(os.environ["WSIS_WORDNET_DIR"])] if os.environ.get("WSIS_WORDNET_DIR") else list(WORDNET_DIRS)
    for d in dirs:
        if all((d / name).is_file() for name in _NEEDED):
            return d
    raise WordNetMissing(
        f"WordNet 3.0 not found in {', '.join(map(str, dirs))}: the verifier needs it for synonyms and "
        "antonyms. Install Debian's packages: `apt-get install wordnet-base wordnet-sense-index` "
        "(or `make wordnet`), or set WSIS_WORDNET_DIR to a folder with data.noun, index.sense, …"
    )


def nltk_data_dir() -> Path:
    """Where the NLTK_DATA tree is laid out (not created)."""
    if os.environ.get("WSIS_NLTK_DATA"):
        return Path(os.environ["WSIS_NLTK_DATA"])
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache_home / "wsis" / "nltk_data"


def build_nltk_data(root: Path | None = None) -> Path:
    """Lay out `root/corpora/wordnet/` from the Debian files plus `lexnames`; return the wordnet folder."""
    src = source_dir()
    target = (root or nltk_data_dir()) / "corpora" / "wordnet"
    target.mkdir(parents=True, exist_ok=True)
    for name in _NEEDED:  # copied (~30 MB once): NLTK refuses symlinks and hard links out of its data path
        copy, orig = target / name, src / name
        if copy.is_file() and not copy.is_symlink() and copy.stat().st_size == orig.stat().st_size:
            continue
        copy.unlink(missing_ok=True)
        shutil.copyfile(orig, copy)
    lexnames = _LEXNAMES.read_text(encoding="utf-8")
    if not (target / "lexnames").is_file() or (target / "lexnames").read_text(encoding="utf-8") != lexnames:
        (target / "lexnames").write_text(lexnames, encoding="utf-8")
    return target


@cache
def wordnet():
    """NLTK's WordNet reader over the laid-out tree, built once per process."""
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    folder = build_nltk_data()
    root = str(folder.parent.parent)
    if root not in nltk.data.path:  # NLTK reads corpora only under its data path
        nltk.data.path.insert(0, root)
    with warnings.catch_warnings():  # "multilingual functions are not available": no OMW, none needed
        warnings.simplefilter("ignore", UserWarning)
        return WordNetCorpusReader(str(folder), None)
