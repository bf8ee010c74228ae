"""storywire.warehouse."""
