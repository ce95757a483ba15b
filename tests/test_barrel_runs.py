"""The generated shared/schemas barrel works at run time and for type checkers."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from pixmod import runner

PROBE = """
import json, sys
import pixsim7.backend.main.shared.schemas as barrel
from pixsim7.backend.main.shared.schemas import generation_schemas  # one submodule

loaded_before = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith(barrel.__name__ + "."))
resolved = {name: getattr(barrel, name).__module__.rsplit(".", 1)[1] for name in barrel.__all__}
namespace = {}
exec("from pixsim7.backend.main.shared.schemas import *", namespace)
print(json.dumps({
    "loaded_before": loaded_before,
    "resolved": resolved,
    "star": sorted(k for k in namespace if not k.startswith("__")),
    "dir_has_all": set(barrel.__all__) <= set(dir(barrel)),
}))
"""


def test_lazy_barrel_imports_on_demand(sample_copy) -> None:
    assert runner.run(runner.Mode(root=sample_copy, action="apply")).exit_code == 0
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=sample_copy, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["loaded_before"] == ["generation_schemas"]  # importing one schema module imports no other
    assert data["resolved"] == {
        "AssetMetadataSchema": "asset_schemas",
        "GenerationRequest": "generation_schemas",
        "GenerationResponse": "generation_schemas",
        "TelemetryEvent": "telemetry_schemas",
    }
    assert data["star"] == sorted(data["resolved"])
    assert data["dir_has_all"]


def test_mypy_sees_the_real_types(sample_copy) -> None:
    assert runner.run(runner.Mode(root=sample_copy, action="apply")).exit_code == 0
    (sample_copy / "use_barrel.py").write_text(
        "from pixsim7.backend.main.shared.schemas import GenerationRequest\n\n"
        "request = GenerationRequest(prompt=42)\n"
        "reveal_type(request.prompt)\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--ignore-missing-imports", "use_barrel.py"],
        cwd=sample_copy, capture_output=True, text=True,
    )
    assert 'Argument "prompt" to "GenerationRequest" has incompatible type "int"; expected "str"' in out.stdout, out.stdout
    assert re.search(r'Revealed type is "(builtins\.)?str"', out.stdout), out.stdout
