"""The names of the pixsim7 backend that codemods and rules look for.

The cleanup report speaks of these classes, functions and folders; the
codemods that carry it out and the rules that check it must mean the same
ones. They live here, once, so that a rule never imports a codemod (only the
registry does) and a codemod never reads another codemod's constants.

Each is found in a tree by its definition (see :mod:`pixmod.syntax.locate`),
never by a fixed path; the codemods' options can pin where.
"""

from __future__ import annotations

# -- the stat engine (stat-engine-factory, PX003, PX004, dev-guide-di) --------
ENGINE_CLASS = "StatEngine"
ENGINE_FACTORY = "create_stat_engine"

# -- the service whose dependencies become injectable (prompt-context-di) -----
PROMPT_SERVICE = "PromptContextService"

# -- the startup sequence (stat-packages-startup, PX002) ----------------------
STARTUP_MODULE = "startup"  # the last part of the startup module's name, where no anchor says more
ECS_SETUP = "setup_ecs_components"  # the anchor: defined in startup, called by main
STAT_PACKAGES_SETUP = "setup_stat_packages"  # what stat-packages-startup adds after the anchor
PLUGINS_SETUP = "setup_plugins"  # must run after the anchor and the new step
REGISTER_STAT_PACKAGES = "register_core_stat_packages"
LIST_STAT_PACKAGES = "list_stat_packages"

# -- shared schemas (schemas-barrel, PX001) -----------------------------------
SCHEMAS_PACKAGE = "shared.schemas"  # the dotted tail of the package's name

# -- documents and registries -------------------------------------------------
DEVELOPMENT_GUIDE = "DEVELOPMENT_GUIDE.md"
HANDLER_REGISTRY = "REGISTERED_HANDLERS"  # the explicit list event-handler-registry writes
