-- Entity offsets must point inside their field and at the mention's own text.
select m.story_id, m.field, m.start_char, m.end_char, m.text
from entities as m
inner join story_fields as f using (story_id, field)
where m.start_char < 0
    or m.end_char > length(f.text)
    or m.start_char >= m.end_char
    or substring(f.text, m.start_char + 1, m.end_char - m.start_char) <> m.text
