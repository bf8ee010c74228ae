-- The story's language, length and publication date on each search posting of a lake made
-- before the postings carried them (run once, when a writer brings such a lake up to date).
update {lake}.stored.search_terms as t
set language = d.language, length = d.length, published_date = d.published_date
from {lake}.stored.search_docs as d
where t.story_id = d.story_id
