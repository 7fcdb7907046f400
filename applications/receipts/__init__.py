"""The submission receipt: rendered once per submission by a worker (``services.receipt_render``), stored with its
SHA-256 and served as stored; the page says "being prepared" until it exists. Never rendered in a request."""
