-- grain: one row per action that belongs to an investigation (its opening included)
-- input: identify_items; params: :idle_gap_s, :max_duration_s, :user_key_mask (-1: all 64 bits;
-- tests narrow it to make users collide)
-- An alert_opened starts an investigation; the user's following actions belong to it until the
-- first of: that user's alert_resolved of the same alert (included), the user's next
-- alert_opened, a gap of more than :idle_gap_s, or :max_duration_s after the start.
-- An investigation is (user_key, account_id, user_id, inv_no): inv_no counts the user's openings
-- so far. One shuffle and one sort per user timeline: every window below shares partition
-- (user_key) and order (ts_us, event_id), so they run on the sorted timeline without sorting
-- again. The totals of each investigation (its stop, size, flags) are aggregates of these rows,
-- in the steps that read them. user_key is a 64-bit hash of the user: partitioned by it alone,
-- two rows of one timeline compare as two longs (the time decides), where comparing the account
-- and user ids first cost a third of the sort. Two users whose keys collide would share a
-- timeline: a row after the timeline's first opening that follows another user's row stops the
-- run with an error naming both users (about 3 in 10^8 a day at a million users a day). Rows
-- before any opening belong to no investigation, so a mix there changes nothing.
-- The ids are hashed later, once per investigation and item, not once per action. The output is
-- cached: it keeps only the columns the investigations and their items read.
with user_actions as (
  select
    xxhash64(account_id, user_id) & :user_key_mask as user_key,
    account_id,
    user_id,
    event_id,
    unix_micros(ts) as ts_us,
    action,
    action = 'alert_opened' as is_open,
    alert_id,
    item_type,
    item_id,
    item_text,
    source
  from identify_items
  where user_id is not null
),

timeline as (
  -- the running values carry the latest opening forward: the investigation each action would
  -- belong to (inv_no 0: before the user's first opening of the input)
  select
    *,
    row_number() over user_timeline as pos,
    lag(ts_us) over user_timeline as prev_ts_us,
    lag(account_id) over user_timeline as prev_account_id,
    lag(user_id) over user_timeline as prev_user_id,
    lead(ts_us) over user_timeline as next_ts_us,
    count(if(is_open, 1, null)) over user_so_far as inv_no,
    max(if(is_open, ts_us, null)) over user_so_far as started_us,
    last(if(is_open, alert_id, null), true) over user_so_far as investigated_alert_id,
    last(if(is_open, event_id, null), true) over user_so_far as open_event_id
  from user_actions
  window
    user_timeline as (partition by user_key order by ts_us, event_id),
    user_so_far as (
      partition by user_key order by ts_us, event_id
      rows between unbounded preceding and current row
    )
),

flagged as (
  select
    *,
    case
      when prev_account_id != account_id or prev_user_id != user_id then raise_error(concat(
        'two users share the 64-bit user key ', user_key, ': user ',
        user_hash(prev_account_id, prev_user_id), ' of account ', prev_account_id, ' and user ',
        user_hash(account_id, user_id), ' of account ', account_id))
      else not is_open and (
        ts_us - prev_ts_us > :idle_gap_s * 1000000L
        or ts_us - started_us > :max_duration_s * 1000000L
      )
    end as is_break,
    not is_open and action = 'alert_resolved' and alert_id = investigated_alert_id as is_resolve
  from timeline
  where inv_no > 0
),

cut as (
  -- a break ends its investigation before the breaking action, a resolve after the resolving
  -- one: an action is a member while no break of its investigation came up to it and no resolve
  -- came before it (inv_no only grows, so the latest break's inv_no equals the action's own only
  -- when that break is in the same investigation)
  select
    *,
    max(if(is_break, inv_no, null)) over (
      partition by user_key order by ts_us, event_id
      rows between unbounded preceding and current row
    ) as last_break_inv_no,
    max(if(is_resolve, inv_no, null)) over (
      partition by user_key order by ts_us, event_id
      rows between unbounded preceding and 1 preceding
    ) as last_resolve_inv_no
  from flagged
),

members as (
  select *
  from cut
  where coalesce(last_break_inv_no, 0) < inv_no
    and coalesce(last_resolve_inv_no, 0) < inv_no
),

final as (
  select
    user_key,
    account_id,
    user_id,
    inv_no,
    investigated_alert_id,
    open_event_id,
    started_us,
    pos,
    ts_us,
    next_ts_us,
    is_open,
    is_resolve,
    item_type,
    item_id,
    item_text,
    source
  from members
)

select * from final
