/**
 * Functions PostgreSQL runs for the store, each created by a migration (migrations.ts) and
 * called as one statement: where a write needs several statements under a lock, a function
 * does them in one round trip (each statement of a function reads afresh under READ COMMITTED).
 */

/** Creates user keys under their owners' limits, notifying for each inserted (key-queries.ts, insertUserKeysInOneStatement). */
export const INSERT_USER_KEYS = `
  CREATE OR REPLACE FUNCTION latchkey_insert_user_keys(
    p_ids TEXT[], p_app_ids TEXT[], p_user_ids TEXT[], p_names TEXT[], p_secret_hashes BYTEA[], p_disabled BOOLEAN[],
    p_created_at BIGINT[], p_expires_at BIGINT[], p_scopes TEXT[], p_limits INTEGER[], p_channel TEXT, p_changes TEXT[]
  ) RETURNS TEXT[] LANGUAGE plpgsql VOLATILE AS $$
  DECLARE
    outcomes TEXT[] := '{}';
  BEGIN
    FOR i IN 1 .. coalesce(array_length(p_ids, 1), 0) LOOP
      PERFORM 1 FROM users WHERE id = p_user_ids[i] FOR NO KEY UPDATE;
      IF (SELECT COUNT(*) FROM api_keys WHERE kind = 'user' AND user_id = p_user_ids[i]) >= p_limits[i] THEN
        outcomes := outcomes || 'limit'::TEXT;
        CONTINUE;
      END IF;
      BEGIN
        INSERT INTO api_keys (id, app_id, user_id, kind, name, secret_hash, disabled, created_at, expires_at, scopes)
          VALUES (p_ids[i], p_app_ids[i], p_user_ids[i], 'user', p_names[i], p_secret_hashes[i], p_disabled[i],
                  p_created_at[i], p_expires_at[i], p_scopes[i]);
        PERFORM pg_notify(p_channel, p_changes[i]);
        outcomes := outcomes || 'inserted'::TEXT;
      EXCEPTION WHEN unique_violation THEN
        outcomes := outcomes || 'duplicate'::TEXT;
      END;
    END LOOP;
    RETURN outcomes;
  END
  $$;
`;
