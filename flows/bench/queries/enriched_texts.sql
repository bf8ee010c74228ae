-- The stories the flow sent through spaCy (English or undetected), in a stable order, so
-- bare spaCy is timed over the very texts the flow piped.
select headline, body, word_count
from stories
where language is null or language = 'en'
order by source_uri, item_key
