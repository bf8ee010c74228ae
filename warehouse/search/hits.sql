-- The text of the stories `bm25.sql` ranked best (`storywire_top`: story_id, score): date,
-- agency, headline and a snippet of the body around the first query term ($terms).
-- {dates}: the found stories' publication dates as literals, so the scan reads only the
-- files and row groups of `stored.stories` (sorted by date) that hold them (a join alone
-- would read every story's body to find twenty).
with found as (
    select
        top.story_id,
        top.score,
        s.published_date,
        s.agency,
        s.headline,
        s.body,
        -- where the first query term is in the body (folded like the index; 0: nowhere)
        coalesce(list_min(list_filter(
            list_transform($terms::varchar [], t -> instr(lower(strip_accents(coalesce(s.body, ''))), t)),
            p -> p > 0
        )), 1) as first_hit
    from storywire_top as top
    inner join stored.stories as s on top.story_id = s.story_id
    where {dates}
)

select
    story_id,
    round(score, 4) as score,
    published_date,
    agency,
    headline,
    -- about 200 characters of the body around the first match, cut at spaces
    trim(regexp_replace(
        case when first_hit > 80 then regexp_replace(substr(body, first_hit - 80, 200), '^\S*\s', '')
             else substr(body, 1, 200) end,
        '\s+', ' ', 'g'
    )) as snippet
from found
order by score desc, story_id
