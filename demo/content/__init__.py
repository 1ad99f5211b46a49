"""Article texts and page furniture for the bundled demo news sites (see demo/build.py)."""


def P(block: str) -> list[str]:
    """Paragraphs from a triple-quoted block: blank lines separate paragraphs, inner newlines are spaces."""
    paras = []
    for chunk in block.strip().split("\n\n"):
        text = " ".join(line.strip() for line in chunk.strip().splitlines() if line.strip())
        if text:
            paras.append(text)
    return paras
