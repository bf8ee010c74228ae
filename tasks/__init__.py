"""storywire.tasks."""
