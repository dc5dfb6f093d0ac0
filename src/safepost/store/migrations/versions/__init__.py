"""One file per schema change, applied in order at start-up."""
