-- Quote offsets must point inside the body at the quote's text. Quotes up to 16,384
-- characters are sliced out of the window they start in (views/story_text_windows.sql);
-- longer ones, rare, out of the whole body.
with windowed as (
    select q.story_id, q.start_char, q.end_char
    from quotes as q
    inner join story_text_windows as w
        on q.story_id = w.story_id and w.field = 'body' and greatest(q.start_char, 0) // 8192 = w.k
    where q.end_char - q.start_char <= 16384
        and (q.start_char < 0
            or q.end_char > w.n_chars
            or substring(w.piece, q.start_char - w.k * 8192 + 1, q.end_char - q.start_char) <> q.text)
),

long_quotes as (
    select q.story_id, q.start_char, q.end_char
    from quotes as q
    inner join stories as s using (story_id)
    where q.end_char - q.start_char > 16384
        and (q.start_char < 0
            or q.end_char > length(s.body)
            or substring(s.body, q.start_char + 1, q.end_char - q.start_char) <> q.text)
)

select * from windowed
union all
select * from long_quotes
