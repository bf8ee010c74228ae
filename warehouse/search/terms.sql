-- The search terms of texts (`warehouse.search`): the one tokenizer of the index and of the
-- queries, so both cut, fold and stem words alike. Reads `search_input` (story_id, language,
-- text, weight), `search_analyzers` (language, stemmer: a snowball stemmer of the fts
-- extension, or 'none') and `search_stopwords` (language, word).
-- Like DuckDB's fts: accents stripped and lowercased, then cut at every character that is not
-- a letter or a digit (any script). A stopword of the text's language is dropped, and so is a
-- lone letter (the "s" of "Putin's", the "l" of "l'État"); what is left is stemmed with the
-- language's stemmer. tf sums the weights of a term's occurrences (a headline's count more).
-- {max_chars}: longer "words" (hashes, run-together URLs) are left out.
with stopwords as (
    select distinct language, lower(strip_accents(word)) as word
    from search_stopwords
),

words as (
    select
        story_id,
        language,
        weight,
        unnest(regexp_split_to_array(lower(strip_accents(coalesce(text, ''))), '[^\p{{L}}\p{{N}}]+')) as word
    from search_input
),

counted as (
    select story_id, language, word, sum(weight) as tf
    from words
    where length(word) between 1 and {max_chars}
      and (length(word) > 1 or regexp_full_match(word, '\p{{N}}'))
    group by all
),

-- each distinct word once: stopwords out, the rest stemmed
stems as (
    select c.language, c.word, stem(c.word, a.stemmer) as term
    from (select distinct language, word from counted) as c
    inner join search_analyzers as a on c.language = a.language
    anti join stopwords as s on c.language = s.language and c.word = s.word
)

select
    c.story_id,
    c.language,
    s.term,
    sum(c.tf)::integer as tf
from counted as c
inner join stems as s on c.language = s.language and c.word = s.word
group by c.story_id, c.language, s.term
