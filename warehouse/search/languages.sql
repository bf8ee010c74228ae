-- The languages the warehouse's stories are indexed in (`stored.search_docs`): a query's words
-- are analyzed once per language, with its stopwords and stemmer.
select distinct language
from stored.search_docs
order by language
