-- grain: one row per line or record read from the run's action folders (dt-1, dt, dt+1)
-- input: read_actions (value: the raw line, source_file, folder_date)
-- params: :raw_max_chars, :max_lead_hours, :max_lateness_days, :max_line_chars
-- A row is valid when quarantine_reason is null; the first rule that fails names the reason.
with parsed as (
  select
    value,
    source_file,
    folder_date,
    from_json(
      value,
      'event_id string, ts string, account_id string, user_id string, action string, alert_id string, dashboard_id string, query string, source string, _corrupt_record string',
      map('mode', 'PERMISSIVE', 'columnNameOfCorruptRecord', '_corrupt_record')
    ) as j
  from read_actions
),

typed as (
  select
    value,
    source_file,
    folder_date,
    j,
    case
      when j.ts rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'
        -- a 'Z' suffix (UTC, nearly every line) is cut and the rest read in the session's time
        -- zone, which the job fixes to UTC: for a zone suffix Spark resolves the zone row by row,
        -- compiling two regular expressions each time (3% of a run's CPU)
        then
          if(
            endswith(j.ts, 'Z') or endswith(j.ts, 'z'),
            cast(substring(j.ts, 1, length(j.ts) - 1) as timestamp),
            cast(j.ts as timestamp)
          )
    end as ts,
    -- from_json turns an object or array into its JSON text; an id, the
    -- action or the source given as one is a wrong type (a number stays its text, e.g. 42 -> '42').
    -- concat_ws skips the nulls: '' when every field is fine (a lambda such as filter() would run
    -- uncompiled, row by row; startswith compares bytes, where left(x, 1) would count characters)
    concat_ws(', ',
      case when startswith(ltrim(j.event_id), '{') or startswith(ltrim(j.event_id), '[') then 'event_id' end,
      case when startswith(ltrim(j.account_id), '{') or startswith(ltrim(j.account_id), '[') then 'account_id' end,
      case when startswith(ltrim(j.user_id), '{') or startswith(ltrim(j.user_id), '[') then 'user_id' end,
      case when startswith(ltrim(j.action), '{') or startswith(ltrim(j.action), '[') then 'action' end,
      case when startswith(ltrim(j.alert_id), '{') or startswith(ltrim(j.alert_id), '[') then 'alert_id' end,
      case when startswith(ltrim(j.dashboard_id), '{') or startswith(ltrim(j.dashboard_id), '[') then 'dashboard_id' end,
      case when startswith(ltrim(j.source), '{') or startswith(ltrim(j.source), '[') then 'source' end
    ) as wrong_type_fields
  from parsed
),

checked as (
  select
    *,
    case
      when value is null or trim(value) = '' then 'empty line'
      -- a huge line is refused before its text reaches labels and reasons
      -- (bytes first: a line of few bytes has no more chars, and counting chars reads the line)
      when octet_length(value) > :max_line_chars and length(value) > :max_line_chars
        then concat('line too long: ', length(value), ' chars (limit ', :max_line_chars, ')')
      when j is null or j._corrupt_record is not null or not startswith(ltrim(value), '{')
        then 'not valid JSON'
      when wrong_type_fields <> ''
        then concat('wrong type: ', wrong_type_fields, ' must be a string')
      when nullif(trim(j.event_id), '') is null then 'missing required field: event_id'
      when nullif(trim(j.ts), '') is null then 'missing required field: ts'
      when nullif(trim(j.account_id), '') is null then 'missing required field: account_id'
      when nullif(trim(j.action), '') is null then 'missing required field: action'
      when ts is null then concat('unparseable ts: ', left(j.ts, 80))
      when nullif(trim(j.user_id), '') is null and j.action <> 'alert_fired'
        then concat('missing required field: user_id on ', left(j.action, 40))
      when j.action in ('alert_fired', 'alert_opened', 'alert_resolved') and nullif(trim(j.alert_id), '') is null
        then concat('missing alert_id on ', j.action)
      when j.action = 'dashboard_viewed' and nullif(trim(j.dashboard_id), '') is null
        then 'missing dashboard_id on dashboard_viewed'
      when j.action = 'query_run' and nullif(trim(j.query), '') is null
        then 'missing query on query_run'
      when ts > cast(date_add(folder_date, 1) as timestamp) + make_dt_interval(0, :max_lead_hours, 0, 0)
        then concat('ts in the future: ', j.ts, ' in the folder of ', cast(folder_date as string))
      when ts < cast(date_sub(folder_date, :max_lateness_days) as timestamp)
        then concat('ts too old: ', j.ts, ' in the folder of ', cast(folder_date as string))
    end as quarantine_reason
  from typed
),

final as (
  select
    case
      when octet_length(value) <= :raw_max_chars then value else left(value, :raw_max_chars)
    end as raw,
    source_file,
    folder_date,
    quarantine_reason,
    trim(j.event_id) as event_id,
    ts,
    trim(j.account_id) as account_id,
    nullif(trim(j.user_id), '') as user_id,
    lower(trim(j.action)) as action,
    nullif(trim(j.alert_id), '') as alert_id,
    nullif(trim(j.dashboard_id), '') as dashboard_id,
    j.query as query,
    case when lower(trim(j.source)) = 'recommendation' then 'recommendation' else 'organic' end as source
  from checked
)

select * from final
