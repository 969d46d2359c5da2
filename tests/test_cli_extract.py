"""``marsad extract``: JSON on stdout, one error line per failed item on stderr, exit codes."""

import json
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

import marsad.extract
import marsad.geo
from marsad.app import app
from marsad.commands import COMMAND_MODULES, register_all
from marsad.model import Article, Event

register_all()  # with every command registered, `extract` is a sub-command as in `marsad extract`

BODY = "قال مصدر محلي إن اشتباكات اندلعت مساء الأربعاء في بلدة الوادي وأسفرت عن مقتل ثلاثة مسلحين."
DUMP = f"اشتباكات في بلدة الوادي\n\n  • 2/9/2018\n  • 4\nnews-picture\n\n{BODY}\n\nمشاركة :\n"
KEYS = {"id", "title", "published", "published_precision", "published_reason", "published_candidates",
        "url", "source", "text", "events"}


class _NoGazetteer:
    @classmethod
    def load(cls) -> None:
        return None


@pytest.fixture(autouse=True)
def fake_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's own behaviour, independent of event extraction and the gazetteer."""

    def extract_events(article: Article, gazetteer: object) -> list[Event]:
        if "انهيار" in article.text:
            raise RuntimeError("extractor broke")
        return [Event("Battles", "Armed clash", article.published.value, 1, "Syria")]

    monkeypatch.setattr(marsad.extract, "extract_events", extract_events)
    monkeypatch.setattr(marsad.geo, "Gazetteer", _NoGazetteer, raising=False)


def _inputs(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    records = [{"id": "r1", "title": "عنوان", "date": "2018-02-09", "text": BODY}, "not an object"]
    (tmp_path / "recs.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return tmp_path


def test_all_good_items_exit_zero(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(DUMP, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "good.txt"), "--date-order", "dmy"])
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    obj = json.loads(line)
    assert set(obj) == KEYS
    assert (obj["published"], obj["published_reason"]) == ("2018-09-02", "explicit date order dmy")
    assert obj["text"] == BODY
    assert [event["event_type"] for event in obj["events"]] == ["Battles"]
    assert "اشتباكات" in line  # ensure_ascii=False
    assert result.stderr == ""


def test_failures_are_named_on_stderr_and_good_items_still_printed(tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    (folder / "crash.txt").write_text("عنوان\n\nانهيار المبنى بعد القصف.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(folder), str(folder / "missing.txt")])
    assert result.exit_code == 1
    assert sorted(json.loads(line)["id"] for line in result.stdout.splitlines()) == ["good", "r1"]
    errors = result.stderr.splitlines()
    assert len(errors) == 4
    assert any(e.startswith(f"{folder / 'empty.txt'}: empty file") for e in errors)
    assert any(e.startswith(f"{folder / 'recs.jsonl'}:2: not a JSON object") for e in errors)
    assert any(e.startswith(f"{folder / 'missing.txt'}: no such file") for e in errors)
    assert any(e.startswith(f"{folder / 'crash.txt'}: extraction failed (RuntimeError") for e in errors)


def test_json_format_prints_one_array(tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    arguments = ["extract", "--format", "json", str(folder / "good.txt"), str(folder / "recs.jsonl")]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1
    assert [obj["id"] for obj in json.loads(result.stdout)] == ["good", "r1"]


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["extract", "--format", "xml", str(tmp_path)]).exit_code == 2
    assert CliRunner().invoke(app, ["extract", "--date-order", "dym", str(tmp_path)]).exit_code == 2
    assert CliRunner().invoke(app, ["extract"]).exit_code == 2


def test_command_is_registered() -> None:
    assert "extract" in COMMAND_MODULES
    assert "extract" in CliRunner().invoke(app, ["--help"]).stdout


def test_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"marsad {marsad.__version__}\n"


@pytest.mark.parametrize(
    "command",
    ["ingest", "export", "serve", "bench", "extract", "eval", "gazetteer", "gazetteer build",
     "gazetteer stats"],
)
def test_every_command_helps_with_a_summary_and_examples(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert f"marsad {command}" in result.stdout.split("Examples:", 1)[1]
    # The summary (the first help line, also the command list's entry) is one short sentence.
    found = typer.main.get_command(app)
    for name in command.split():
        found = found.commands[name]  # type: ignore[attr-defined]
    summary = found.help.split("\n\n", 1)[0]
    assert "\n" not in summary and len(summary) <= 65 and summary.endswith(".")
