-- Quote offsets must point inside the body at the quote's text.
select q.story_id, q.start_char, q.end_char
from quotes as q
inner join stories as s using (story_id)
where q.start_char < 0
    or q.end_char > length(s.body)
    or substring(s.body, q.start_char + 1, q.end_char - q.start_char) <> q.text
