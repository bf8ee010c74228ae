-- The text fields that mention offsets point into: one row per story and field
-- (`headline`, `body`), so offset checks and text lookups join on (story_id, field).
create or replace view story_fields as
select story_id, 'body' as field, body as text
from stories

union all

select story_id, 'headline' as field, headline as text
from stories
where headline is not null
