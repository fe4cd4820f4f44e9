"""Query side: retrieve paragraphs, compose cited answers, keep the conversation."""
