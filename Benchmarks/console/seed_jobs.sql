-- 1,000,000 jobs as a busy issuer's table holds them between prunes: 97 % completed over the last 3 days,
-- the rest due, waiting to retry, dead letters by reason, waiting for consent and cancelled. Arguments name
-- credentials and users as the engine's do.
INSERT INTO jobs (kind, args, state, attempt, max_attempts, scheduled_at, attempted_at, created_at, finalized_at, dead_reason, errors)
SELECT CASE WHEN i % 5 = 0 THEN 'create_user' WHEN i % 97 = 0 THEN 'edit_public_notes' ELSE 'deliver_credential' END,
       CASE WHEN i % 5 = 0 THEN jsonb_build_object('userId', upper(gen_random_uuid()::text))
            ELSE jsonb_build_object('credentialId', upper(gen_random_uuid()::text)) END,
       s.state,
       CASE WHEN s.state IN ('retryable', 'discarded') THEN 3 ELSE 1 END,
       25,
       now() - (i % 259200) * interval '1 second' + CASE WHEN s.state = 'retryable' THEN interval '10 minutes' ELSE interval '0' END,
       now() - (i % 259200) * interval '1 second',
       now() - (i % 259200) * interval '1 second' - interval '2 seconds',
       CASE WHEN s.state IN ('completed', 'discarded', 'needs_consent', 'cancelled') THEN now() - (i % 259200) * interval '1 second' END,
       CASE WHEN s.state = 'discarded' THEN (ARRAY['transient_exhausted', 'rejected_by_node', 'key_mismatch', 'poison'])[1 + (i / 200) % 4] END,
       CASE WHEN s.state IN ('retryable', 'discarded')
            THEN jsonb_build_array(jsonb_build_object('attempt', 1, 'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                                      'error', 'node answered 503')) ELSE '[]'::jsonb END
FROM generate_series(1, 1000000) AS i,
     LATERAL (SELECT CASE WHEN i % 100 < 97 THEN 'completed' WHEN i % 100 = 97 THEN 'available'
                          WHEN i % 100 = 98 THEN (ARRAY['retryable', 'discarded'])[1 + (i / 100) % 2]
                          ELSE (ARRAY['needs_consent', 'cancelled'])[1 + (i / 100) % 2] END AS state) AS s;

-- One user with a creation job among them, for the user page.
INSERT INTO providers (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'bench');
INSERT INTO users (id, provider_id, recipient_encryption_public_key, encryption_password_store, status, confirmed_at)
VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'bench', 'user', 'created', now());
INSERT INTO jobs (kind, args, state, attempt, finalized_at)
VALUES ('create_user', '{"userId": "00000000-0000-4000-8000-000000000002"}', 'completed', 1, now());
