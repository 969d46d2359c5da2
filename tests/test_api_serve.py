"""``marsad serve``: prints the URL it serves, refuses a missing database or a taken port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from test_api_fixtures import build_sample_store
from typer.testing import CliRunner

from marsad.app import app
from marsad.commands import register_all

register_all()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "serve.db"
    build_sample_store(path).close()
    return path


def test_serve_prints_its_url_and_serves(database: Path) -> None:
    env = {**os.environ, "MARSAD_API_TOKEN": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "serve", "--db", str(database), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("marsad explorer: http://127.0.0.1:"), line
        url = line.removeprefix("marsad explorer: ")
        # The socket is bound before the line is printed, so connecting cannot race the
        # start-up; only the first answer waits for uvicorn to begin accepting.
        health = httpx.get(f"{url}api/health", timeout=20).json()
        assert health["status"] == "ok"
        assert health["counts"]["articles"] == 4 and health["counts"]["reports"] == 5
        assert 'id="map"' in httpx.get(url, timeout=5).text
        refused = httpx.post(f"{url}api/articles", json={"text": "نص"}, timeout=5)
        assert refused.status_code == 403  # an empty MARSAD_API_TOKEN leaves writes off
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 2
    assert "typo.db: no such database" in result.output
    assert not (tmp_path / "typo.db").exists()


def test_serve_reports_a_port_in_use(database: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--db", str(database), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
