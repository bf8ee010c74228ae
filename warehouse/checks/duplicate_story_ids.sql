-- A story is stored once: a new version replaces the old rows in the same transaction.
select story_id, count(*) as copies
from stored.stories
group by story_id
having count(*) > 1
