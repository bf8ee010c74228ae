-- The most mentioned place, so the place query returns rows on any corpus.
select entity_key
from entities
where label in ('GPE', 'LOC') and entity_key is not null
group by 1
order by count(*) desc, 1
limit 1
