-- Entity offsets must point inside their field and at the mention's own text.
with fields as (
    select story_id, 'body' as field, body as text from stories
    union all
    select story_id, 'headline' as field, headline as text from stories where headline is not null
)

select e.story_id, e.field, e.start_char, e.end_char, e.text
from entities as e
inner join fields as f using (story_id, field)
where e.start_char < 0
    or e.end_char > length(f.text)
    or e.start_char >= e.end_char
    or substring(f.text, e.start_char + 1, e.end_char - e.start_char) <> e.text
