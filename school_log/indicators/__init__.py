"""The indicator reader: what an entry's words say, quoted, so a flag can rest on them."""
