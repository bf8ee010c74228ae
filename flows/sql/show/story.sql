-- One story's fields, as the `stories` view shows its current version.
select *
from stories
where story_id = $story_id
