-- grain: one row per distinct valid action, with the item it used (if any)
-- input: deduplicate_actions
-- A dashboard is its dashboard_id. A query is its family: the text lower-cased, time ranges,
-- quoted literals, values containing a digit (ids, hosts, thresholds) and other numbers replaced
-- by placeholders, spacing folded; the family id hashes the account with that text, so equal
-- texts in two accounts never share an id.
with actions as (
  select * from deduplicate_actions where quarantine_reason is null and not is_duplicate
),

normalised as (
  select
    *,
    case when action = 'query_run' then
      trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        lower(query),
        '\\[[^\\]]*\\bto\\b[^\\]]*\\]', '[<range>]'),
        'now[-+][0-9]+[smhdwy]', '<time>'),
        '"[^"]*"', '"<text>"'),
        '(:\\s*[<>=]*\\s*)[^\\s():"\\[\\]]*[0-9][^\\s():"\\[\\]]*', '$1<v>'),
        '[0-9]+([.][0-9]+)?', '<n>'),
        '\\s*([:()=<>])\\s*', '$1'),
        '\\s+', ' '))
    end as query_family_text
  from actions
),

final as (
  select
    event_id,
    ts,
    account_id,
    user_id,
    action,
    alert_id,
    source,
    case
      when action = 'dashboard_viewed' then 'dashboard'
      when action = 'query_run' then 'query'
    end as item_type,
    case
      when action = 'dashboard_viewed' then dashboard_id
      when action = 'query_run'
        then concat('q-', left(sha2(concat(account_id, '|', query_family_text), 256), 12))
    end as item_id,
    case when action = 'query_run' then trim(regexp_replace(query, '\\s+', ' ')) end as item_text
  from normalised
)

select * from final
