"""schemas-barrel: not implemented yet.

Listed in the pipeline so its place and name are fixed; it reports
``skipped: not implemented yet`` and changes nothing.
"""

from pixmod.codemod import NotYetImplemented


class SchemasBarrel(NotYetImplemented):
    name = "schemas-barrel"
    description = "Generate shared/schemas/__init__.py with computed cross-cutting exports."
