"""Story similarity: whether two articles cover the same event (`similarity.py`).

Pure, CPU-only and cheap: a weighted bag of lightly stemmed words per article, compared by
cosine and a few overlap features, mapped to [0, 1] by a handful of parameters fitted on real
labelled pairs (`newsarchive eval stories`, pipeline/eval/stories.py). The catalog's story
assignment builds on it; date windows and story grouping live there, not here.

Import from the module (`from pipeline.stories.similarity import signature, similarity`): this
package re-exports nothing, so the module name is never shadowed by its `similarity` function.
"""
