"""Migration revisions, applied in order by ``mathforml.store.Store.migrate``."""
