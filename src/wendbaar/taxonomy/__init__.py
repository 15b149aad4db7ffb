"""The common skills language: concept schemes, concepts, labels, relations and mappings."""
