from __future__ import annotations

from wendbaar.linking.engine.normalize import (
    Decompounder,
    char_ngrams,
    content_tokens,
    guess_language,
    split_compounds,
    stem,
    tokens,
)


def test_tokens_fold_case_and_accents():
    assert tokens("Médewerker Klantcontact (32 uur)") == ["medewerker", "klantcontact", "32", "uur"]
    assert content_tokens("ik heb jaren de boekhouding gedaan") == ["boekhouding", "gedaan"]
    assert content_tokens("🙂 de het een") == []


def test_stems_follow_the_language():
    assert stem("warmtepompen", "nl") == "warmtepomp"
    assert stem("pumps", "en") == "pump"


def test_decompounder_splits_into_known_words():
    words = Decompounder(["warmtepomp", "warmte", "pompen", "monteur", "arbeid", "markt"])
    assert words.split("warmtepompmonteur") == ("warmtepomp", "monteur")
    assert words.split("arbeidsmarkt") == ("arbeid", "markt")  # linking s
    assert words.split("monteur") == ()  # one known word is not a compound
    assert words.split("onbekendwoord") == ()


def test_loose_split_keeps_a_known_head():
    words = Decompounder(["geneeskunde"])
    assert words.split_loose("spoedgeneeskunde") == ("spoed", "geneeskunde")
    assert split_compounds("Spoedgeneeskunde!", words) == "spoed geneeskunde"


def test_char_ngrams_survive_a_typo():
    right, typo = set(char_ngrams("boekhouding")), set(char_ngrams("boekhoudnig"))
    assert len(right & typo) / len(right) > 0.5


def test_guess_language():
    vocabulary = {"nl": {"boekhouding", "klanten"}, "en": {"bookkeeping", "customers"}}
    assert guess_language(["ik", "doe", "de", "boekhouding"], vocabulary) == "nl"
    assert guess_language(["the", "customers"], vocabulary) == "en"
    assert guess_language(["xyz"], vocabulary) is None
