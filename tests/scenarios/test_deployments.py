"""prefect.yaml declares deployments that load, with valid cron schedules and parameters."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT
from prefect.client.schemas.schedules import CronSchedule
from prefect.flows import load_flow_from_entrypoint


def _deployments():
    return yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]


@pytest.mark.parametrize("deployment", _deployments(), ids=lambda d: d["name"])
def test_deployment_entrypoint_schedule_and_parameters(deployment, monkeypatch):
    monkeypatch.chdir(ROOT)
    flow = load_flow_from_entrypoint(deployment["entrypoint"])
    assert flow.name == deployment["name"]
    for schedule in deployment["schedules"]:
        CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])  # raises if invalid
    flow.validate_parameters(deployment["parameters"])  # names and types match the flow
