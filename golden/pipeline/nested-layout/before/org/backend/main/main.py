"""Application entry point: the lifespan that starts and stops the backend."""

import asyncio
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict

from org.backend.main.shared import get_backend_logger

logger = get_backend_logger("main")


class App:
    """Stand-in for the FastAPI application object."""

    def __init__(self, lifespan: Any):
        self.lifespan = lifespan
        self.state: Dict[str, Any] = {}


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[None]:
    from org.backend.main.startup import (
        setup_behavior_registry_lock,
        setup_database,
        setup_ecs_components,
        setup_event_handlers,
        setup_plugins,
    )

    setup_database()

    # ECS components must exist before plugins load.
    ecs_components_count = setup_ecs_components()
    app.state["ecs_components"] = ecs_components_count

    app.state["event_handlers"] = setup_event_handlers()

    plugin_manager, routes_manager = await setup_plugins(app)
    app.state["behavior_registry"] = setup_behavior_registry_lock(plugin_manager, routes_manager)

    logger.info("backend_started", **{k: v for k, v in app.state.items() if isinstance(v, int)})
    yield
    logger.info("backend_stopped")


app = App(lifespan=lifespan)


async def _start_and_stop(target: App) -> Dict[str, Any]:
    async with target.lifespan(target):
        return dict(target.state)


def run_startup() -> Dict[str, Any]:
    """Run the lifespan once (start, then stop) and return the app state."""
    return asyncio.run(_start_and_stop(App(lifespan=lifespan)))


if __name__ == "__main__":
    print(run_startup())
