"""The production shape in docker-compose.yml and the Dockerfile (no Docker engine runs here, so the
compose file is validated, not started)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def compose_command() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def compose(*args: str) -> subprocess.CompletedProcess[str]:
    command = compose_command()
    if command is None:
        message = "needs `docker compose` or `docker-compose` (make test installs it when run as root)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return subprocess.run(
        [*command, "--project-directory", str(ROOT), "-f", str(ROOT / "docker-compose.yml"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_docker_compose_config_validates():
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr


def test_compose_runs_the_web_worker_beat_database_and_redis_each_with_a_health_check():
    result = compose("config", "--services")
    assert set(result.stdout.split()) == {"web", "worker", "beat", "db", "redis"}
    assert (ROOT / "docker-compose.yml").read_text().count("healthcheck:") == 5
    assert set(compose("config", "--volumes").stdout.split()) == {"pgdata", "redisdata", "media"}


def test_the_image_is_built_in_stages_and_runs_as_an_ordinary_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = [line for line in dockerfile.splitlines() if line.startswith("FROM ")]
    assert [stage.split()[-1] for stage in stages] == ["assets", "runtime"]
    assert "USER app" in dockerfile
    assert "collectstatic" in dockerfile
