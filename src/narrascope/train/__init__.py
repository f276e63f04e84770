"""`narrascope train`: fit heads from annotated data."""
