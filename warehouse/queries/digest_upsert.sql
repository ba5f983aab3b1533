-- Record one digest day. Attempts add up across runs; sent_at keeps the last successful send.
INSERT INTO digests (digest_date, status, recipients, message_id, subject, items, rendered_at, sent_at,
                     send_attempts, error, message)
VALUES ($day, $status, $recipients, $message_id, $subject, $items, $rendered_at, $sent_at, $attempts, $error,
        $message)
ON CONFLICT (digest_date) DO UPDATE SET
    status = excluded.status,
    recipients = excluded.recipients,
    message_id = excluded.message_id,
    subject = excluded.subject,
    items = excluded.items,
    rendered_at = excluded.rendered_at,
    sent_at = coalesce(excluded.sent_at, digests.sent_at),
    send_attempts = digests.send_attempts + excluded.send_attempts,
    error = excluded.error,
    message = excluded.message;
