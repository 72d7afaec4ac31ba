//! The generated crate's backoff and `Retry-After` rules, as pure functions:
//! the template is compiled here on its own (it uses only `std`).

#[path = "../templates/retry.rs"]
mod retry;

use retry::{parse_retry_after, random, retryable_status, RetryPolicy};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[test]
fn backoff_stays_within_the_doubling_ceiling_and_the_cap() {
    let policy = RetryPolicy::default();
    for retry in 1..=10u32 {
        let ceiling =
            (Duration::from_millis(500) * 2u32.pow(retry - 1)).min(Duration::from_secs(8));
        for _ in 0..200 {
            let d = policy.backoff(retry, random());
            assert!(d <= ceiling, "retry {retry}: {d:?} > {ceiling:?}");
        }
        assert_eq!(
            policy.backoff(
                retry,
                u64::MAX - (u64::MAX % (ceiling.as_nanos() as u64 + 1)) - 1
            ),
            ceiling
        );
        assert_eq!(policy.backoff(retry, 0), Duration::ZERO);
    }
    // Huge retry numbers do not overflow.
    assert!(policy.backoff(u32::MAX, u64::MAX) <= Duration::from_secs(8));
}

#[test]
fn none_turns_retries_off() {
    assert_eq!(RetryPolicy::none().max_retries, 0);
    assert_eq!(
        RetryPolicy::none().base_delay,
        RetryPolicy::default().base_delay
    );
}

#[test]
fn jitter_covers_the_range() {
    let policy = RetryPolicy::default();
    let samples: Vec<Duration> = (0..2000).map(|_| policy.backoff(3, random())).collect();
    let (lo, hi) = (samples.iter().min().unwrap(), samples.iter().max().unwrap());
    assert!(*lo < Duration::from_millis(200), "{lo:?}");
    assert!(*hi > Duration::from_millis(1800), "{hi:?}");
}

#[test]
fn retry_after_wins_over_backoff_and_is_capped() {
    let policy = RetryPolicy::default();
    assert_eq!(
        policy.delay(1, Some(Duration::from_secs(3)), 0),
        Duration::from_secs(3)
    );
    assert_eq!(
        policy.delay(1, Some(Duration::from_secs(3600)), 0),
        Duration::from_secs(60)
    );
    assert_eq!(policy.delay(1, None, 0), Duration::ZERO);
}

#[test]
fn retry_after_parses_seconds_and_http_dates() {
    // 1994-11-06T08:49:37Z
    let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
    let now = at - Duration::from_secs(30);
    assert_eq!(
        parse_retry_after("120", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
    for date in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        assert_eq!(
            parse_retry_after(date, now),
            Some(Duration::from_secs(30)),
            "{date}"
        );
    }
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at + Duration::from_secs(5)),
        Some(Duration::ZERO)
    );
    for bad in [
        "",
        "soon",
        "-1",
        "1.5",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
    ] {
        assert_eq!(parse_retry_after(bad, SystemTime::now()), None, "{bad:?}");
    }
}

#[test]
fn which_statuses_are_retried() {
    for status in [408, 429, 502, 503, 504] {
        assert!(retryable_status(status, false), "{status}");
        assert!(retryable_status(status, true), "{status}");
    }
    assert!(!retryable_status(500, false), "not for POST/PATCH");
    assert!(retryable_status(500, true));
    for status in [200, 201, 400, 401, 402, 404, 409, 422, 501, 505] {
        assert!(!retryable_status(status, true), "{status}");
    }
}

#[test]
fn no_input_can_make_the_rules_panic() {
    // Years far outside the calendar, and policies at the limits.
    for date in [
        "Sun, 06 Nov 999999999999 08:49:37 GMT",
        "Sun, 06 Nov -5 08:49:37 GMT",
        "Sun, 06 Nov 1969 08:49:37 GMT",
        "Sunday, 06-Nov-99999999999 08:49:37 GMT",
        "Sun Nov  6 08:49:37 99999999999999999999",
        "Sun, 06 Nov 1994 99:99:99 GMT",
        "18446744073709551616",
    ] {
        let _ = parse_retry_after(date, SystemTime::now());
    }
    let extreme = RetryPolicy {
        max_retries: u32::MAX,
        base_delay: Duration::MAX,
        max_delay: Duration::MAX,
        max_retry_after: Duration::MAX,
    };
    for retry in [0, 1, 2, 63, 64, u32::MAX] {
        for random in [0, 1, u64::MAX] {
            let _ = extreme.backoff(retry, random);
            let _ = extreme.delay(retry, Some(Duration::MAX), random);
        }
    }
    let zero = RetryPolicy {
        base_delay: Duration::ZERO,
        ..RetryPolicy::default()
    };
    assert_eq!(zero.backoff(5, u64::MAX), Duration::ZERO);
}
