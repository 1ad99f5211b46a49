"""Topics for "related news": named keyword lists matched on normalised words, any language."""
from __future__ import annotations

from pipeline.config import Topic
from pipeline.normalize import words


class TopicMatcher:
    def __init__(self, topics: dict[str, Topic]):
        # Keywords are matched as whole-word sequences: ' russia ' never matches 'belarussian'.
        self.topics = [(t.name, [" " + " ".join(words(k)) + " " for k in t.keywords if words(k)],
                        t.min_matches) for t in topics.values()]

    def match(self, *texts: str) -> list[str]:
        haystack = " " + " ".join(" ".join(words(t)) for t in texts if t) + " "
        found = []
        for name, keywords, min_matches in self.topics:
            if sum(1 for k in keywords if k in haystack) >= min_matches:
                found.append(name)
        return found
