import type { Migration } from '../migrations';

/**
 * Store migration 4: `append_events` can report a wrong expected version as a row instead of
 * raising it (p_report). A writer that decides inside a larger transaction (the decider in a
 * consumer's batch) then needs no savepoint around each append — two round trips fewer per
 * decision — and reads the stream again itself. Callers with nine arguments keep raising.
 */
export const APPEND_REPORTS_WRONG_VERSION: Migration = {
  version: 4,
  name: 'append_events reports a wrong expected version on request',
  sql: `
    drop function {s}.append_events(text, integer, text, uuid[], text[], integer[], jsonb[], jsonb[], timestamptz[]);
    create function {s}.append_events(
      p_stream text, p_expected integer, p_key text,
      p_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[], p_occurred timestamptz[],
      p_report boolean default false
    ) returns table (out_stream_id text, out_global_position bigint, out_stream_position integer, out_duplicate boolean)
    language plpgsql as $fn$
    declare
      v_actual integer;
      v_prior {s}.idempotency_keys%rowtype;
      v_tid xid8;
    begin
      perform pg_advisory_xact_lock_shared(hashtext('{name}'), hashtext('appending'));
      perform pg_advisory_xact_lock(hashtextextended('{name}:' || p_stream, 0));
      if p_key is not null then
        select * into v_prior from {s}.idempotency_keys where key = p_key;
        if found then
          return query
            select v_prior.stream_id, u.g, (v_prior.first_stream_position + u.o - 1)::integer, true
            from unnest(v_prior.global_positions) with ordinality as u(g, o);
          return;
        end if;
      end if;
      select coalesce(max(stream_position), 0) into v_actual from {s}.events where stream_id = p_stream;
      if p_expected is not null and ((p_expected = -1 and v_actual <> 0) or (p_expected >= 0 and p_expected <> v_actual)) then
        if p_report then
          -- No global position: nothing appended; the stream position is the actual version.
          return query select p_stream, null::bigint, v_actual, false;
          return;
        end if;
        raise exception 'wrong expected version' using errcode = 'NE001', detail = v_actual::text;
      end if;
      select greatest(pg_current_xact_id(), (pg_snapshot_xmax(pg_current_snapshot())::text::numeric - 1)::text::xid8) into v_tid;
      return query
        insert into {s}.events as e (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at, transaction_id)
        select t.id, p_stream, v_actual + t.ord::integer, t.type, t.version, t.data, t.metadata, t.occurred_at, v_tid
        from unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_occurred) with ordinality
          as t(id, type, version, data, metadata, occurred_at, ord)
        order by t.ord
        returning e.stream_id, e.global_position, e.stream_position, false;
      if p_key is not null then
        insert into {s}.idempotency_keys (key, stream_id, first_stream_position, last_stream_position, global_positions)
        select p_key, p_stream, v_actual + 1, max(stream_position), array_agg(global_position order by stream_position)
        from {s}.events where stream_id = p_stream and stream_position > v_actual;
      end if;
    end
    $fn$;
  `,
};
