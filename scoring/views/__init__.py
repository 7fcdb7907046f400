"""Pages of the scoring app, one module per concept. Thin: parse (forms), read (selectors), write (services)."""
