"""stat-engine-factory: not implemented yet.

Listed in the pipeline so its place and name are fixed; it reports
``skipped: not implemented yet`` and changes nothing.
"""

from pixmod.codemod import NotYetImplemented


class StatEngineFactory(NotYetImplemented):
    name = "stat-engine-factory"
    description = "Add create_stat_engine() and migrate every StatEngine() call to it."
