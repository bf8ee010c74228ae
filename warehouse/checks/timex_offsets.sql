-- Temporal expression offsets must point inside their field and at the expression's own text
-- (each is sliced out of the window it starts in: see views/story_text_windows.sql).
select m.story_id, m.field, m.start_char, m.end_char, m.text
from timexes as m
inner join story_text_windows as w
    on m.story_id = w.story_id and m.field = w.field and greatest(m.start_char, 0) // 8192 = w.k
where m.start_char < 0
    or m.end_char > w.n_chars
    or m.start_char >= m.end_char
    or m.end_char - m.start_char > 16384
    or substring(w.piece, m.start_char - w.k * 8192 + 1, m.end_char - m.start_char) <> m.text
