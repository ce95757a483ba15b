"""The rewritten sample backend still runs, and does what the report asks."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from pixmod import runner

from .conftest import REPO

PROBE = """
import json
from pixsim7.backend.main import main, startup
from pixsim7.backend.main.domain.stats import clear_stat_packages, list_stat_packages

count = startup.setup_stat_packages()
ids = [p.id for p in list_stat_packages()]
clear_stat_packages()
startup.logger.events.clear()
state = main.run_startup()
events = [event for _, event, _ in startup.logger.events]
print(json.dumps({"count": count, "ids": ids, "state": state, "events": events}))
"""


def _run_probe(root: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_setup_stat_packages_returns_the_registered_count(sample_copy) -> None:
    result = runner.run(runner.Mode(root=sample_copy, action="apply"))
    assert result.exit_code == 0 and result.written
    data = _run_probe(sample_copy)
    assert data["count"] == len(data["ids"]) == 7
    assert "core.relationships" in data["ids"] and "core.conversation_style" in data["ids"]
    events = data["events"]
    # Registered during startup, right after the ECS components, before plugins load.
    assert events.index("stat_packages_registered") == events.index("ecs_components_registered") + 1
    assert events.index("stat_packages_registered") < events.index("behavior_registry_locked")


def test_every_source_package_is_in_the_wheel() -> None:
    declared = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(("pixmod", *p.parent.relative_to(REPO / "src" / "pixmod").parts))
        for p in (REPO / "src" / "pixmod").rglob("__init__.py")
    }
    assert found <= declared, f"add to [tool.setuptools] packages: {sorted(found - declared)}"


FACTORY_PROBE = """
import importlib, json, sys
from pixsim7.backend.main.domain.stats import StatEngine, create_stat_engine
from pixsim7.backend.main.domain.brain import BrainEngine
from pixsim7.backend.main.services.stats.stat_service import StatService

for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps({
    "factory_builds_engine": type(create_stat_engine()) is StatEngine,
    "brain_uses_engine": isinstance(BrainEngine().stats, StatEngine),
    "service_uses_engine": isinstance(StatService(db=None).engine, StatEngine),
    "ranked": BrainEngine().rank_drives({"hunger": 0.2, "rest": 0.9}),
}))
"""


def test_factory_and_every_migrated_module_import(sample_copy) -> None:
    result = runner.run(runner.Mode(root=sample_copy, action="apply"))
    (factory,) = [r for r in result.reports if r.name == "stat-engine-factory"]
    assert dict(factory.outcome.counts)["call sites migrated"] == 3
    modules = [f.path[:-3].replace("/", ".").removesuffix(".__init__") for f in result.files if f.path.endswith(".py")]
    out = subprocess.run([sys.executable, "-c", FACTORY_PROBE, *modules], cwd=sample_copy, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data == {"factory_builds_engine": True, "brain_uses_engine": True, "service_uses_engine": True, "ranked": ["rest", "hunger"]}


DI_PROBE = """
import asyncio, json
from pixsim7.backend.main.infrastructure.database import AsyncSession
from pixsim7.backend.main.services.characters.instance_service import CharacterInstanceService
from pixsim7.backend.main.services.characters.npc_sync_service import CharacterNPCSyncService
from pixsim7.backend.main.services.characters.prompt_context_service import PromptContextService
from pixsim7.backend.main.domain.stats import StatEngine


class FakeInstances:
    async def get_instance(self, npc_id):
        return {"name": "Injected Ana"}


class FalsyEngine(StatEngine):
    def __len__(self):
        return 0


db = AsyncSession()
service = PromptContextService(db, instance_service=FakeInstances(), stat_engine=FalsyEngine())
context = asyncio.run(service.get_context("npc", 1))
resolver = service._resolvers["npc"]
default = PromptContextService(db)
try:
    PromptContextService(db, FakeInstances())
    positional = "accepted"
except TypeError:
    positional = "TypeError"
print(json.dumps({
    "injected_used": context["npc"]["name"] == "Injected Ana",
    "falsy_kept": type(resolver.stat_engine) is FalsyEngine,
    "defaults_real": [type(default._instance_service).__name__, type(default._sync_service).__name__, type(default._stat_engine).__name__],
    "positional": positional,
}))
"""


def test_injected_dependencies_are_used(sample_copy) -> None:
    result = runner.run(runner.Mode(root=sample_copy, action="apply"))
    assert result.exit_code == 0
    out = subprocess.run([sys.executable, "-c", DI_PROBE], cwd=sample_copy, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "injected_used": True,
        "falsy_kept": True,
        "defaults_real": ["CharacterInstanceService", "CharacterNPCSyncService", "StatEngine"],
        "positional": "TypeError",
    }


DISCOVERY_PROBE = """
import json, os
from pixsim7.backend.main.event_handlers.registry import REGISTERED_HANDLERS
from pixsim7.backend.main.infrastructure.events import handlers

folder = os.path.join(os.path.dirname(handlers.__file__), "..", "..", "event_handlers")
print(json.dumps({
    "registered": sorted(REGISTERED_HANDLERS),
    "discovered": handlers.discover_event_handlers(folder),
    "stats": handlers.register_handlers(),
    "events": [[event, fields] for _, event, fields in handlers.logger.events],
}))
"""


def test_discovery_loads_exactly_the_registered_handlers(sample_copy) -> None:
    result = runner.run(runner.Mode(root=sample_copy, action="apply", only=("event-handler-registry",)))
    assert result.exit_code == 0 and result.written
    full = _run_discovery(sample_copy)
    assert full["registered"] == full["discovered"] == ["auto_retry", "metrics", "webhooks"]
    assert full["stats"] == {"loaded": 3, "failed": 0}  # today's handlers load as before

    registry = sample_copy / "pixsim7/backend/main/event_handlers/registry.py"
    registry.write_text(registry.read_text().replace('    "webhooks",\n', '    "ghost",\n'))
    partial = _run_discovery(sample_copy)
    assert partial["discovered"] == ["auto_retry", "metrics"]
    assert partial["stats"] == {"loaded": 2, "failed": 0}
    assert ["event_handler_disabled", {"handler": "webhooks"}] in partial["events"]
    assert ["event_handler_missing", {"handler": "ghost"}] in partial["events"]
    assert ["event_handlers_enabled", {"enabled": 2, "available": 3}] in partial["events"]


def _run_discovery(root) -> dict:
    out = subprocess.run([sys.executable, "-c", DISCOVERY_PROBE], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)
