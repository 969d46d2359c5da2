"""marsad.text.compiled: compiled lexicons cached on disk, keyed by their inputs."""

from pathlib import Path

import pytest

from marsad.text import PhraseMatcher
from marsad.text.compiled import load_compiled


def test_built_once_then_loaded_and_rebuilt_when_an_input_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "words.txt"
    data.write_text("قصف\n", encoding="utf-8")
    builds: list[str] = []

    def build() -> PhraseMatcher[bool]:
        builds.append(data.read_text(encoding="utf-8"))
        return PhraseMatcher(dict.fromkeys(data.read_text(encoding="utf-8").split(), True))

    first = load_compiled("words", [data], build, PhraseMatcher)
    again = load_compiled("words", [data], build, PhraseMatcher)
    assert len(builds) == 1 and [m.text for m in again.find("وقصف")] == ["قصف"]
    assert first is not again  # the second came from the pickle
    data.write_text("غارة\n", encoding="utf-8")
    changed = load_compiled("words", [data], build, PhraseMatcher)
    assert len(builds) == 2 and changed.find("قصف") == [] and len(changed.find("غارة")) == 1
    assert len(list((tmp_path / "cache").glob("words-*.pickle"))) == 1  # the stale build is gone
