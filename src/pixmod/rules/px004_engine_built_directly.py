"""PX004: the stat engine built directly instead of through its factory.

The report wants engines created through ``create_stat_engine()``. A call
of the ``StatEngine`` class outside its own module and the factory module,
resolved by qualified name exactly as the stat-engine-factory codemod
resolves it, with the codemod's own settings (``engine_module`` pins the
engine among several): ``pixmod apply`` fixes every finding. Error
severity.
"""

from __future__ import annotations


from pixmod.model import SkipCodemod
from pixmod.rules.base import Invalid, Rule
from pixmod.syntax import locate
from pixmod.targets import ENGINE_CLASS as ENGINE, ENGINE_FACTORY as FACTORY

ENGINE_MODULE = "class StatEngine:\n    pass\n"
MESSAGE = f"{ENGINE}() built directly; use {FACTORY}()"


class EngineBuiltDirectly(Rule):
    code = "PX004"
    name = "engine-built-directly"
    description = "StatEngine() is called directly; use create_stat_engine() (pixmod apply fixes it)."
    severity = "error"
    codemod = "stat-engine-factory"
    VALID = (
        {"app/__init__.py": "", "app/stats/__init__.py": "from .engine import StatEngine\n", "app/stats/engine.py": ENGINE_MODULE,
         "app/stats/factory.py": "from .engine import StatEngine\n\n\ndef create_stat_engine():\n    return StatEngine()\n",
         "app/use.py": "from app.stats import StatEngine\n\n\ndef f(e: StatEngine) -> bool:\n    return isinstance(e, StatEngine)\n"},
    )
    INVALID = (
        Invalid(
            {"app/__init__.py": "", "app/stats/__init__.py": "from .engine import StatEngine\n", "app/stats/engine.py": ENGINE_MODULE,
             "app/use.py": "from app.stats import StatEngine as SE\n\nengine = SE()\n"},
            (("app/use.py", 3, 10, MESSAGE),),
        ),
    )

    def analyses(self, project):
        """The engine's call sites in the files that may call it (but its own
        module and the factory's); nothing without an engine. Several
        engines and no ``engine_module``: the codemod's error, which
        ``run_rules`` reports as a warning."""
        try:
            engine = locate.find_unique_definition(
                project, ENGINE, kind="class", pinned=self.shared_options["engine_module"], option="engine_module", codemod=self.codemod
            )
        except SkipCodemod:
            return []
        names = frozenset(locate.reexported_names(project, engine.module_name, ENGINE))
        factories = {d.path for d in locate.find_definitions(project, FACTORY, "def")}
        return [self.per_file(locate.call_positions, locate.files_calling(project, ENGINE, skip={engine.path, *factories}), names)]

    def check(self, project):
        return self.located_findings(project, lambda: MESSAGE)
