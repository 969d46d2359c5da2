"""marsad bench on the demo corpus: the report's shape and its internal consistency (no timing goals)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from typer.testing import CliRunner

from marsad.app import app
from marsad.bench import (
    RUN_KEYS,
    STAGES,
    RunConfig,
    classify_stack,
    db_path_for,
    measure_run,
    parse_sizes,
    run_bench,
)
from marsad.commands import register_all

DEMO_ARTICLES = Path(__file__).resolve().parents[1] / "marsad" / "data" / "demo" / "articles.jsonl"
DEMO_SIZE = 28


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return run_bench(str(DEMO_ARTICLES), [5, None], workers=2, startup_repeats=1)


def test_report_has_every_section_and_run(report: dict[str, Any]) -> None:
    assert set(report) == {
        "corpus",
        "cores",
        "python",
        "startup",
        "repeats",
        "runs",
        "linearity",
        "scaling",
        "targets",
    }
    assert set(report["startup"]) == {"pipeline_ready_s", "cli_help_s"}
    modes = [(run["size"], run["mode"]) for run in report["runs"]]
    assert modes == [
        (5, "no-store"),
        (5, "store"),
        (5, "processes"),
        ("all", "no-store"),
        ("all", "store"),
        ("all", "processes"),
    ]
    for run in report["runs"]:
        assert tuple(run) == (*RUN_KEYS, "rates")  # a report run: its rounds' rates too
        assert tuple(run["stages"]) == STAGES
        assert run["articles"] == (5 if run["size"] == 5 else DEMO_SIZE)
        assert run["failed"] == 0 and run["peak_rss_mb"] > 0
        assert run["megabytes"] > 0 and run["articles_per_s"] > 0
    assert set(report["linearity"]["articles_per_s"]) == {"5", "all"}
    assert {
        "no_store_articles_per_s",
        "store_articles_per_s",
        "peak_rss_mb_per_worker",
        "startup_s",
        "linearity_spread",
        "speedup_processes_all",
    } <= set(report["targets"])


def test_every_mode_codes_the_same_events(report: dict[str, Any]) -> None:
    for size in (5, "all"):
        digests = {run["events_digest"] for run in report["runs"] if run["size"] == size}
        assert len(digests) == 1
    whole = [run for run in report["runs"] if run["size"] == "all"]
    assert len({run["events"] for run in whole}) == 1 and whole[0]["events"] > 10
    assert [entry["identical_events"] for entry in report["scaling"]] == [True, True]


def test_stage_times_account_for_the_run(report: dict[str, Any]) -> None:
    for run in report["runs"]:
        stages = run["stages"]
        assert sum(stages.values()) == pytest.approx(run["seconds"], abs=0.01)
        if run["mode"] == "no-store":
            assert stages["store"] == stages["merge"] == 0.0
            assert stages["ingest"] > 0 and stages["text"] + stages["extract"] + stages["geo"] > 0
        if run["mode"] == "store":
            assert stages["store"] > 0 and stages["merge"] > 0


def test_single_worker_run_in_process() -> None:
    run = measure_run(RunConfig(str(DEMO_ARTICLES), limit=10))
    assert (run["mode"], run["workers"], run["articles"]) == ("no-store", 1, 10)
    assert sum(run["stages"].values()) == pytest.approx(run["seconds"], abs=0.01)


def _frame_in(*modules: str) -> FrameType:
    """A live stack whose frames run in ``modules`` (outermost first); its innermost frame."""
    call: Callable[[], FrameType] = sys._getframe
    for module in reversed(modules):
        namespace: dict[str, Any] = {"__name__": module, "inner": call}
        exec("def call():\n    return inner()", namespace)
        call = namespace["call"]
    return call()


@pytest.mark.parametrize(
    ("modules", "stage"),
    [
        (("marsad.pipeline", "marsad.extract.incidents", "marsad.text.matcher"), "text"),
        (("marsad.pipeline", "marsad.extract.places", "marsad.geo.gazetteer", "marsad.text.matcher"), "geo"),
        (("marsad.parallel", "marsad.pipeline", "marsad.extract.assemble"), "extract"),
        (("marsad.bench", "marsad.ingest.debris", "marsad.text.normalize"), None),  # ingest is timed exactly
        (("marsad.bench", "sqlalchemy.engine"), None),
    ],
)
def test_classify_stack(modules: tuple[str, ...], stage: str | None) -> None:
    assert classify_stack(_frame_in(*modules)) == stage


def test_parse_sizes() -> None:
    assert parse_sizes("1000, 5000,all") == [1000, 5000, None]
    for bad in ("0", "ten", "1000,,all"):
        with pytest.raises(ValueError):
            parse_sizes(bad)


def test_db_path_gets_the_size_when_several_sizes_run() -> None:
    assert db_path_for("/tmp/b.db", 1000, 1) == "/tmp/b.db"
    assert db_path_for("/tmp/b.db", 1000, 2) == "/tmp/b-1000.db"
    assert db_path_for("/tmp/b.db", None, 2) == "/tmp/b-all.db"


def test_cli_prints_json_and_writes_the_report(tmp_path: Path) -> None:
    register_all()
    output = tmp_path / "bench.json"
    result = CliRunner().invoke(
        app, ["bench", str(DEMO_ARTICLES), "--sizes", "3", "--no-store", "--json", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == json.loads(output.read_text(encoding="utf-8"))
    assert [(run["size"], run["mode"], run["articles"]) for run in printed["runs"]] == [(3, "no-store", 3)]


def test_cli_rejects_bad_sizes_and_an_existing_db(tmp_path: Path) -> None:
    register_all()
    bad = CliRunner().invoke(app, ["bench", str(DEMO_ARTICLES), "--sizes", "many"])
    assert bad.exit_code == 2
    existing = tmp_path / "marsad.db"
    existing.write_bytes(b"")
    clash = CliRunner().invoke(app, ["bench", str(DEMO_ARTICLES), "--db", str(existing)])
    assert clash.exit_code == 2


def test_repeated_runs_report_their_median_round(tmp_path: Path) -> None:
    register_all()
    result = CliRunner().invoke(
        app, ["bench", str(DEMO_ARTICLES), "--sizes", "3", "--no-store", "--repeat", "3", "--json"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["repeats"] == 3
    [run] = printed["runs"]
    assert len(run["rates"]) == 3
    assert run["articles_per_s"] == sorted(run["rates"])[1]
    with_db = CliRunner().invoke(
        app, ["bench", str(DEMO_ARTICLES), "--repeat", "2", "--db", str(tmp_path / "new.db")]
    )
    assert with_db.exit_code == 2
