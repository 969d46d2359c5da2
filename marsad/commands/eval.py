"""``marsad eval``: score extraction against a gold file (GUIDE §7)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.app import app


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Gold events, one JSON line per article (GUIDE §6).")],
    articles: Annotated[
        Path | None, typer.Option("--articles", help="Articles to extract from (JSONL or what ingest reads).")
    ] = None,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Output of `marsad extract` instead of extracting.")
    ] = None,
    misses: Annotated[
        bool, typer.Option("--misses", help="Also list missed, spurious and mismatched events.")
    ] = False,
) -> None:
    """Score extraction against gold events (GUIDE §7).

    Prints JSON: precision, recall, F1, per-field accuracy, fatalities MAE
    and detection.

    Examples:

      marsad eval --gold gold.jsonl --articles articles.jsonl
      marsad extract articles.jsonl > predicted.jsonl
      marsad eval --gold gold.jsonl --predictions predicted.jsonl --misses
    """
    from marsad.evaluate import evaluate

    if (articles is None) == (predictions is None):
        typer.echo("marsad eval: give exactly one of --articles or --predictions", err=True)
        raise typer.Exit(2)
    for path in (gold, articles or predictions):
        if path is not None and not path.exists():
            typer.echo(f"{path}: no such file", err=True)
            raise typer.Exit(2)

    failures = 0
    if predictions is not None:
        predicted = _read_jsonl(predictions)
    else:
        from marsad.extract import article_result, extract_events
        from marsad.geo import Gazetteer
        from marsad.ingest import read_paths
        from marsad.model import IngestError

        gazetteer = Gazetteer.load()
        predicted = []
        for item in read_paths([str(articles)]):
            if isinstance(item, IngestError):
                failures += 1
                print(str(item), file=sys.stderr)
                continue
            predicted.append(article_result(item, extract_events(item, gazetteer)))

    summary = evaluate(predicted, _read_jsonl(gold), with_misses=misses)
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    if failures:
        raise typer.Exit(1)
