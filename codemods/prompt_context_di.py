"""prompt-context-di: not implemented yet.

Listed in the pipeline so its place and name are fixed; it reports
``skipped: not implemented yet`` and changes nothing.
"""

from pixmod.codemod import NotYetImplemented


class PromptContextDI(NotYetImplemented):
    name = "prompt-context-di"
    description = "Make PromptContextService accept its dependencies as optional keyword-only arguments."
