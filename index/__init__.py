"""Build side: read documents, recover their structure, embed and store paragraphs."""
