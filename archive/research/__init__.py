"""The researcher's toolkit: syndication clusters, trends, keyword in context, tags, notes,
saved queries, citations and export manifests. Functions that return data; the commands in
archive/cli render them."""
