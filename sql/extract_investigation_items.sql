-- grain: one row per (investigation, item) the investigation used
-- input: sessionize_investigations; params: :proximity_tau_s;
-- functions: investigation_id (InvestigationId), user_hash (UserHash, keyed outside the plan)
-- proximity is 1 for an item used right at the stop and decays with the time between its last
-- use and the stop: the items people end on are the ones that answered the question.
with stops as (
  select
    user_key, account_id, user_id, inv_no, max(ts_us) as stopped_us, bool_or(is_resolve) as resolved
  from sessionize_investigations
  group by user_key, account_id, user_id, inv_no
),

uses as (
  select * from sessionize_investigations where item_id is not null and not is_open
),

per_item as (
  -- grouped by the key the members are partitioned by (user_key) and the user ids, so the
  -- aggregation needs no shuffle; the ids are hashed per (investigation, item) below
  select
    user_key,
    account_id,
    user_id,
    inv_no,
    investigated_alert_id as alert_id,
    open_event_id,
    item_type,
    item_id,
    count(*) as n_uses,
    max(ts_us) as last_used_us,
    max(started_us) as started_us,
    bool_or(source = 'recommendation') as via_recommendation,
    min(item_text) as item_text
  from uses
  group by
    user_key, account_id, user_id, inv_no, investigated_alert_id, open_event_id, item_type, item_id
),

with_stop as (
  select
    i.*,
    s.stopped_us,
    s.resolved,
    -- 3 for the item(s) used last before the stop, 2 for those just before, 1 for earlier ones;
    -- ordered within the investigation's items of the same type
    cast(
      greatest(
        4 - dense_rank() over (
          partition by i.user_key, i.account_id, i.user_id, i.inv_no, i.item_type
          order by i.last_used_us desc
        ),
        1
      ) as int
    ) as grade
  from per_item as i
  join stops as s using (user_key, account_id, user_id, inv_no)
),

final as (
  select
    account_id,
    alert_id,
    investigation_id(account_id, open_event_id) as investigation_id,
    user_hash(account_id, user_id) as user_hash,
    item_type,
    item_id,
    item_text,
    n_uses,
    via_recommendation,
    resolved,
    grade,
    (stopped_us - last_used_us) / 1e6 as s_before_stop,
    exp(-((stopped_us - last_used_us) / 1e6) / :proximity_tau_s) as proximity,
    (stopped_us - started_us) / 1e6 as duration_s,
    to_date(timestamp_micros(started_us)) as started_on
  from with_stop
)

select * from final
