"""storywire.flows."""
