"""pixmod: codemods that carry out the pixsim7 backend cleanup report."""

__version__ = "0.1.0"
