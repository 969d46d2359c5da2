"""Shared fixtures: the read-only ``../shared`` folder, skipped cleanly when absent."""

from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED_DIR / "README.md").exists():
        pytest.skip("../shared is absent")
    return SHARED_DIR
