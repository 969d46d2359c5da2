"""``marsad ingest``: idempotent, one commit per article, and a SIGKILL loses nothing committed."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marsad.app import app
from marsad.commands import register_all

_TOWNS = ("إدلب", "درعا", "حلب", "الموصل", "البصرة", "تعز")
_DAY_WORDS = ("أمس", "اليوم")
#: Short reports written for these tests, one incident a sentence.
_TEMPLATES = (
    "قتل {n} مدنيين {day} في غارة جوية شنها الطيران الروسي على مدينة {town}.",
    "اندلعت اشتباكات عنيفة {day} بين قوات النظام وفصائل المعارضة في مدينة {town}، ما أسفر عن مقتل {n} عنصرا.",
    "انفجرت سيارة مفخخة {day} في سوق شعبي بمدينة {town}، ما أدى إلى مقتل {n} أشخاص وإصابة {m} آخرين.",
    "تظاهر مئات المحتجين {day} في مدينة {town} احتجاجا على انقطاع الكهرباء.",
)
_SUMMARY = re.compile(
    r"read (?P<read>\d+) = stored (?P<stored>\d+) \+ replaced (?P<replaced>\d+)"
    r" \+ skipped (?P<skipped>\d+) \+ failed (?P<failed>\d+)"
)
#: Columns written at commit time: they differ between any two runs.
_TIMESTAMP_COLUMNS = frozenset({"ingested_at", "merged_at"})


def synthetic_record(index: int) -> dict[str, Any]:
    """A three-sentence article; neighbouring indexes share incidents, so merges happen."""
    sentences = [
        _TEMPLATES[(index + k) % len(_TEMPLATES)].format(
            n=3 + index % 9,
            m=10 + index % 7,
            day=_DAY_WORDS[index % 2],
            town=_TOWNS[(index // 3 + k) % len(_TOWNS)],
        )
        for k in range(3)
    ]
    return {
        "id": f"synthetic-{index:04d}",
        "title": f"تقرير ميداني رقم {index}",
        "date": f"2019-03-{1 + (index // 3) % 28:02d}",
        "url": f"https://news.example/synthetic/{index}",
        "source": f"outlet-{index % 5}",  # without it the file name is the source
        "text": " ".join(sentences),
    }


def write_corpus(path: Path, count: int, *, edit: dict[int, str] | None = None) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            record = synthetic_record(index)
            if edit and index in edit:
                record["text"] = edit[index]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def summary_counts(output: str) -> dict[str, int]:
    match = _SUMMARY.search(output)
    assert match, output
    return {name: int(value) for name, value in match.groupdict().items()}


def canonical_dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, timestamps left out, in a fixed order."""
    with closing(sqlite3.connect(db)) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        dump = {}
        for table in tables:
            columns = [
                r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in _TIMESTAMP_COLUMNS
            ]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            dump[table] = sorted(rows, key=repr)
    return dump


def committed_articles(db: Path) -> int:
    """Articles committed so far, read without creating the file or taking a write lock."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # no database or no schema yet
        return 0


def ingest(corpus: Path, db: Path) -> tuple[int, str]:
    register_all()
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db)])
    return result.exit_code, result.output


def test_ingest_is_idempotent_and_replaces_changed_articles(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 30)
    db = tmp_path / "marsad.db"
    code, output = ingest(corpus, db)
    assert code == 0, output
    assert summary_counts(output) == {"read": 30, "stored": 30, "replaced": 0, "skipped": 0, "failed": 0}
    first = canonical_dump(db)
    assert len(first["reports"]) >= 30 and 0 < len(first["events"]) < len(first["reports"])

    code, output = ingest(corpus, db)
    assert code == 0 and summary_counts(output)["skipped"] == 30
    assert canonical_dump(db) == first

    edited = write_corpus(tmp_path / "edited.jsonl", 30, edit={4: "تظاهر مئات المحتجين اليوم في مدينة تعز."})
    code, output = ingest(edited, db)
    assert summary_counts(output) == {"read": 30, "stored": 0, "replaced": 1, "skipped": 29, "failed": 0}
    with closing(sqlite3.connect(db)) as conn:
        reports = conn.execute(
            "SELECT event_type FROM reports WHERE article_id = 'synthetic-0004'"
        ).fetchall()
    assert reports == [("Protests",)]


def test_failures_are_reported_with_reasons_and_the_counts_add_up(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 5)
    with corpus.open("a", encoding="utf-8") as out:
        out.write("{this line is not json\n")
    code, output = ingest(corpus, tmp_path / "marsad.db")
    assert code == 1
    counts = summary_counts(output)
    assert counts["failed"] == 1 and counts["stored"] == 5
    assert counts["read"] == counts["stored"] + counts["replaced"] + counts["skipped"] + counts["failed"]
    assert "failed, by reason:" in output and "corpus.jsonl" in output


def _run_ingest(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=corpus.parent,
    )


def test_a_run_killed_with_sigkill_resumes_to_the_same_database(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 400)
    reference_db, killed_db = tmp_path / "reference.db", tmp_path / "killed.db"

    reference = _run_ingest(corpus, reference_db)
    out, err = reference.communicate(timeout=120)
    assert reference.returncode == 0, err
    assert summary_counts(out)["stored"] == 400

    victim = _run_ingest(corpus, killed_db)
    while committed_articles(killed_db) < 25 and victim.poll() is None:
        time.sleep(0.005)
    if victim.poll() is not None:
        pytest.fail("the ingest finished before it could be killed mid-run")
    os.kill(victim.pid, signal.SIGKILL)
    victim.communicate(timeout=60)
    assert victim.returncode == -signal.SIGKILL
    survived = committed_articles(killed_db)
    assert 25 <= survived < 400

    resumed = _run_ingest(corpus, killed_db)
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    counts = summary_counts(out)
    assert counts == {"read": 400, "stored": 400 - survived, "replaced": 0, "skipped": survived, "failed": 0}
    assert canonical_dump(killed_db) == canonical_dump(reference_db)


def test_workers_store_the_same_database_and_skip_on_rerun(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 40)
    with corpus.open("a", encoding="utf-8") as out:
        out.write("{this line is not json\n")
    register_all()
    runner = CliRunner()
    dumps = []
    for options in (["--workers", "1"], ["--workers", "2"], ["--dask", "local", "--workers", "2"]):
        db = tmp_path / f"marsad-{len(dumps)}.db"
        result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), *options])
        assert result.exit_code == 1, result.output  # the bad line fails, the rest is stored
        assert summary_counts(result.output) == {
            "read": 41,
            "stored": 40,
            "replaced": 0,
            "skipped": 0,
            "failed": 1,
        }
        assert f"{corpus}:41" in result.output
        dumps.append(canonical_dump(db))
    assert dumps[0] == dumps[1] == dumps[2]
    # A store that holds articles is read by this process, which skips them before extraction.
    result = runner.invoke(
        app, ["ingest", str(corpus), "--db", str(tmp_path / "marsad-1.db"), "--workers", "2"]
    )
    assert summary_counts(result.output)["skipped"] == 40
