"""pixsim7 backend: the main application package."""
