-- Temporal expression offsets must point inside their field and at the expression's text.
with fields as (
    select story_id, 'body' as field, body as text from stories
    union all
    select story_id, 'headline' as field, headline as text from stories where headline is not null
)

select t.story_id, t.field, t.start_char, t.end_char, t.text
from timexes as t
inner join fields as f using (story_id, field)
where t.start_char < 0
    or t.end_char > length(f.text)
    or substring(f.text, t.start_char + 1, t.end_char - t.start_char) <> t.text
