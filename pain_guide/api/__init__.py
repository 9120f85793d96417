"""The read-only content API (/api/v1/): the library's published content as JSON, for other
sites and record systems to show with its references and review dates (docs/adr/0016)."""
