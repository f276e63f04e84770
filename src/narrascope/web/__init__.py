"""`narrascope serve`: the web app over a corpus store."""
