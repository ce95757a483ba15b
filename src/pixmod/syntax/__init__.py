"""Shared LibCST mechanics used by more than one codemod.

Finding definitions (:mod:`.locate`), inserting statements
(:mod:`.statements`), editing comma-separated lists such as import names and
``__all__`` (:mod:`.sequences`), and import placement (:mod:`.imports`).
"""
