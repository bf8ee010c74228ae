"""Reading sources: listing what a SOURCE names and fetching its bytes (the only network I/O)."""
