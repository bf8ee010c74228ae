-- One story's temporal expressions in text order: the words (the evidence), the normalized
-- value and the calendar range it resolved to.
select field, start_char, text, type, value, mod, range_start, range_end, anchor_date
from timexes
where story_id = $story_id
order by field desc, start_char
