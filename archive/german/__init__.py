"""The German analysis chain, engine-independent: no index code, no Whoosh.

    german_tokens   the tokenizer (dates, numbers with separators, gender forms, hyphen chains,
                    elliptical "Staats- und ...") and character cleanup
    stopwords       German stop words
    lexicon         the word lexicon behind the decompounder (lazy; lexicon_cache packs it)
    decompound      compound splitting with a name/brand guard
    stem_overrides  Snowball 3 German stems with the archive's overrides and the -s rule
    word_analysis   one word's stems, parts and variants; families: derivational families
    plans           the terms a token yields at each position (cached per surface form)
    folding         German spelling-variant folding for names, prefixes and exact terms
    query_terms     how a query word meets the indexed fields
    caching         the bounded caches the chain shares

archive.index builds Whoosh's analyzers (archive.index.analysis) and queries over these.
"""
